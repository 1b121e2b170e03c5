// A search's count exact up to a bound and estimated past it (Store.countPapersUpTo), on SQLite
// and on PostgreSQL, over a generated corpus in a real database file: below the bound the count
// is the one plain SQL gives; past it, more than the bound and within the sample's error of it.
// Small bounds stand in for the API's 10,000 (SEARCH_COUNT_BOUND), which this corpus is too
// small to pass; the arithmetic is the same.
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';
import { sqliteStore, toFtsFilter, type Store } from '../../src/store';
import { ESTIMATE_SAMPLING } from '../../src/store/sqlite/paper-search';
import { paperFilterSql, whereClause } from '../../src/store/sqlite/conditions';
import { openPgDb, type PgDb } from '../../src/store/postgres/db';
import { listReads, type ListReadsPart } from '../../src/store/postgres/lists';
import type { PaperFilter } from '../../src/store/types';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { copySqliteToPostgres, newPostgresDatabase, stopPostgres } from '../support/engine';
import { tempDir } from '../support/server';

const SETUP_MS = 120_000;

/**
 * How far an estimate may be from the count: three standard errors of a sample of one paper in
 * ESTIMATE_SAMPLING (binomial) of `sampled` matches, scaled up: sqrt(n / s * (1 - 1/s)) * s. SQLite
 * samples the matches past the first bound + 1 (counted exactly), PostgreSQL all of them: the
 * larger error of the two. A systematic sample over ids behaves at least as well on ids handed
 * out in order.
 */
function tolerance(count: number): number {
  const s = ESTIMATE_SAMPLING;
  return 3 * Math.sqrt((count / s) * (1 - 1 / s)) * s;
}

const SEARCHES: { text: string; filter: PaperFilter }[] = [
  // "the": nearly every paper, the largest count there is.
  { text: 'the', filter: {} },
  { text: 'learning', filter: {} },
  { text: 'learning', filter: { categories: ['cs.LG', 'cs.CV'], publishedFrom: '2015-01-01' } },
  { text: 'the', filter: { hasCode: true } },
  { text: 'neural netw', filter: { publishedFrom: '2018-01-01' } },
  { text: 'diffusion models', filter: { categories: ['cs.CV', 'cs.LG'] } },
];

describe('a search counted up to a bound', () => {
  let dir: string;
  let sqlite: Db;
  let store: Store;
  let db: PgDb;
  let pg: ListReadsPart;

  beforeAll(async () => {
    dir = tempDir('scholargraph-search-count-');
    sqlite = openDatabase(path.join(dir, 'papers.db'));
    migrateDatabase(sqlite);
    writeCorpus(sqlite, { papers: 3_000, seed: 21 });
    store = sqliteStore(sqlite);
    const url = await newPostgresDatabase();
    await copySqliteToPostgres(sqlite.sqlite, url);
    db = openPgDb(url);
    pg = listReads(db);
  }, SETUP_MS);
  afterAll(async () => {
    await db?.pool.end();
    sqlite?.close();
    await stopPostgres();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The count as plain SQL gives it: every match, every filter. */
  function trueCount(filter: PaperFilter): number {
    const conditions = paperFilterSql(filter);
    return (sqlite.sqlite.prepare(`SELECT count(*) AS n FROM papers p${whereClause(conditions.sql)}`).get(...conditions.params) as { n: number }).n;
  }

  it.each(SEARCHES.map((s) => [`${s.text} ${JSON.stringify(s.filter)}`, s]))('%s: exact up to the bound, an estimate past it', async (_label, { text, filter }) => {
    const withWords = { ...filter, match: toFtsFilter(text) };
    const count = trueCount(withWords);
    expect(count).toBeGreaterThan(20);
    // At the count and above: exact.
    for (const bound of [count, count + 1, 10_000]) {
      expect(await store.countPapersUpTo(withWords, bound)).toEqual({ count, exact: true });
    }
    // Below it: more than the bound, near the count.
    for (const bound of [count - 1, Math.floor(count / 2), 10]) {
      const counted = await store.countPapersUpTo(withWords, bound);
      expect(counted.exact).toBe(false);
      expect(counted.count).toBeGreaterThan(bound);
      // (An estimate under the bound is raised to bound + 1, which is nearer the count.)
      expect(Math.abs(counted.count - count)).toBeLessThanOrEqual(tolerance(count));
    }
  });

  it('estimates the largest count within the stated error', async () => {
    const withWords = { match: toFtsFilter('the') };
    const count = trueCount(withWords);
    expect(count).toBeGreaterThan(1_500);
    const counted = await store.countPapersUpTo(withWords, 100);
    expect(counted.exact).toBe(false);
    expect(Math.abs(counted.count - count) / count).toBeLessThan(tolerance(count) / count);
  });

  it('counts a list without a search the same way, exact up to the bound', async () => {
    const filter = { categories: ['cs.LG'] };
    const count = trueCount(filter);
    expect(await store.countPapersUpTo(filter, count)).toEqual({ count, exact: true });
    const counted = await store.countPapersUpTo(filter, 10);
    expect(counted.exact).toBe(false);
    expect(Math.abs(counted.count - count)).toBeLessThanOrEqual(tolerance(count));
  });

  it('counts on PostgreSQL as on SQLite up to the bound, and estimates within the same error past it', async () => {
    for (const { text, filter } of SEARCHES) {
      const withWords = { ...filter, match: toFtsFilter(text) };
      const count = trueCount(withWords);
      for (const bound of [10, 500, 10_000]) {
        const [onPg, onSqlite] = [await pg.countPapersUpTo(withWords, bound), await store.countPapersUpTo(withWords, bound)];
        expect(onPg.exact).toBe(onSqlite.exact);
        if (onPg.exact) expect(onPg.count).toBe(onSqlite.count);
        else {
          expect(onPg.count).toBeGreaterThan(bound);
          expect(Math.abs(onPg.count - count)).toBeLessThanOrEqual(tolerance(count));
        }
      }
    }
  });
});
