// The API's writes (the createPaper, upsertPaper, ... mutations), each one transaction
// (inWriteTransaction) holding the checks the write stands on and the write itself, so that what
// was checked is what is written. Refusals come back as values (../mutation-types.ts); a unique
// external id taken by another row is told from SQLite's constraint error here, the one place
// that knows the engine's errors.
import { type Db } from './client';
import { keyList, prepared } from './prepared';
import { deleteAuthor, mergeAuthors, updateAuthor } from './author-writes';
import { type AuthorRef, createPaper, deletePaper, insertAuthor, inWriteTransaction, updateCitationCounts, updatePaper, upsertPaper } from './paper-writes';
import {
  type AuthorListEntry,
  type CitationCountsOutcome,
  type DuplicateExternalId,
  type MissingAuthors,
  type MutationStore,
  type PaperLookup,
} from '../mutation-types';

const EXISTING_AUTHORS = 'SELECT id FROM authors WHERE id IN (SELECT value FROM json_each(?))';
const PAPER_EXISTS = 'SELECT 1 FROM papers WHERE id = ?';
const AUTHOR_EXISTS = 'SELECT 1 FROM authors WHERE id = ?';
const PAPER_BY_EXTERNAL_ID = 'SELECT id FROM papers WHERE external_id = ?';

/** The author list as the paper writes take it, or the entries naming no author (checked in one statement). */
function authorRefs(db: Db, entries: readonly AuthorListEntry[]): AuthorRef[] | MissingAuthors {
  const rowIds = entries.filter((entry): entry is number => typeof entry === 'number');
  const found = new Set(rowIds.length === 0 ? [] : (prepared(db.sqlite, EXISTING_AUTHORS).pluck().all(keyList(rowIds)) as number[]));
  const positions = entries.flatMap((entry, i) => (entry === null || (typeof entry === 'number' && !found.has(entry)) ? [i] : []));
  if (positions.length > 0) return { kind: 'missing-authors', positions };
  return entries.flatMap((entry) => (entry === null ? [] : [entry]));
}

function paperExists(db: Db, paperId: number): boolean {
  return prepared(db.sqlite, PAPER_EXISTS).get(paperId) !== undefined;
}

function authorExists(db: Db, authorId: number): boolean {
  return prepared(db.sqlite, AUTHOR_EXISTS).get(authorId) !== undefined;
}

function lookUp(db: Db, paper: PaperLookup | null): number | undefined {
  if (paper === null) return undefined;
  if ('externalId' in paper) return prepared(db.sqlite, PAPER_BY_EXTERNAL_ID).pluck().get(paper.externalId) as number | undefined;
  return paperExists(db, paper.id) ? paper.id : undefined;
}

/**
 * Runs a write; SQLite's refusal of a second row with the same external id (`column`, e.g.
 * papers.external_id) becomes the typed outcome, after the transaction has rolled back.
 * Duck-typed: under jest, better-sqlite3's errors come from another realm than the test's Error.
 */
function refusingDuplicate<T>(column: 'papers.external_id' | 'authors.external_id', write: () => T): T | DuplicateExternalId {
  try {
    return write();
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && String(message).includes(`: ${column}`)) return { kind: 'duplicate', field: 'externalId' };
    throw error;
  }
}

export function mutationStore(db: Db): MutationStore {
  return {
    createPaper: async (fields, authors) =>
      refusingDuplicate('papers.external_id', () =>
        inWriteTransaction(db, () => {
          const refs = authorRefs(db, authors);
          if (!Array.isArray(refs)) return refs;
          const { paperId, authorIds } = createPaper(db, fields, refs);
          return { kind: 'written' as const, paperId, created: true, authorIds };
        }),
      ),

    upsertPaper: async (fields, authors) =>
      refusingDuplicate('papers.external_id', () =>
        inWriteTransaction(db, () => {
          const refs = authorRefs(db, authors);
          if (!Array.isArray(refs)) return refs;
          const { paperId, created, touched } = upsertPaper(db, fields, refs);
          return { kind: 'written' as const, paperId, created, authorIds: touched };
        }),
      ),

    updatePaper: async (paperId, changes, authors) =>
      refusingDuplicate('papers.external_id', () =>
        inWriteTransaction(db, () => {
          if (!paperExists(db, paperId)) return { kind: 'no-such-paper' as const };
          const refs = authors === null ? null : authorRefs(db, authors);
          if (refs !== null && !Array.isArray(refs)) return refs;
          const authorIds = updatePaper(db, paperId, changes, refs) ?? [];
          return { kind: 'written' as const, paperId, created: false, authorIds };
        }),
      ),

    deletePaper: async (paperId) =>
      inWriteTransaction(db, () => {
        if (!paperExists(db, paperId)) return { kind: 'no-such-paper' as const };
        return { kind: 'deleted' as const, authorIds: deletePaper(db, paperId) };
      }),

    updateCitationCounts: async (items) => {
      const writeOrRefuse = (): CitationCountsOutcome => {
        // Every item looked up, the refused ones too: the caller answers for each.
        const found = items.map((item) => lookUp(db, item.paper));
        const written = items.flatMap((item, i) => {
          const paperId = found[i];
          return paperId === undefined || item.refused ? [] : [{ paperId, citationCount: item.citationCount }];
        });
        if (written.length < items.length) return { kind: 'refused', found: found.map((paperId) => paperId !== undefined) };
        return { kind: 'updated', paperIds: written.map((w) => w.paperId), authorIds: updateCitationCounts(db, written) };
      };
      // With an item refused, nothing will be written: no write transaction (and its lock) for the look-ups alone.
      return items.some((item) => item.refused) ? writeOrRefuse() : inWriteTransaction(db, writeOrRefuse);
    },

    createAuthor: async (name, externalId) =>
      refusingDuplicate('authors.external_id', () => ({ kind: 'created' as const, authorId: insertAuthor(db, name, externalId) })),

    updateAuthor: async (authorId, changes) =>
      refusingDuplicate('authors.external_id', () =>
        inWriteTransaction(db, () => {
          if (!authorExists(db, authorId)) return { kind: 'no-such-author' as const };
          updateAuthor(db, authorId, changes);
          return { kind: 'updated' as const };
        }),
      ),

    deleteAuthor: async (authorId, detach) =>
      inWriteTransaction(db, () => {
        if (!authorExists(db, authorId)) return { kind: 'no-such-author' as const };
        const result = deleteAuthor(db, authorId, detach);
        if (result === 'has-papers') return { kind: 'has-papers' as const };
        if ('soleAuthorOf' in result) return { kind: 'sole-author' as const, paperIds: result.soleAuthorOf };
        return { kind: 'deleted' as const, detachedPaperIds: result.detachedPaperIds };
      }),

    mergeAuthors: async (intoId, fromIds) =>
      inWriteTransaction(db, () => {
        if (!authorExists(db, intoId)) return { kind: 'no-such-author' as const, of: 'into' as const };
        // One check per entry, repeated ones too, in the order given: the first missing is the one answered.
        const position = fromIds.findIndex((fromId) => fromId === null || !authorExists(db, fromId));
        if (position >= 0) return { kind: 'no-such-author' as const, of: 'from' as const, position };
        const merged = [...new Set(fromIds.flatMap((fromId) => (fromId === null ? [] : [fromId])))];
        if (merged.includes(intoId)) return { kind: 'into-among-from' as const };
        mergeAuthors(db, intoId, merged);
        return { kind: 'merged' as const, fromIds: merged };
      }),
  };
}
