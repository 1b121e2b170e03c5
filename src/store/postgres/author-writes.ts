// The API's writes to authors on PostgreSQL: create, rename, delete (detaching from papers on
// request) and merge duplicates, each in the caller's transaction, with the rules of
// ../sqlite/author-writes.ts. None leaves an author without papers who was not created on
// purpose, and each leaves author_metrics exact. What a write stands on is locked before it is
// read, in the order of the paper writes (./api-paper-writes.ts): the papers whose lists it
// changes, then the authors, each set in one statement and in id order. An author's papers are
// looked up before the author is locked: one linked to a paper meanwhile has that paper locked
// after (a rare wait out of order, which PostgreSQL breaks should it close a cycle; the
// transaction is then run again).
import type { Queryable } from './db';
import { refreshAuthorMetrics } from './paper-writes';
import { lockAuthorIds } from './api-paper-writes';

// Positions stay 1..n: shifting by a large offset and back never collides with the unique
// (paper_id, position) index nor with the position >= 1 check, whatever order rows update in.
const SHIFT = 1_000_000;

const LOCK_PAPERS_OF = 'SELECT id FROM papers WHERE id IN (SELECT paper_id FROM authorships WHERE author_id = ANY($1::int4[])) ORDER BY id FOR UPDATE';
const LOCK_PAPERS = 'SELECT id FROM papers WHERE id = ANY($1::int4[]) ORDER BY id FOR UPDATE';

/** Locks the papers of these authors (in id order); returns them. */
export async function lockPapersOf(tx: Queryable, authorIds: readonly number[]): Promise<Set<number>> {
  if (authorIds.length === 0) return new Set();
  return new Set((await tx.query<{ id: number }>(LOCK_PAPERS_OF, [authorIds])).rows.map((r) => r.id));
}

/** Locks those of these rows' papers not locked yet (`locked` grows): papers an author was linked to after lockPapersOf. */
async function lockLate(tx: Queryable, rows: readonly { paperId: number }[], locked: Set<number>): Promise<boolean> {
  const late = [...new Set(rows.map((r) => r.paperId))].filter((id) => !locked.has(id));
  if (late.length === 0) return false;
  await tx.query(LOCK_PAPERS, [late]);
  for (const id of late) locked.add(id);
  return true;
}

/** An author created on purpose (createAuthor): kept when they have no paper. A taken external id raises unique_violation. */
export async function createAuthor(tx: Queryable, name: string, externalId: string | null): Promise<number> {
  const { rows } = await tx.query<{ id: number }>('INSERT INTO authors (name, external_id, kept_without_papers) VALUES ($1, $2, true) RETURNING id', [
    name,
    externalId,
  ]);
  await refreshAuthorMetrics(tx, [rows[0].id]);
  return rows[0].id;
}

/** The name and external id given (undefined: kept); false when there is no such author. */
export async function updateAuthor(tx: Queryable, authorId: number, changes: { name?: string; externalId?: string | null }): Promise<boolean> {
  const sets = Object.entries({ name: changes.name, external_id: changes.externalId }).filter(([, v]) => v !== undefined);
  if (sets.length === 0) return (await tx.query('SELECT 1 FROM authors WHERE id = $1', [authorId])).rows.length > 0;
  const { rows } = await tx.query(
    `UPDATE authors SET ${sets.map(([column], i) => `${column} = $${i + 1}`).join(', ')} WHERE id = $${sets.length + 1} RETURNING id`,
    [...sets.map(([, v]) => v), authorId],
  );
  return rows.length > 0;
}

export type DeleteAuthorResult = 'no-such-author' | 'has-papers' | { soleAuthorOf: number[] } | { detachedPaperIds: number[] };

/** Deletes an author; with `detach`, first removes them from their papers' author lists, each list closing up. */
export async function deleteAuthor(tx: Queryable, authorId: number, detach: boolean): Promise<DeleteAuthorResult> {
  const locked = await lockPapersOf(tx, [authorId]);
  // The co-authors too, whose metrics are refreshed: read once the papers are locked, their lists hold still.
  const { rows: coauthors } = await tx.query<{ id: number }>('SELECT DISTINCT author_id AS id FROM authorships WHERE paper_id = ANY($1::int4[])', [
    [...locked],
  ]);
  if (!(await lockAuthorIds(tx, [authorId, ...coauthors.map((r) => r.id)])).has(authorId)) return 'no-such-author';
  let links = await linksOf(tx, authorId);
  const lockedLate = await lockLate(tx, links, locked);
  if (lockedLate) links = await linksOf(tx, authorId);
  if (links.length > 0 && !detach) return 'has-papers';
  const soleAuthorOf = links.filter((l) => l.others.length === 0).map((l) => l.paperId);
  if (soleAuthorOf.length > 0) return { soleAuthorOf };
  if (links.length > 0) {
    const paperIds = links.map((l) => l.paperId);
    await tx.query(
      `WITH detached AS (DELETE FROM authorships WHERE author_id = $1)
       UPDATE authorships s SET position = s.position + ${SHIFT} FROM unnest($2::int4[], $3::int4[]) AS g(paper_id, position)
        WHERE s.paper_id = g.paper_id AND s.position > g.position AND s.author_id <> $1`,
      [authorId, paperIds, links.map((l) => l.position)],
    );
    await tx.query(`UPDATE authorships SET position = position - ${SHIFT + 1} WHERE paper_id = ANY($1::int4[]) AND position > ${SHIFT}`, [paperIds]);
  }
  await tx.query('DELETE FROM authors WHERE id = $1', [authorId]);
  // Co-authors' metrics do not depend on who else wrote a paper, but the refresh is cheap
  // and keeps the rule simple: every author a write touched is refreshed.
  await refreshAuthorMetrics(tx, [...new Set(links.flatMap((l) => l.others))]);
  return { detachedPaperIds: links.map((l) => l.paperId) };
}

/** The author's places on their papers (locked), with each paper's other authors. */
async function linksOf(tx: Queryable, authorId: number): Promise<{ paperId: number; position: number; others: number[] }[]> {
  const { rows } = await tx.query<{ paperId: number; position: number; others: number[] }>(
    `SELECT s.paper_id AS "paperId", s.position,
        array(SELECT o.author_id FROM authorships o WHERE o.paper_id = s.paper_id AND o.author_id <> s.author_id ORDER BY o.author_id) AS others
       FROM authorships s WHERE s.author_id = $1 ORDER BY s.paper_id`,
    [authorId],
  );
  return rows;
}

export interface MergedAuthor {
  id: number;
  name: string;
  externalId: string | null;
  kept: boolean;
}

/** The authors of these ids that exist, locked in id order. */
export async function lockAuthors(tx: Queryable, authorIds: readonly number[]): Promise<Map<number, MergedAuthor>> {
  const { rows } = await tx.query<MergedAuthor>(
    'SELECT id, name, external_id AS "externalId", kept_without_papers AS kept FROM authors WHERE id = ANY($1::int4[]) ORDER BY id FOR UPDATE',
    [[...new Set(authorIds)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Moves every authorship of `from` (locked by lockAuthors, their papers by lockPapersOf) to
 * `into` (a paper that had several of them keeps one, at the best place, its list closing up),
 * keeps their names as aliases of the survivor, makes their ids resolve to it, and deletes them.
 * The survivor inherits the first external id among them when it has none, and is kept without
 * papers if one of them was.
 */
export async function mergeAuthors(tx: Queryable, into: number, from: readonly MergedAuthor[], locked: Set<number>): Promise<void> {
  const fromIds = from.map((a) => a.id);
  const merged = new Set(fromIds);
  const listsOf = async () =>
    (
      await tx.query<{ paperId: number; authorId: number }>(
        `SELECT paper_id AS "paperId", author_id AS "authorId" FROM authorships
          WHERE paper_id IN (SELECT paper_id FROM authorships WHERE author_id = ANY($1::int4[])) ORDER BY paper_id, position`,
        [fromIds],
      )
    ).rows;
  let listed = await listsOf();
  const lockedLate = await lockLate(tx, listed, locked);
  if (lockedLate) listed = await listsOf();
  // Each list with the merged authors as the survivor, once, at the first of their places.
  const lists = new Map<number, number[]>();
  for (const { paperId, authorId } of listed) {
    const id = merged.has(authorId) ? into : authorId;
    const list = lists.get(paperId) ?? [];
    if (!list.includes(id)) list.push(id);
    lists.set(paperId, list);
  }
  if (lists.size > 0) {
    const rows = [...lists].flatMap(([paperId, list]) => list.map((authorId, i) => [paperId, authorId, i + 1]));
    await tx.query('DELETE FROM authorships WHERE paper_id = ANY($1::int4[])', [[...lists.keys()]]);
    await tx.query('INSERT INTO authorships (paper_id, author_id, position) SELECT * FROM unnest($1::int4[], $2::int4[], $3::int4[])', [
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      rows.map((r) => r[2]),
    ]);
  }
  await tx.query(
    `INSERT INTO author_aliases (author_id, name)
       SELECT $1::int4, name FROM authors WHERE id = ANY($2::int4[]) UNION SELECT $1::int4, name FROM author_aliases WHERE author_id = ANY($2::int4[])
     ON CONFLICT DO NOTHING`,
    [into, fromIds],
  );
  await tx.query(
    `WITH moved AS (UPDATE author_redirects SET author_id = $1 WHERE author_id = ANY($2::int4[]))
     INSERT INTO author_redirects (old_id, author_id) SELECT unnest($2::int4[]), $1`,
    [into, fromIds],
  );
  await tx.query('DELETE FROM authors WHERE id = ANY($1::int4[])', [fromIds]);
  // Set once the merged rows are gone: an external id is unique.
  const externalId = from.find((a) => a.externalId !== null)?.externalId ?? null;
  const kept = from.some((a) => a.kept);
  if (externalId !== null || kept) {
    await tx.query('UPDATE authors SET external_id = coalesce(external_id, $2), kept_without_papers = kept_without_papers OR $3 WHERE id = $1', [
      into,
      externalId,
      kept,
    ]);
  }
  await refreshAuthorMetrics(tx, [into]);
}
