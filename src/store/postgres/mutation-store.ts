// The API's writes on PostgreSQL (the createPaper, upsertPaper, ... mutations), each one
// transaction holding the checks the write stands on and the write itself, as on SQLite
// (../sqlite/mutation-store.ts). Refusals come back as values (../mutation-types.ts); a unique
// external id taken by another row is told from PostgreSQL's unique_violation here, by the
// constraint's name. Several nodes write at once: a transaction that meets a deadlock or a
// serialization failure is rolled back by the server and run again whole.
import { inTransaction, type PgDb, type Queryable } from './db';
import { authorRefs, createPaper, deletePaper, lookUpPapers, paperForUpdate, rewritePaper, updateCitationCounts, upsertPaper } from './api-paper-writes';
import { createAuthor, deleteAuthor, lockAuthors, lockPapersOf, mergeAuthors, updateAuthor } from './author-writes';
import type { CitationCountItem, CitationCountsOutcome, DuplicateExternalId, MutationStore } from '../mutation-types';

const ATTEMPTS = 5;

function code(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** One transaction, run again after a deadlock (40P01) or a serialization failure (40001). */
async function write<T>(db: PgDb, work: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, work);
    } catch (error) {
      if (attempt < ATTEMPTS && (code(error) === '40P01' || code(error) === '40001')) continue;
      throw error;
    }
  }
}

/** A write whose unique_violation on `constraint` (an external id) becomes the typed outcome, after the rollback. */
async function refusingDuplicate<T>(
  constraint: 'papers_external_id_unique' | 'authors_external_id_unique',
  run: () => Promise<T>,
): Promise<T | DuplicateExternalId> {
  try {
    return await run();
  } catch (error) {
    if (code(error) === '23505' && (error as { constraint?: unknown }).constraint === constraint) return { kind: 'duplicate', field: 'externalId' };
    throw error;
  }
}

/**
 * Every item looked up, the refused ones too (the caller answers for each), and the counts written
 * only when every item names a stored paper and none is refused.
 */
async function writeOrRefuse(tx: Queryable, items: readonly CitationCountItem[], lock: boolean): Promise<CitationCountsOutcome> {
  const found = await lookUpPapers(tx, items, lock);
  const written = items.flatMap((item, i) => {
    const paperId = found[i];
    return paperId === undefined || item.refused ? [] : [{ paperId, citationCount: item.citationCount }];
  });
  if (written.length < items.length) return { kind: 'refused', found: found.map((paperId) => paperId !== undefined) };
  return { kind: 'updated', paperIds: written.map((w) => w.paperId), authorIds: await updateCitationCounts(tx, written) };
}

export function mutationStore(db: PgDb): MutationStore {
  return {
    createPaper: async (fields, authors) =>
      refusingDuplicate('papers_external_id_unique', () =>
        write(db, async (tx) => {
          const refs = await authorRefs(tx, authors);
          if (!Array.isArray(refs)) return refs;
          const { paperId, authorIds } = await createPaper(tx, fields, refs);
          return { kind: 'written' as const, paperId, created: true, authorIds };
        }),
      ),

    upsertPaper: async (fields, authors) =>
      refusingDuplicate('papers_external_id_unique', () =>
        write(db, async (tx) => {
          const upserted = await upsertPaper(tx, fields, authors);
          if ('kind' in upserted) return upserted;
          return { kind: 'written' as const, paperId: upserted.paperId, created: upserted.created, authorIds: upserted.touched };
        }),
      ),

    updatePaper: async (paperId, changes, authors) =>
      refusingDuplicate('papers_external_id_unique', () =>
        write(db, async (tx) => {
          const stored = await paperForUpdate(tx, { id: paperId });
          if (!stored) return { kind: 'no-such-paper' as const };
          const authorIds = await rewritePaper(tx, stored, changes, authors);
          return Array.isArray(authorIds) ? { kind: 'written' as const, paperId, created: false, authorIds } : authorIds;
        }),
      ),

    deletePaper: async (paperId) =>
      write(db, async (tx) => {
        const authorIds = await deletePaper(tx, paperId);
        return authorIds === undefined ? { kind: 'no-such-paper' as const } : { kind: 'deleted' as const, authorIds };
      }),

    // With an item refused, nothing will be written: no locks for the look-ups alone. They are
    // made on the primary all the same (a replica may not have a paper just written yet).
    updateCitationCounts: async (items) => {
      const refused = items.some((item) => item.refused);
      return write(db, (tx) => writeOrRefuse(tx, items, !refused));
    },

    createAuthor: async (name, externalId) =>
      refusingDuplicate('authors_external_id_unique', () =>
        write(db, async (tx) => ({ kind: 'created' as const, authorId: await createAuthor(tx, name, externalId) })),
      ),

    updateAuthor: async (authorId, changes) =>
      refusingDuplicate('authors_external_id_unique', () =>
        write(db, async (tx) => ((await updateAuthor(tx, authorId, changes)) ? { kind: 'updated' as const } : { kind: 'no-such-author' as const })),
      ),

    deleteAuthor: async (authorId, detach) =>
      write(db, async (tx) => {
        const result = await deleteAuthor(tx, authorId, detach);
        if (result === 'no-such-author') return { kind: 'no-such-author' as const };
        if (result === 'has-papers') return { kind: 'has-papers' as const };
        if ('soleAuthorOf' in result) return { kind: 'sole-author' as const, paperIds: result.soleAuthorOf };
        return { kind: 'deleted' as const, detachedPaperIds: result.detachedPaperIds };
      }),

    mergeAuthors: async (intoId, fromIds) =>
      write(db, async (tx) => {
        const named = fromIds.flatMap((fromId) => (fromId === null ? [] : [fromId]));
        const papersLocked = await lockPapersOf(tx, named);
        const present = await lockAuthors(tx, [intoId, ...named]);
        if (!present.has(intoId)) return { kind: 'no-such-author' as const, of: 'into' as const };
        // In the order given: the first missing entry is the one answered.
        const position = fromIds.findIndex((fromId) => fromId === null || !present.has(fromId));
        if (position >= 0) return { kind: 'no-such-author' as const, of: 'from' as const, position };
        const merged = [...new Set(named)];
        if (merged.includes(intoId)) return { kind: 'into-among-from' as const };
        await mergeAuthors(
          tx,
          intoId,
          merged.map((id) => present.get(id)!),
          papersLocked,
        );
        return { kind: 'merged' as const, fromIds: merged };
      }),
  };
}
