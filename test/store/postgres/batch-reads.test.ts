// The batch reads on PostgreSQL (src/store/postgres/batch-reads.ts) against SQLite's as the
// oracle, over more than the contract's six papers: the demo profile, a generated corpus and the
// real samples (test/fixtures/real, copies of ../shared/data) (OpenAlex topics at every level, arXiv categories, authors
// without ids), loaded into SQLite through its write path and copied row for row, ids included,
// into PostgreSQL: the orders break ties by id, so both must hold the same rows under the same
// ids (PostgreSQL's loads number a batch in another order). Every read is asked with many keys
// (unknown and repeated ones too), every order, filter and cursor, and must answer what SQLite
// answers, in one statement.
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase, type Db } from '../../../src/store/sqlite/client';
import { sqliteStore, toFtsFilter, type Store } from '../../../src/store';
import { openPgDb, type PgDb } from '../../../src/store/postgres/db';
import { batchReads, type BatchReadsPart } from '../../../src/store/postgres/batch-reads';
import { tallyStatements } from '../../../src/store/tally';
import type { CoauthorOrderField, Direction, KeyValue, PaperFilter, PaperOrderField } from '../../../src/store/types';
import { copySqliteToPostgres, newPostgresDatabase, stopPostgres } from '../../support/engine';
import { writeRealRecords } from '../../support/real-records';
import { tempDir } from '../../support/server';

const SETUP_MS = 120_000;
// Hundreds of reads on each engine, on a machine shared with other tests.
const READS_MS = 60_000;

describe('PostgreSQL batch reads answer what SQLite answers', () => {
  let db: PgDb;
  let pg: BatchReadsPart;
  let dir: string;
  let sqlite: Db;
  let oracle: Store;
  let authorIds: number[];
  let paperIds: number[];
  let topicIds: string[];
  let subjectIds: string[];
  let paperExternalIds: string[];

  beforeAll(async () => {
    const url = await newPostgresDatabase();
    db = openPgDb(url);
    pg = batchReads(db);
    dir = tempDir('scholargraph-batch-reads-');
    sqlite = openDatabase(path.join(dir, 'oracle.db'));
    migrateDatabase(sqlite);
    oracle = sqliteStore(sqlite);
    await writeRealRecords(oracle);
    // Computed novelty for some papers (one no longer the paper's: supplied), and a merged author.
    const explained = sqlite.sqlite.prepare('SELECT id, novelty FROM papers WHERE novelty IS NOT NULL ORDER BY id LIMIT 5').all() as { id: number; novelty: number }[];
    for (const [i, { id, novelty }] of explained.entries()) {
      const values = [id, i === 4 ? novelty / 2 : novelty, 'tfidf', 2, '2024-01-01', 100 + i, JSON.stringify([{ paperId: 1, similarity: 0.5 }]), '2024-02-01T00:00:00.000Z'];
      sqlite.sqlite.prepare('INSERT INTO paper_novelty (paper_id, novelty, method, version, corpus_date, corpus_papers, nearest, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(...values);
    }
    sqlite.sqlite.prepare('INSERT INTO author_redirects (old_id, author_id) VALUES (900001, 3)').run();
    await copySqliteToPostgres(sqlite.sqlite, url);

    authorIds = (sqlite.sqlite.prepare('SELECT id FROM authors ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    paperIds = (sqlite.sqlite.prepare('SELECT id FROM papers ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    paperExternalIds = (sqlite.sqlite.prepare('SELECT external_id AS id FROM papers ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    topicIds = (sqlite.sqlite.prepare('SELECT id FROM openalex_topics ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    subjectIds = (
      sqlite.sqlite
        .prepare('SELECT subfield_id AS id FROM openalex_topics UNION SELECT field_id FROM openalex_topics UNION SELECT domain_id FROM openalex_topics')
        .all() as { id: string | null }[]
    )
      .map((r) => r.id)
      .filter((id): id is string => id !== null);
  }, SETUP_MS);
  afterAll(async () => {
    await db?.pool.end();
    sqlite?.close();
    await stopPostgres();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** PostgreSQL's answer, which must be SQLite's, read in one statement unless `statements` says otherwise. */
  async function same<T>(read: (store: BatchReadsPart) => Promise<T>, statements = 1): Promise<T> {
    const tally = { count: 0 };
    const actual = await tallyStatements(tally, () => read(pg));
    expect(tally.count).toBe(statements);
    expect(actual).toEqual(await read(oracle));
    return actual;
  }

  // Many authors with papers in several subjects, and keys neither engine knows, and repeats.
  const someAuthors = () => [...authorIds.filter((_, i) => i % 7 === 0), 987_654, 2 ** 40, authorIds[0], 900001];

  const filters = (): (PaperFilter | null)[] => [
    null,
    { categories: ['cs.LG', 'hep-th'] },
    { categories: ['Geology', 'fields/19'] },
    { categories: [topicIds[0], 'subfields/1911', 'domains/3', 'paleontology'] },
    { publishedFrom: '2015-01-01', publishedTo: '2022-12-31' },
    { hasCode: true, minCitations: 3 },
    { hasCode: false, minScore: 20 },
    { authorId: authorIds[1] },
    { externalIds: [...paperExternalIds.filter((_, i) => i % 3 === 0), 'W0'] },
    { match: toFtsFilter('neural net') },
    // Not a word PostgreSQL's parser reads as part of a path (Jurassic/Early: one `file` token).
    { match: toFtsFilter('Tithonian ammon') },
  ];

  it('holds the same rows under the same ids on both engines', async () => {
    expect(authorIds.length).toBeGreaterThan(500);
    expect(topicIds.length).toBeGreaterThan(20);
    const { rows } = await db.pool.query<{ id: number; external_id: string }>('SELECT id, external_id FROM papers ORDER BY id');
    expect(rows).toEqual(sqlite.sqlite.prepare('SELECT id, external_id FROM papers ORDER BY id').all());
    const authors = await db.pool.query<{ id: number; name: string }>('SELECT id, name FROM authors ORDER BY id');
    expect(authors.rows).toEqual(sqlite.sqlite.prepare('SELECT id, name FROM authors ORDER BY id').all());
  }, READS_MS);

  it('reads authors, papers, metrics, topics and subject names by key', async () => {
    const authors = [...authorIds, 987_654, 2 ** 40, authorIds[5], 900001];
    expect((await same((s) => s.authorsById(authors))).filter(Boolean).length).toBe(authorIds.length + 2);
    const externalIds = (sqlite.sqlite.prepare('SELECT external_id AS id FROM authors WHERE external_id IS NOT NULL').all() as { id: string }[]).map((r) => r.id);
    expect(externalIds.length).toBeGreaterThan(10);
    await same((s) => s.authorsByExternalId([...externalIds, 'A0', externalIds[0]]));
    await same((s) => s.authorMetrics(authors));
    await same((s) => s.papersById([...paperIds, 987_654, paperIds[3]]));
    await same((s) => s.papersByExternalId([...paperExternalIds, 'nope', paperExternalIds[2]]));
    await same((s) => s.topicsById([...topicIds, 'T1', topicIds[0]]));
    const names = await same((s) => s.subjectNames([...topicIds, ...subjectIds, 'fields/0', 'cs.LG', subjectIds[0]]));
    expect(names.filter((n) => n?.name).length).toBe(topicIds.length + subjectIds.length + 1);
  }, READS_MS);

  it('pages each author\'s papers in every order, after a cursor, within every filter, and counts them', async () => {
    const fields: PaperOrderField[] = ['PUBLISHED_AT', 'CITATION_COUNT', 'SCORE', 'NOVELTY', 'TITLE'];
    const keyOf: Record<PaperOrderField, (p: { publishedAt: string; citationCount: number; score: number; novelty: number | null; title: string }) => KeyValue> = {
      PUBLISHED_AT: (p) => p.publishedAt,
      CITATION_COUNT: (p) => p.citationCount,
      SCORE: (p) => p.score,
      NOVELTY: (p) => p.novelty ?? -1,
      TITLE: (p) => p.title,
    };
    const ids = someAuthors();
    let pages = 0;
    for (const filter of filters()) {
      const counts = await same((s) => s.authorPaperCounts(ids, filter));
      // Every filter keeps some of these authors' papers, and leaves some out.
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      for (const field of fields) {
        for (const direction of ['ASC', 'DESC'] as Direction[]) {
          const order = { field, direction };
          const firstPages = await same((s) => s.authorPaperPages(ids, { first: 3, after: null, order, filter }));
          // After the last paper of the longest first page: a cursor mid-way for the others.
          const longest = firstPages.reduce((a, b) => (b.items.length > a.items.length ? b : a));
          const last = longest.items.at(-1);
          if (!last) continue;
          const next = await same((s) => s.authorPaperPages(ids, { first: 3, after: [keyOf[field](last), last.id], order, filter }));
          pages += next.filter((p) => p.items.length > 0).length;
        }
      }
    }
    expect(pages).toBeGreaterThan(20);
  }, READS_MS);

  it('pages each paper\'s authors after a position, and counts them', async () => {
    const ids = [...paperIds.filter((_, i) => i % 5 === 0), 987_654, paperIds[0]];
    await same((s) => s.paperAuthorCounts(ids));
    for (const afterPosition of [null, 1, 2]) await same((s) => s.paperAuthorPages(ids, { first: 2, afterPosition }));
  }, READS_MS);

  it('pages each author\'s co-authors in every order, with and without years, after a cursor', async () => {
    const ids = someAuthors();
    await same((s) => s.coauthorCounts(ids));
    const fields: CoauthorOrderField[] = ['SHARED_PAPERS', 'RECENCY'];
    for (const field of fields) {
      for (const direction of ['ASC', 'DESC'] as Direction[]) {
        for (const withYears of [false, true]) {
          const order = { field, direction };
          const first = await same((s) => s.coauthorPages(ids, { first: 2, order, afterKey: null, withYears }));
          const last = first.reduce((a, b) => (b.items.length > a.items.length ? b : a)).items.at(-1)!;
          const afterKey =
            field === 'SHARED_PAPERS' ? [last.sharedPaperCount, last.id] : withYears ? [last.lastSharedYear!, last.sharedPaperCount, last.id] : null;
          if (afterKey) await same((s) => s.coauthorPages(ids, { first: 2, order, afterKey, withYears }));
        }
      }
    }
  }, READS_MS);

  it('reads what the stats are computed from: groups and buckets, years, h-cores, novelty points and explanations', async () => {
    const ids = someAuthors();
    for (const filter of filters()) {
      await same((s) => s.paperSetGroups('author', ids, filter), 2);
      await same((s) => s.paperSetGroups('all', [0], filter), 2);
      await same((s) => s.hCores(ids, filter));
      await same((s) => s.noveltyPoints(ids, filter));
    }
    await same((s) => s.authorYears(ids));
    const explanations = await same((s) => s.noveltyExplanations([...paperIds, 987_654]));
    expect(explanations.filter((e) => e?.source === 'computed').length).toBe(4);
    expect(explanations.filter((e) => e?.source === 'supplied').length).toBeGreaterThan(4);
  }, READS_MS);
});
