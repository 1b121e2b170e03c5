// The API's writes to papers on PostgreSQL (createPaper, upsertPaper, updatePaper, deletePaper,
// updateCitationCounts), each in the caller's transaction, with the API mode of SQLite's one
// write path (../sqlite/paper-writer.ts, PaperWriter): a name in an author list is the author at
// the same place of the stored list when authorKey agrees, else a new author; only what differs
// is written; a paper without a supplied novelty is scored; the metrics of exactly the authors
// whose figures can move are refreshed before the transaction ends.
//
// What PostgreSQL changes: other API nodes write at once, where SQLite has one writer. Every
// write locks what it stands on before it reads it, so that what was checked is what is written:
// first the papers it writes, then every author it links, drops or refreshes, each set in one
// statement and in id order, so that two writes never wait on each other in a cycle (the author
// writes of ./author-writes.ts take them in the same order). An upsert inserts ON CONFLICT
// (external_id) DO NOTHING when no paper has the id yet, so that two upserts of one new record
// give one paper.
import { planNoveltyUpdate, type NoveltyUpdatePlan } from '../novelty-write-rule';
import type { Queryable } from './db';
import { INSERT_PAPER, newPaperRow, STORED_PAPER_SELECT, WRITABLE_COLUMN } from './paper-columns';
import { refreshAuthorMetrics } from './paper-writes';
import { scoreWrittenPapers } from './novelty/incremental';
import { changedPaperFields, changesAuthorMetrics, movedAuthors, sameAuthorList } from '../../domain/paper-diff';
import { authorKey } from '../../domain/text';
import type { PaperFields, PaperRecord } from '../types';
import type { AuthorListEntry, CitationCountItem, MissingAuthors } from '../mutation-types';

/** An entry of an API author list once checked: an existing author's id, or a name. */
export type AuthorRef = number | { name: string };

/** A stored paper as read (locked), and whether its novelty is a computed one (paper_novelty agrees). */
export type StoredPaper = PaperRecord & { noveltyComputed: boolean };

interface ListedAuthor {
  id: number;
  name: string;
}

const PAPER_BY_ID = `${STORED_PAPER_SELECT} WHERE p.id = $1 FOR UPDATE OF p`;
const PAPER_BY_EXTERNAL_ID = `${STORED_PAPER_SELECT} WHERE p.external_id = $1 FOR UPDATE OF p`;
const AUTHOR_LIST = 'SELECT a.id, a.name FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = $1 ORDER BY s.position';
const LOCK_AUTHORS = 'SELECT id FROM authors WHERE id = ANY($1::int4[]) ORDER BY id FOR UPDATE';
// The identity hands out increasing ids in the order of the rows inserted: the list's order.
const INSERT_AUTHORS = 'INSERT INTO authors (name) SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS u(name, n) ORDER BY n RETURNING id';
const LINK = `INSERT INTO authorships (paper_id, author_id, position)
  SELECT $1, author_id, n::int4 FROM unnest($2::int4[]) WITH ORDINALITY AS u(author_id, n)`;
// No write leaves behind an author nobody asked to keep (authors.kept_without_papers).
const DROP_WITHOUT_PAPERS = `DELETE FROM authors WHERE id = ANY($1::int4[]) AND NOT kept_without_papers
  AND NOT EXISTS (SELECT 1 FROM authorships s WHERE s.author_id = authors.id) RETURNING id`;

/** Locks these authors (in id order) until the transaction ends; returns those that exist. */
export async function lockAuthorIds(tx: Queryable, authorIds: Iterable<number>): Promise<Set<number>> {
  const ids = [...new Set(authorIds)];
  if (ids.length === 0) return new Set();
  return new Set((await tx.query<{ id: number }>(LOCK_AUTHORS, [ids])).rows.map((r) => r.id));
}

/**
 * The author list as the writes take it, its authors locked so that none is deleted or merged
 * away before it is linked, together with `alsoLocked` (the stored list's authors, whom a rewrite
 * may drop or refresh): one statement. Or the entries naming no author.
 */
export async function authorRefs(
  tx: Queryable,
  entries: readonly AuthorListEntry[],
  alsoLocked: readonly number[] = [],
): Promise<AuthorRef[] | MissingAuthors> {
  const rowIds = entries.filter((entry): entry is number => typeof entry === 'number');
  const found = rowIds.length === 0 && alsoLocked.length === 0 ? new Set<number>() : await lockAuthorIds(tx, [...rowIds, ...alsoLocked]);
  const positions = entries.flatMap((entry, i) => (entry === null || (typeof entry === 'number' && !found.has(entry)) ? [i] : []));
  if (positions.length > 0) return { kind: 'missing-authors', positions };
  return entries.flatMap((entry) => (entry === null ? [] : [entry]));
}

/** The stored paper, locked for the rest of the transaction. */
export async function paperForUpdate(tx: Queryable, lookup: { id: number } | { externalId: string }): Promise<StoredPaper | undefined> {
  const { rows } =
    'id' in lookup ? await tx.query<StoredPaper>(PAPER_BY_ID, [lookup.id]) : await tx.query<StoredPaper>(PAPER_BY_EXTERNAL_ID, [lookup.externalId]);
  return rows[0];
}

/**
 * Ids for an API author list (SQLite's resolveByPosition): a name is the author at the same place
 * of the stored list when authorKey agrees and the list does not also give that author by id;
 * any other name is a new author, created here (one statement for all of them).
 */
async function resolveByPosition(tx: Queryable, stored: readonly ListedAuthor[], refs: readonly AuthorRef[]): Promise<number[]> {
  const byId = new Set(refs.filter((ref) => typeof ref === 'number'));
  const known = refs.map((ref, i) => {
    if (typeof ref === 'number') return ref;
    const there = stored[i];
    return there && !byId.has(there.id) && authorKey(there.name) === authorKey(ref.name) ? there.id : undefined;
  });
  const names = refs.flatMap((ref, i) => (known[i] === undefined && typeof ref !== 'number' ? [ref.name] : []));
  if (names.length === 0) return known as number[];
  const created = (await tx.query<{ id: number }>(INSERT_AUTHORS, [names])).rows.map((r) => r.id).sort((a, b) => a - b);
  let next = 0;
  return known.map((id) => id ?? created[next++]);
}

async function link(tx: Queryable, paperId: number, authorIds: readonly number[]): Promise<void> {
  if (authorIds.length > 0) await tx.query(LINK, [paperId, authorIds]);
}

/**
 * Of these authors, drops those with no paper left (unless kept on purpose); returns the dropped.
 * The caller has locked them in an earlier statement: a write that linked one of them before has
 * committed, and this statement's snapshot sees its authorship.
 */
async function dropWithoutPapers(tx: Queryable, authorIds: readonly number[]): Promise<Set<number>> {
  const ids = [...new Set(authorIds)];
  if (ids.length === 0) return new Set();
  return new Set((await tx.query<{ id: number }>(DROP_WITHOUT_PAPERS, [ids])).rows.map((r) => r.id));
}

/** The authors, names and all, of a paper's list in order. */
async function authorsOf(tx: Queryable, paperId: number): Promise<ListedAuthor[]> {
  return (await tx.query<ListedAuthor>(AUTHOR_LIST, [paperId])).rows;
}

/** A new paper's author list, novelty and metrics: names become new authors, the paper is scored unless its novelty is supplied. */
async function completeNewPaper(tx: Queryable, paperId: number, fields: PaperFields, refs: readonly AuthorRef[]): Promise<number[]> {
  const authorIds = await resolveByPosition(tx, [], refs);
  await link(tx, paperId, authorIds);
  if (fields.novelty == null) await scoreWrittenPapers(tx, [paperId]);
  await refreshAuthorMetrics(tx, authorIds);
  return authorIds;
}

/** A new paper with its author list. A taken external id raises PostgreSQL's unique_violation. */
export async function createPaper(tx: Queryable, fields: PaperFields, refs: readonly AuthorRef[]): Promise<{ paperId: number; authorIds: number[] }> {
  const { rows } = await tx.query<{ id: number }>(`${INSERT_PAPER} RETURNING id`, newPaperRow(fields));
  const paperId = rows[0].id;
  return { paperId, authorIds: await completeNewPaper(tx, paperId, fields, refs) };
}

// Another transaction inserted the paper between this one's look and its insert, then deleted it
// before this one locked it: inserted again.
const UPSERT_ATTEMPTS = 3;

/**
 * One paper per external id, race-free across nodes: the stored paper locked and rewritten, else
 * inserted ON CONFLICT (external_id) DO NOTHING; should another transaction insert it meanwhile
 * (the insert waits for it to commit), that paper is locked and rewritten. Looked up first: a
 * replay, the common case, writes nothing and takes no id from the papers' identity.
 */
export async function upsertPaper(
  tx: Queryable,
  fields: PaperFields & { externalId: string },
  entries: readonly AuthorListEntry[],
): Promise<{ paperId: number; created: boolean; touched: number[] } | MissingAuthors> {
  let stored = await paperForUpdate(tx, { externalId: fields.externalId });
  for (let attempt = 1; ; attempt++) {
    if (stored) {
      const touched = await rewritePaper(tx, stored, fields, entries);
      return Array.isArray(touched) ? { paperId: stored.id, created: false, touched } : touched;
    }
    const refs = await authorRefs(tx, entries);
    if (!Array.isArray(refs)) return refs;
    const { rows } = await tx.query<{ id: number }>(`${INSERT_PAPER} ON CONFLICT (external_id) DO NOTHING RETURNING id`, newPaperRow(fields));
    if (rows.length > 0) return { paperId: rows[0].id, created: true, touched: await completeNewPaper(tx, rows[0].id, fields, refs) };
    if (attempt === UPSERT_ATTEMPTS) throw new Error(`upsertPaper: the paper ${fields.externalId} kept being deleted while written`);
    stored = await paperForUpdate(tx, { externalId: fields.externalId });
  }
}

/** What an API write does to a paper's novelty (../novelty-write-rule.ts), over the stored row this transaction has locked and read already. */
function planNoveltyForUpdate(stored: StoredPaper, changes: Partial<PaperFields>): NoveltyUpdatePlan {
  return planNoveltyUpdate({ ...stored, computed: Boolean(stored.noveltyComputed) }, changes);
}

/** Writes these fields of a paper, one statement. */
async function updatePaperRow(tx: Queryable, paperId: number, changes: Partial<PaperFields>): Promise<void> {
  const keys = Object.keys(changes).filter((key) => WRITABLE_COLUMN.has(key)) as (keyof PaperFields)[];
  if (keys.length === 0) return;
  const sets = keys.map((key, i) => `${WRITABLE_COLUMN.get(key)} = $${i + 1}`).join(', ');
  await tx.query(`UPDATE papers SET ${sets} WHERE id = $${keys.length + 1}`, [...keys.map((key) => changes[key] ?? null), paperId]);
}

/**
 * An API write of a stored paper (locked by the caller): what differs of the fields given, and
 * the author list when given (checked here, refused as on SQLite) and different. The metrics
 * refreshed are those that can move: every author's for a change of what they are computed from,
 * the added and removed authors' for a new list, none for a replay. Returns the refreshed authors
 * that still exist. The list's authors and the stored ones are locked in one statement; a replay
 * naming no author by id locks none.
 */
export async function rewritePaper(
  tx: Queryable,
  stored: StoredPaper,
  incoming: Partial<PaperFields>,
  entries: readonly AuthorListEntry[] | null,
): Promise<number[] | MissingAuthors> {
  const listed = await authorsOf(tx, stored.id);
  const before = listed.map((a) => a.id);
  const byId = entries?.some((entry) => typeof entry !== 'object' || entry === null) ?? false;
  const refs = entries === null ? null : await authorRefs(tx, entries, byId ? before : []);
  if (refs !== null && !Array.isArray(refs)) return refs;
  const after = refs ? await resolveByPosition(tx, listed, refs) : before;
  const changed = changedPaperFields(stored, incoming);
  const plan = Object.keys(changed).length > 0 ? planNoveltyForUpdate(stored, changed) : { changes: changed, rescore: false };
  const { added, removed } = movedAuthors(before, after);
  // Whose metrics can move, of the removed authors those that remain.
  const toRefresh = (remaining: readonly number[]) =>
    plan.rescore || changesAuthorMetrics(plan.changes) ? [...new Set([...after, ...remaining])] : [...added, ...remaining];
  if (!byId && toRefresh(removed).length > 0) await lockAuthorIds(tx, [...before, ...after]);
  await updatePaperRow(tx, stored.id, plan.changes);
  if (plan.rescore) await scoreWrittenPapers(tx, [stored.id]);
  if (!sameAuthorList(before, after)) {
    await tx.query('DELETE FROM authorships WHERE paper_id = $1', [stored.id]);
    await link(tx, stored.id, after);
  }
  const gone = await dropWithoutPapers(tx, removed);
  const refreshed = toRefresh(removed.filter((id) => !gone.has(id)));
  await refreshAuthorMetrics(tx, refreshed);
  return refreshed;
}

/**
 * Deletes a paper; its former authors left without a paper go, the others' metrics are refreshed.
 * Returns those, in list order; undefined when there is no such paper. The authorships are deleted
 * first and read from what was deleted: the list as it is once the paper is locked.
 */
export async function deletePaper(tx: Queryable, paperId: number): Promise<number[] | undefined> {
  const { rows: found } = await tx.query('SELECT id FROM papers WHERE id = $1 FOR UPDATE', [paperId]);
  if (found.length === 0) return undefined;
  const { rows } = await tx.query<{ id: number }>(
    'WITH s AS (DELETE FROM authorships WHERE paper_id = $1 RETURNING author_id, position) SELECT author_id AS id FROM s ORDER BY position',
    [paperId],
  );
  await tx.query('DELETE FROM papers WHERE id = $1', [paperId]);
  const before = rows.map((r) => r.id);
  await lockAuthorIds(tx, before);
  const gone = await dropWithoutPapers(tx, before);
  const kept = before.filter((id) => !gone.has(id));
  await refreshAuthorMetrics(tx, kept);
  return kept;
}

/**
 * The row id of each item's paper (undefined: none), in one statement; with `lock`, the papers
 * found are locked in id order, for a write of their counts.
 */
export async function lookUpPapers(tx: Queryable, items: readonly CitationCountItem[], lock: boolean): Promise<(number | undefined)[]> {
  const ids = items.flatMap((item) => (item.paper && 'id' in item.paper ? [item.paper.id] : []));
  const externalIds = items.flatMap((item) => (item.paper && 'externalId' in item.paper ? [item.paper.externalId] : []));
  if (ids.length === 0 && externalIds.length === 0) return items.map(() => undefined);
  const { rows } = await tx.query<{ id: number; externalId: string | null }>(
    `SELECT id, external_id AS "externalId" FROM papers WHERE id = ANY($1::int4[]) OR external_id = ANY($2::text[]) ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
    [ids, externalIds],
  );
  const byId = new Set(rows.map((r) => r.id));
  const byExternalId = new Map(rows.flatMap((r) => (r.externalId === null ? [] : [[r.externalId, r.id] as const])));
  return items.map(({ paper }) => {
    if (paper === null) return undefined;
    if ('externalId' in paper) return byExternalId.get(paper.externalId);
    return byId.has(paper.id) ? paper.id : undefined;
  });
}

/**
 * The daily refresh of counts (papers locked by lookUpPapers): one statement for the counts (an
 * item naming a paper again wins over the earlier ones, as SQLite's writes in turn give), one
 * metrics refresh for every touched author. Returns those authors in SQLite's order: by the
 * lowest of their papers' ids, then by id.
 */
export async function updateCitationCounts(tx: Queryable, items: readonly { paperId: number; citationCount: number }[]): Promise<number[]> {
  const counts = new Map(items.map((item) => [item.paperId, item.citationCount]));
  await tx.query('UPDATE papers p SET citation_count = u.citation_count FROM unnest($1::int4[], $2::int4[]) AS u(id, citation_count) WHERE p.id = u.id', [
    [...counts.keys()],
    [...counts.values()],
  ]);
  const { rows } = await tx.query<{ id: number }>(
    'SELECT author_id AS id FROM authorships WHERE paper_id = ANY($1::int4[]) GROUP BY author_id ORDER BY min(paper_id), author_id',
    [[...counts.keys()]],
  );
  const touched = rows.map((r) => r.id);
  await refreshAuthorMetrics(tx, touched);
  return touched;
}
