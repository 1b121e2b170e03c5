// The API's writes on PostgreSQL (src/store/postgres/mutation-store.ts) on a throwaway cluster:
// a sequence of mutations leaves the tables SQLite's store leaves (SQLite is the oracle), and
// writes racing on several connections, as several API nodes send them, give one paper per
// external id and metrics equal to a recomputation.
import fs from 'node:fs';
import path from 'node:path';
import { preparePostgresDatabase, prepareDatabase } from '../../../src/bootstrap';
import { sqliteStore, type PaperFields, type Store } from '../../../src/store';
import { type OpenedPostgresStore } from '../../../src/store/postgres';
import { inTransaction } from '../../../src/store/postgres/db';
import { refreshAuthorMetrics } from '../../../src/store/postgres/paper-writes';
import { type Db } from '../../../src/store/sqlite/client';
import { readDemoProfile, type DemoPaper } from '../../../seeds/demo-profile';
import { startPostgres, type PostgresCluster } from '../../support/postgres';
import { tempDir } from '../../support/server';

const profile = readDemoProfile();
const papers = profile.papers;
const PROFILE = profile.profileAuthor;

const METRICS =
  'm.paper_count AS "paperCount", m.citation_count AS "citationCount", m.h_index AS "hIndex", m.i10_index AS "i10Index", m.g_index AS "gIndex", m.novelty';

// What both engines hold, by names and external ids (row ids may differ), in a byte order of its own.
const SNAPSHOT = {
  papers: `SELECT external_id AS "externalId", title, abstract, published_at AS "publishedAt", citation_count AS "citationCount", has_code AS "hasCode", doi, novelty FROM papers`,
  lists: `SELECT p.external_id AS "externalId", a.name, s.position FROM authorships s JOIN papers p ON p.id = s.paper_id JOIN authors a ON a.id = s.author_id`,
  authors: `SELECT a.name, a.external_id AS "externalId", a.kept_without_papers AS kept, ${METRICS} FROM authors a LEFT JOIN author_metrics m ON m.author_id = a.id`,
  aliases: 'SELECT a.name AS author, al.name AS alias FROM author_aliases al JOIN authors a ON a.id = al.author_id',
  redirects: 'SELECT a.name AS author FROM author_redirects r JOIN authors a ON a.id = r.author_id',
};

/**
 * Rows as plain values, sorted by their JSON: SQLite's 0/1 booleans as booleans, and novelty to 12
 * places, since an author's mean novelty sums their papers in the order the engine reads them.
 */
function normalized(rows: object[]): string[] {
  const plain = (k: string, v: unknown) =>
    k === 'hasCode' || k === 'kept' ? Boolean(v) : k === 'novelty' && typeof v === 'number' ? Number(v.toFixed(12)) : v;
  return rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(k, v)])))).sort();
}

function fieldsOf(
  { authors: _authors, ...fields }: DemoPaper,
  externalId: string,
  changes: Omit<Partial<PaperFields>, 'externalId'> = {},
): PaperFields & { externalId: string } {
  return { ...fields, externalId, title: `${fields.title} (${externalId})`, ...changes };
}

/**
 * A mutation's answer by names and external ids, as it reads right after the write (row ids may
 * differ between the engines; the authors merged away are gone, so only counted).
 */
async function described(store: Store, outcome: object): Promise<unknown> {
  const { paperId, authorId, authorIds, paperIds, detachedPaperIds, fromIds, ...rest } = outcome as Record<string, unknown>;
  const names = async (ids: unknown) => (Array.isArray(ids) ? (await store.authorsById(ids as number[])).map((a) => a?.name) : undefined);
  const externalIds = async (ids: unknown) => (Array.isArray(ids) ? (await store.papersById(ids as number[])).map((p) => p?.externalId) : undefined);
  return {
    ...rest,
    paper: await externalIds(paperId === undefined ? undefined : [paperId]),
    author: await names(authorId === undefined ? undefined : [authorId]),
    authors: await names(authorIds),
    papers: await externalIds(paperIds),
    detached: await externalIds(detachedPaperIds),
    merged: Array.isArray(fromIds) ? fromIds.length : undefined,
  };
}

/** The same mutations through a store, by names: each answer's shape, in order. */
async function sequence(store: Store): Promise<unknown[]> {
  const id = async (name: string) => (await store.authorIdByName(name))!;
  const pid = async (externalId: string) => (await store.papersByExternalId([externalId]))[0]!.id;
  const answers: unknown[] = [];
  const note = async (outcome: object) => answers.push(await described(store, outcome));

  await note(await store.createPaper(fieldsOf(papers[0], 'seq-create', { novelty: 0.4 }), [{ name: 'Seq Newcomer' }, await id(PROFILE)]));
  await note(await store.createPaper(fieldsOf(papers[1], 'seq-create'), [{ name: 'Seq Twin' }]));
  await note(await store.createPaper(fieldsOf(papers[1], 'seq-missing'), [{ name: 'Seq Never' }, 987_654, null]));

  const list = [{ name: 'Seq Upsert One' }, { name: 'Seq Upsert Two' }, await id(papers[2].authors[0]), { name: 'Seq Upsert Three' }];
  const up = fieldsOf(papers[2], 'seq-upsert', { novelty: 0.3 });
  await note(await store.upsertPaper(up, list));
  await note(await store.upsertPaper(up, list));
  await note(await store.upsertPaper({ ...up, citationCount: up.citationCount + 3 }, list));
  // The same people spelled otherwise at their places, a new one in place of the second, the last dropped.
  await note(await store.upsertPaper({ ...up, title: 'Seq upsert retitled' }, [{ name: 'seq upsert ONE' }, { name: 'Seq Upsert Other' }, list[2]]));
  await note(await store.upsertPaper({ ...up, novelty: null }, [{ name: 'Seq Upsert One' }]));

  // Without a supplied novelty: scored when written, rescored for a new title, kept when sent without one again.
  const scored = fieldsOf(papers[4], 'seq-scored', { novelty: null });
  await note(await store.createPaper(scored, [{ name: 'Seq Scored' }]));
  await note(await store.updatePaper(await pid('seq-scored'), { title: 'Seq scored retitled', novelty: null }, null));
  await note(await store.upsertPaper({ ...scored, title: 'Seq scored retitled' }, [{ name: 'Seq Scored' }]));

  const three = await pid(papers[3].externalId!);
  const listThree = await Promise.all(papers[3].authors.map(id));
  await note(await store.updatePaper(three, { title: 'Seq title', publishedAt: '2024-02-02' }, [...listThree].reverse().slice(1)));
  await note(await store.updatePaper(three, { externalId: papers[0].externalId }, null));
  await note(await store.updatePaper(987_654, { title: 'Nobody' }, null));
  await note(await store.updatePaper(three, { citationCount: 11, hasCode: true, codeUrl: 'https://example.org/code' }, null));

  const [four, five] = [await pid(papers[4].externalId!), await pid(papers[5].externalId!)];
  await note(
    await store.updateCitationCounts([
      { paper: { id: four }, citationCount: 5 },
      { paper: { externalId: papers[5].externalId! }, citationCount: 9 },
      { paper: { id: four }, citationCount: 7 },
    ]),
  );
  await note(
    await store.updateCitationCounts([
      { paper: { id: five }, citationCount: 1 },
      { paper: { externalId: 'seq-none' }, citationCount: 1 },
    ]),
  );

  await note(await store.deletePaper(await pid('seq-create')));
  await note(await store.deletePaper(987_654));

  const kept = await store.createAuthor('Seq Kept', 'seq-orcid');
  await note(kept);
  await note(await store.createAuthor('Seq Kept Twin', 'seq-orcid'));
  const keptId = (kept as { authorId: number }).authorId;
  await note(await store.updateAuthor(keptId, { name: 'Seq Kept Renamed' }));
  await note(await store.updateAuthor(await id(PROFILE), { externalId: 'seq-orcid' }));
  await note(await store.createPaper(fieldsOf(papers[5], 'seq-kept', { novelty: 0.2 }), [keptId, await id(papers[5].authors[1])]));

  const leaving = papers[5].authors[papers[5].authors.length - 1];
  await note(await store.deleteAuthor(await id(leaving), false));
  await note(await store.deleteAuthor(await id(leaving), true));

  // Two of the first paper's authors and the kept one (with its external id) into a third.
  const [into, fromA, fromB] = [papers[0].authors[4], papers[0].authors[6], papers[0].authors[2]];
  await note(await store.mergeAuthors(await id(into), [await id(fromA), keptId, await id(fromB), await id(fromA)]));
  await note(await store.mergeAuthors(await id(papers[1].authors[0]), [await id(into)]));
  return answers;
}

describe('PostgreSQL API writes', () => {
  let cluster: PostgresCluster;
  let pg: OpenedPostgresStore;
  let sqlite: Db;
  let dir: string;

  beforeAll(async () => {
    cluster = await startPostgres();
    ({ opened: pg } = await preparePostgresDatabase(cluster.url, { seedDemoData: true, demoCorpusPapers: 0 }));
    dir = tempDir('scholargraph-mutations-');
    ({ db: sqlite } = prepareDatabase(path.join(dir, 'store.db'), { seedDemoData: true, demoCorpusPapers: 0 }));
  }, 120_000);

  afterAll(async () => {
    await pg?.close();
    await cluster?.stop();
    sqlite?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const pgRows = async (sql: string) => (await pg.db.pool.query(sql)).rows as object[];
  const metricsOf = async (ids: number[]) =>
    pgRows(`SELECT m.author_id AS "authorId", ${METRICS}, m.novelty, m.ai_score AS "aiScore", m.primary_category AS "primaryCategory"
      FROM author_metrics m WHERE m.author_id IN (${ids.join(',')}) ORDER BY m.author_id`);

  /** The stored metrics of these authors equal what a refresh computes from their papers now. */
  async function expectMetricsExact(ids: number[]): Promise<void> {
    const stored = await metricsOf(ids);
    await inTransaction(pg.db, (tx) => refreshAuthorMetrics(tx, ids));
    expect(stored).toEqual(await metricsOf(ids));
  }

  it('gives the answers and leaves the tables SQLite gives for one sequence of writes', async () => {
    const expected = await sequence(sqliteStore(sqlite));
    const answers = await sequence(pg.store);
    expect(answers).toEqual(expected);
    for (const sql of Object.values(SNAPSHOT)) {
      expect(normalized(await pgRows(sql))).toEqual(normalized(sqlite.sqlite.prepare(sql).all() as object[]));
    }
  }, 60_000);

  it('gives one paper for upserts of one new external id at once, every one written', async () => {
    const fields = fieldsOf(papers[1], 'race-upsert', { novelty: 0.6 });
    const list = [{ name: 'Race Upsert A' }, { name: 'Race Upsert B' }];
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => pg.store.upsertPaper(fields, list)));
    expect(outcomes.every((o) => o.kind === 'written')).toBe(true);
    const written = outcomes as { paperId: number; created: boolean }[];
    expect(new Set(written.map((o) => o.paperId)).size).toBe(1);
    expect(written.filter((o) => o.created)).toHaveLength(1);
    expect(await pgRows("SELECT name FROM authors WHERE name LIKE 'Race Upsert %' ORDER BY name")).toEqual([
      { name: 'Race Upsert A' },
      { name: 'Race Upsert B' },
    ]);
  }, 60_000);

  /** Authors of this test's own, kept without papers: the sequence above moves the profile's. */
  async function newAuthors(prefix: string, n: number): Promise<number[]> {
    const created = await Promise.all(Array.from({ length: n }, (_, i) => pg.store.createAuthor(`${prefix} ${i}`, null)));
    return created.map((c) => (c as { authorId: number }).authorId);
  }

  it("leaves metrics equal to a recomputation after 20 citation updates of one author's papers at once", async () => {
    const [author, ...others] = await newAuthors('Race Cited', 4);
    const mine: number[] = [];
    for (let i = 0; i < 5; i++) {
      const written = await pg.store.createPaper(fieldsOf(papers[i], `race-cited-${i}`, { novelty: 0.5 }), [others[i % 3], author]);
      mine.push((written as { paperId: number }).paperId);
    }
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pg.store.updateCitationCounts(
          (i % 2 === 0 ? mine : [...mine].reverse()).map((id, j) => ({ paper: { id }, citationCount: ((i + 1) * (j + 3) * 7) % 50 })),
        ),
      ),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(Array(20).fill('updated'));
    await expectMetricsExact([author, ...others]);
  }, 60_000);

  it('writes papers naming the same authors in other orders at once, without a deadlock reaching the caller', async () => {
    const shared = await newAuthors('Race Order', 5);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const list = i % 2 === 0 ? shared : [...shared].reverse();
        const fields = fieldsOf(papers[2], `race-order-${i}`, { citationCount: i, novelty: 0.5 });
        return i % 3 === 0 ? pg.store.upsertPaper(fields, list) : pg.store.createPaper(fields, list);
      }),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(Array(12).fill('written'));
    await expectMetricsExact(shared);
    expect((await metricsOf(shared)).map((m) => (m as { paperCount: number }).paperCount)).toEqual(Array(5).fill(12));
  }, 60_000);
  it('leaves exact metrics and closed author lists after paper and author writes racing on shared authors', async () => {
    const people = await newAuthors('Race Mixed', 8);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const list = [people[i], people[(i + 1) % 6], people[(i + 2) % 6], people[6], people[7]];
      ids.push(((await pg.store.createPaper(fieldsOf(papers[i], `race-mixed-${i}`, { novelty: 0.5 }), list)) as { paperId: number }).paperId);
    }
    const writes = [
      ...ids.map((id, i) => pg.store.updatePaper(id, { citationCount: 40 + i }, [people[(i + 3) % 6], people[i], people[6], people[7]])),
      ...ids.map((_, i) =>
        pg.store.upsertPaper(fieldsOf(papers[i], `race-mixed-${i}`, { novelty: 0.5, citationCount: i }), [people[7], people[(i + 2) % 6], people[6]]),
      ),
      pg.store.updateCitationCounts(ids.map((id, i) => ({ paper: { id }, citationCount: 100 - i }))),
      pg.store.deleteAuthor(people[6], true),
      pg.store.mergeAuthors(people[5], [people[4]]),
      pg.store.deletePaper(ids[0]),
    ];
    const outcomes = await Promise.all(writes);
    // A list naming the author merged away is refused when the merge came first, and so are the
    // citation counts when the deleted paper went first (all or none); nothing throws.
    for (const { kind } of outcomes) expect(['written', 'updated', 'deleted', 'merged', 'missing-authors', 'no-such-paper', 'refused']).toContain(kind);
    const lists = (await pgRows(
      `SELECT paper_id AS "paperId", array_agg(position ORDER BY position) AS positions FROM authorships WHERE paper_id IN (${ids.join(',')}) GROUP BY paper_id`,
    )) as { paperId: number; positions: number[] }[];
    for (const { positions } of lists) expect(positions).toEqual(positions.map((_, i) => i + 1));
    const remaining = (await pgRows(`SELECT id FROM authors WHERE id IN (${people.join(',')})`)) as { id: number }[];
    await expectMetricsExact(remaining.map((r) => r.id));
  }, 60_000);
});
