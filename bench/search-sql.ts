// What the SQL of the search page costs, statement by statement, for the bench's 24 searches
// (bench/params.ts) on a corpus file opened read only: p50 and p99 of each search over a number
// of runs, with better-sqlite3 prepared statements in this process (no server, no HTTP). For
// issue 21's "search at scale": which statement bounds the page, and what the alternatives cost.
//
//   npx tsx bench/search-sql.ts .bench/corpus-1000000.db [runs] [variant,...]
import Database from 'better-sqlite3';
import { readParams } from './params';
import { toFtsFilter, toFtsQuery } from '../src/store/sqlite/fts-query';
import { PAPER_COLUMNS } from '../src/store/sqlite/records';
import { paperFilterSql } from '../src/store/sqlite/conditions';
import { PAPER_SEARCH_JOIN, PAPER_SEARCH_RANK, PAPER_SEARCH_WHERE, paperMatchesFrom, sampledIdSql } from '../src/store/sqlite/paper-search';
import { countPapersUpTo, searchPapers } from '../src/store/sqlite/lists';

const [file, runsText = '9', only] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/search-sql.ts <corpus.db> [runs] [variants]');
const runs = Number(runsText);
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
sqlite.pragma('mmap_size = 4294967296');
sqlite.pragma('cache_size = -262144');
const FIRST = 20;
const BOUND = Number(process.env.BOUND ?? 10_000);

/** Matches ranked inside papers_fts, best first: `id`, `rank`. Parameters: the MATCH expression (and the limit). */
const top = (limit: string) =>
  `SELECT rowid AS id, ${PAPER_SEARCH_RANK} AS rank FROM papers_fts WHERE ${PAPER_SEARCH_WHERE} ORDER BY rank, rowid ${limit}`;

interface Search {
  search: string;
  categories: string[];
  publishedFrom: string;
  match: string;
  filterMatch: string;
  where: string[];
  params: unknown[];
}

const searches: Search[] = readParams(file, 1).searches.map(({ search, categories, publishedFrom }) => {
  const conditions = paperFilterSql({ categories, publishedFrom });
  return { search, categories, publishedFrom, match: toFtsQuery(search)!, filterMatch: toFtsFilter(search)!, where: conditions.sql, params: conditions.params };
});

type Variant = (s: Search) => unknown;
const SAMPLING = Number(process.env.SAMPLING ?? 16);

const cache = new Map<string, Database.Statement>();
const prep = (sql: string) => {
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = sqlite.prepare(sql)));
  return statement;
};

const variants: Record<string, Variant> = {
  // Today's page (src/store/sqlite/lists.ts searchPapers, filtered): bm25 over every match joined to papers.
  page: (s) =>
    prep(`SELECT ${PAPER_COLUMNS}, ${PAPER_SEARCH_RANK} AS rank FROM papers p ${PAPER_SEARCH_JOIN}
      WHERE ${PAPER_SEARCH_WHERE} AND ${s.where.join(' AND ')} ORDER BY rank, p.id LIMIT ?`).all(s.match, ...s.params, FIRST + 1),
  // Today's count (countPapers with the search's words as a filter): every match.
  count: (s) => {
    const c = paperFilterSql({ ...filterOf(s), match: s.filterMatch });
    return prep(`SELECT COUNT(*) AS n FROM papers p WHERE ${c.sql.join(' AND ')}`).get(...c.params);
  },
  // How many papers match the words, whatever the filters (information: the size of the problem).
  matches: (s) => prep(`SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?`).get(s.filterMatch),
  // Ranking inside papers_fts alone, every match, the best 1000 kept (no join).
  ftsTop: (s) =>
    prep(`SELECT rowid AS id, ${PAPER_SEARCH_RANK} AS r FROM papers_fts WHERE ${PAPER_SEARCH_WHERE} ORDER BY r, rowid LIMIT 1000`).all(s.match),
  // FTS5's own rank path: the rank function given in the query, ORDER BY rank (FTS5 sorts).
  ftsRank: (s) =>
    prep(`SELECT rowid AS id, rank FROM papers_fts WHERE papers_fts MATCH ? AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank LIMIT 1000`).all(s.match),
  // The best K of the index (ranked inside papers_fts), then the filters on papers; K grows
  // until a page passes the filters, the whole ranking at last.
  candidates: (s) => {
    for (let k = 256; ; k *= 8) {
      const rows = prep(`SELECT ${PAPER_COLUMNS}, s.rank AS rank FROM (${top('LIMIT ?')}) s JOIN papers p ON p.id = s.id
        WHERE ${s.where.join(' AND ')} ORDER BY s.rank, s.id LIMIT ?`).all(s.match, k, ...s.params, FIRST + 1) as unknown[];
      if (rows.length > FIRST || k > 100_000) return rows;
    }
  },
  // The page as the API now makes it (src/store/sqlite/lists.ts searchPapers): the best
  // RANKED_CANDIDATES of the index, then the filters, else every match joined.
  api: async (s) => (await searchPapers(sqlite, { match: s.match, filter: filterOf(s), first: FIRST, after: null })).items,
  // Every match ranked inside papers_fts and sorted (materialized), then papers joined in that
  // order until a page passes the filters.
  ordered: (s) =>
    prep(`WITH s AS MATERIALIZED (${top('')}) SELECT ${PAPER_COLUMNS}, s.rank AS rank FROM s JOIN papers p ON p.id = s.id
      WHERE ${s.where.join(' AND ')} ORDER BY s.rank, s.id LIMIT ?`).all(s.match, ...s.params, FIRST + 1),
  // Counted up to the bound: the matches in rowid order, papers joined, stopped at BOUND + 1.
  boundedJoin: (s) =>
    prep(`SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts f JOIN papers p ON p.id = f.rowid
      WHERE papers_fts MATCH ? AND ${s.where.join(' AND ')} LIMIT ?)`).get(s.filterMatch, ...s.params, BOUND + 1),
  // The count as the API now makes it (src/store/sqlite/lists.ts countPapersUpTo), bound BOUND.
  upTo: (s) => countPapersUpTo(sqlite, { ...filterOf(s), match: s.filterMatch }, BOUND),
  // Its estimate alone: every SAMPLING-th id of the matches, filtered (the first try, biased on the generated corpus).
  sample: (s) => prep(`SELECT count(*) * ${SAMPLING} AS n ${paperMatchesFrom(s.where)} AND f.rowid % ${SAMPLING} = 0`).get(s.filterMatch, ...s.params),
  // The estimate of all the matches by the hash sample the API uses (sampledIdSql), filtered.
  hashSample: (s) => prep(`SELECT count(*) * 16 AS n ${paperMatchesFrom(s.where)} AND ${sampledIdSql('f.rowid')}`).get(s.filterMatch, ...s.params),
  // An estimate from 64 windows of ids, 1/SAMPLING of the id range in all: the index seeks to each.
  windows: (s) => prep(`SELECT count(*) * ${SAMPLING} AS n FROM json_each(?) w CROSS JOIN papers_fts f CROSS JOIN papers p ON p.id = f.rowid
      WHERE papers_fts MATCH ? AND f.rowid BETWEEN w.value ->> 0 AND w.value ->> 1 AND ${s.where.join(' AND ')}`).get(WINDOWS, s.filterMatch, ...s.params),
  // The same with the filters first and the words as IN (SELECT rowid ...), as countPapers has them.
  boundedIn: (s) => {
    const c = paperFilterSql({ ...filterOf(s), match: s.filterMatch });
    return prep(`SELECT count(*) AS n FROM (SELECT 1 FROM papers p WHERE ${c.sql.join(' AND ')} LIMIT ?)`).get(...c.params, BOUND + 1);
  },
};

function filterOf(s: Search) {
  return { categories: s.categories, publishedFrom: s.publishedFrom };
}

const { lo, hi } = sqlite.prepare('SELECT min(id) AS lo, max(id) AS hi FROM papers').get() as { lo: number; hi: number };
const stride = (hi - lo + 1) / 64;
const WINDOWS = JSON.stringify(Array.from({ length: 64 }, (_, i) => [Math.floor(lo + i * stride), Math.floor(lo + i * stride + stride / SAMPLING) - 1]));

async function main(): Promise<void> {
  const chosen = only ? only.split(',') : Object.keys(variants);
  const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  for (const name of chosen) {
    const variant = variants[name];
    const all: number[] = [];
    console.log(`\n## ${name} (${runs} runs of each search)`);
    for (const s of searches) {
      const times: number[] = [];
      let result: unknown;
      for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        result = await variant(s);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      const size = Array.isArray(result) ? `${result.length} rows` : JSON.stringify(result);
      console.log(`${s.search.padEnd(36)} p50 ${quantile(times, 0.5).toFixed(1).padStart(7)} ms  p99 ${quantile(times, 0.99).toFixed(1).padStart(7)} ms  ${size}`);
    }
    all.sort((a, b) => a - b);
    console.log(`${'all'.padEnd(36)} p50 ${quantile(all, 0.5).toFixed(1).padStart(7)} ms  p99 ${quantile(all, 0.99).toFixed(1).padStart(7)} ms`);
  }
}

void main().finally(() => sqlite.close());
