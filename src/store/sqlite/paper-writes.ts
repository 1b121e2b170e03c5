// Writes to papers, authors and authorships. Each is one immediate transaction that writes only
// what differs from the stored rows (src/domain/paper-diff) and refreshes the metrics of exactly
// the authors whose figures depend on it, so author_metrics never lags and a replayed record
// changes nothing, not even the metrics' asOf. A paper left without a supplied novelty gets a
// computed one (src/novelty/write-rules) before those metrics, so that the answer read after the
// write shows the score and its explanation.
import { eq, type SQL } from 'drizzle-orm';
import { type Db } from './client';
import { keyList, prepared } from './prepared';
import { type PaperFields } from './records';
import { authors, authorships, papers } from './schema';
import { changedPaperFields, changesAuthorMetrics, movedAuthors, sameAuthorList } from '../../domain/paper-diff';
import { authorKey } from '../../domain/text';
import { refreshAuthorMetrics } from './author-metrics';
import { scoreWrittenPapers } from './novelty/incremental';
import { planNoveltyForUpdate } from './novelty/write-rules';

/** An entry of an author list: an existing author's id, or a name (see resolveAuthorList). */
export type AuthorRef = number | { name: string };

type StoredPaper = typeof papers.$inferSelect;

interface ListedAuthor {
  id: number;
  name: string;
}

// One transaction per write. A call inside another write, or inside the resolver's transaction
// that checks the input, joins it: a savepoint would cost two statements and undo nothing more,
// since an error leaves the whole write anyway.
export function inWriteTransaction<T>(db: Db, work: () => T): T {
  return db.sqlite.inTransaction ? work() : db.sqlite.transaction(work).immediate();
}

const AUTHOR_LIST = 'SELECT a.id AS id, a.name AS name FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = ? ORDER BY s.position';

function authorsOf(db: Db, paperId: number): ListedAuthor[] {
  return prepared(db.sqlite, AUTHOR_LIST).all(paperId) as ListedAuthor[];
}

/** An author created on purpose (createAuthor): kept when they have no paper. */
export function insertAuthor(db: Db, name: string, externalId: string | null = null): number {
  return inWriteTransaction(db, () => {
    const [{ id }] = db.orm.insert(authors).values({ name, externalId, keptWithoutPapers: true }).returning({ id: authors.id }).all();
    refreshAuthorMetrics(db.sqlite, [id]);
    return id;
  });
}

/**
 * Ids for an author list. A name is the author at the same position of the paper's stored list
 * when the two names agree as authorKey says: a source sending its record again names the same
 * people. Any other name is a new author, who goes with their last paper (dropAuthorsWithoutPapers);
 * so is a name matching an author the list also gives by id.
 */
function resolveAuthorList(db: Db, stored: readonly ListedAuthor[], refs: readonly AuthorRef[]): number[] {
  const byId = new Set(refs.filter((ref) => typeof ref === 'number'));
  return refs.map((ref, i) => {
    if (typeof ref === 'number') return ref;
    const there = stored[i];
    if (there && !byId.has(there.id) && authorKey(there.name) === authorKey(ref.name)) return there.id;
    return db.orm.insert(authors).values({ name: ref.name }).returning({ id: authors.id }).all()[0].id;
  });
}

function link(db: Db, paperId: number, authorIds: readonly number[]): void {
  if (authorIds.length === 0) return;
  db.orm
    .insert(authorships)
    .values(authorIds.map((authorId, i) => ({ paperId, authorId, position: i + 1 })))
    .run();
}

// No write leaves behind an author nobody asked to keep: one a paper write made by name goes
// when no paper names them any more (authors.kept_without_papers). Their metrics row cascades.
const DROP_WITHOUT_PAPERS = `DELETE FROM authors WHERE id IN (SELECT value FROM json_each(?)) AND kept_without_papers = 0
  AND NOT EXISTS (SELECT 1 FROM authorships s WHERE s.author_id = authors.id) RETURNING id`;

/** Of these authors, drops those with no paper left; returns the others. */
function dropAuthorsWithoutPapers(db: Db, authorIds: readonly number[]): number[] {
  if (authorIds.length === 0) return [];
  const gone = new Set(prepared(db.sqlite, DROP_WITHOUT_PAPERS).pluck().all(keyList(authorIds)) as number[]);
  return authorIds.filter((id) => !gone.has(id));
}

/** A paper with its authors in author-list order. */
export function insertPaper(db: Db, fields: PaperFields, authorIds: readonly number[]): number {
  return inWriteTransaction(db, () => {
    const [{ id }] = db.orm.insert(papers).values(fields).returning({ id: papers.id }).all();
    link(db, id, authorIds);
    if (fields.novelty == null) scoreWrittenPapers(db.sqlite, [id]);
    refreshAuthorMetrics(db.sqlite, authorIds);
    return id;
  });
}

/** A new paper; names in its author list are new authors. */
export function createPaper(db: Db, fields: PaperFields, refs: readonly AuthorRef[]): { paperId: number; authorIds: number[] } {
  return inWriteTransaction(db, () => {
    const authorIds = resolveAuthorList(db, [], refs);
    return { paperId: insertPaper(db, fields, authorIds), authorIds };
  });
}

/**
 * Writes what differs from the stored paper, and the author list when given and different. The
 * metrics refreshed are those that can move: every author's for a change of what they are
 * computed from (citations, novelty, ...), the added and removed authors' for a new list, none
 * for a replay. Returns the refreshed authors that still exist.
 */
function rewritePaper(db: Db, stored: StoredPaper, incoming: Partial<PaperFields>, refs: readonly AuthorRef[] | null): number[] {
  const listed = authorsOf(db, stored.id);
  const before = listed.map((a) => a.id);
  const after = refs ? resolveAuthorList(db, listed, refs) : before;
  const changed = changedPaperFields(stored, incoming);
  // The novelty rules read the stored row: only worth a statement when something differs.
  const plan = Object.keys(changed).length > 0 ? planNoveltyForUpdate(db.sqlite, stored.id, changed) : { changes: changed, rescore: false };
  if (Object.keys(plan.changes).length > 0) db.orm.update(papers).set(plan.changes).where(eq(papers.id, stored.id)).run();
  if (plan.rescore) scoreWrittenPapers(db.sqlite, [stored.id]);
  const { added, removed } = movedAuthors(before, after);
  if (!sameAuthorList(before, after)) {
    db.orm.delete(authorships).where(eq(authorships.paperId, stored.id)).run();
    link(db, stored.id, after);
  }
  const kept = dropAuthorsWithoutPapers(db, removed);
  const touched = plan.rescore || changesAuthorMetrics(plan.changes) ? [...new Set([...after, ...kept])] : [...added, ...kept];
  refreshAuthorMetrics(db.sqlite, touched);
  return touched;
}

function storedPaper(db: Db, where: SQL): StoredPaper | undefined {
  return db.orm.select().from(papers).where(where).get();
}

// Each write below returns the authors it touched (and refreshed), so that callers can answer
// with them without reading the authorships again.

/** The fields given, and the author list when given; null when there is no such paper. */
export function updatePaper(db: Db, paperId: number, changes: Partial<PaperFields>, refs: readonly AuthorRef[] | null = null): number[] | null {
  return inWriteTransaction(db, () => {
    const stored = storedPaper(db, eq(papers.id, paperId));
    return stored ? rewritePaper(db, stored, changes, refs) : null;
  });
}

/** Touches the authors added and removed. */
export function replacePaperAuthors(db: Db, paperId: number, authorIds: readonly number[]): number[] {
  return updatePaper(db, paperId, {}, authorIds) ?? [];
}

/** Touches the former authors that remain. */
export function deletePaper(db: Db, paperId: number): number[] {
  return inWriteTransaction(db, () => {
    const before = authorsOf(db, paperId).map((a) => a.id);
    db.orm.delete(papers).where(eq(papers.id, paperId)).run();
    const kept = dropAuthorsWithoutPapers(db, before);
    refreshAuthorMetrics(db.sqlite, kept);
    return kept;
  });
}

export interface UpsertResult {
  paperId: number;
  created: boolean;
  touched: number[];
}

/** One paper per external id: an ingest script can send the same record again and change nothing. */
export function upsertPaper(db: Db, fields: PaperFields & { externalId: string }, refs: readonly AuthorRef[]): UpsertResult {
  return inWriteTransaction(db, () => {
    const stored = storedPaper(db, eq(papers.externalId, fields.externalId));
    if (!stored) {
      const { paperId, authorIds } = createPaper(db, fields, refs);
      return { paperId, created: true, touched: authorIds };
    }
    return { paperId: stored.id, created: false, touched: rewritePaper(db, stored, fields, refs) };
  });
}

/** The daily refresh of counts: all or nothing, one metrics refresh for every touched author. */
export function updateCitationCounts(db: Db, items: readonly { paperId: number; citationCount: number }[]): number[] {
  return inWriteTransaction(db, () => {
    const set = db.sqlite.prepare('UPDATE papers SET citation_count = ? WHERE id = ?');
    for (const item of items) set.run(item.citationCount, item.paperId);
    const touched = db.sqlite
      .prepare('SELECT DISTINCT author_id FROM authorships WHERE paper_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(items.map((i) => i.paperId))) as number[];
    refreshAuthorMetrics(db.sqlite, touched);
    return touched;
  });
}
