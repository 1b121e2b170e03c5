// Top-level lists: keyset pages of papers and authors straight off the (column, id) indexes,
// narrowed by filters; the counts of those lists; and papers ranked by a full-text search.
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import { readsOf } from './read-pool';
import { PAPER_COLUMNS, STORED_METRICS_COLUMNS, toPaper } from './records';
import { ESTIMATE_SAMPLING, PAPER_SEARCH_JOIN, PAPER_SEARCH_RANK, PAPER_SEARCH_WHERE, paperMatchesFrom, paperSearchTopSql, RANKED_CANDIDATES, sampledIdSql } from './paper-search';
import {
  type AuthorFilter,
  type AuthorOrder,
  type BoundedCount,
  type KeyValue,
  type Page,
  type PaperFilter,
  type PaperPageArgs,
  type PaperRecord,
  type RankedAuthor,
  type RankedPaper,
  type StoredAuthorMetrics,
} from '../types';
import { afterSql, andAll, authorFilterSql, authorKeyset, orderBySql, paperFilterSql, paperKeyset, whereClause } from './conditions';
import { toPage } from './pages';

type Sqlite = Database.Database;

export async function listPapers(sqlite: Sqlite, { first, after, order, filter }: PaperPageArgs): Promise<Page<PaperRecord>> {
  const keyset = paperKeyset(order);
  const conditions = paperFilterSql(filter);
  // A filtered page walks the order's index until it has found a page of matches, which for a
  // rare match is the whole table: it runs off the event loop. An unfiltered one reads a page.
  const filtered = conditions.sql.length > 0;
  if (after) conditions.sql.push(afterSql(keyset));
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${whereClause(conditions.sql)} ORDER BY ${orderBySql(keyset)} LIMIT ?`;
  const params = [...conditions.params, ...(after ?? []), first + 1];
  const rows = filtered ? await readsOf(sqlite).all<PaperRecord>(sql, params) : (prepared(sqlite, sql).all(...params) as PaperRecord[]);
  return toPage(rows.map(toPaper), first);
}

/** Counts every paper of the filter: a scan of the papers, off the event loop (src/store/sqlite/read-pool.ts). */
export async function countPapers(sqlite: Sqlite, filter?: PaperFilter | null): Promise<number> {
  const conditions = paperFilterSql(filter);
  const row = await readsOf(sqlite).get<{ n: number }>(`SELECT COUNT(*) AS n FROM papers p${whereClause(conditions.sql)}`, conditions.params);
  return row!.n;
}

/**
 * The papers of the filter counted up to `bound` and estimated past it (the Store's
 * countPapersUpTo). A search's matches are read in id order until bound + 1 have passed the
 * other filters; if they all did, the matches after the last of them are counted in a sample
 * (one id in ESTIMATE_SAMPLING, sampledIdSql) and scaled up: the first bound + 1 exact, the rest estimated.
 * Off the event loop (src/store/sqlite/read-pool.ts).
 */
export async function countPapersUpTo(sqlite: Sqlite, filter: PaperFilter | null | undefined, bound: number): Promise<BoundedCount> {
  const { match, ...others } = filter ?? {};
  const conditions = paperFilterSql(others);
  // The index returns its matches in id order; a list without words is read on papers' own.
  const [from, id, params] = match
    ? [paperMatchesFrom(conditions.sql), 'f.rowid', [match, ...conditions.params]]
    : [`FROM papers p WHERE 1${andAll(conditions.sql)}`, 'p.id', conditions.params];
  const order = match ? '' : ' ORDER BY p.id';
  const reads = readsOf(sqlite);
  const first = (await reads.get<{ n: number; last: number | null }>(
    `SELECT count(*) AS n, max(id) AS last FROM (SELECT ${id} AS id ${from}${order} LIMIT ?)`,
    [...params, bound + 1],
  ))!;
  if (first.n <= bound) return { count: first.n, exact: true };
  const rest = (await reads.get<{ n: number }>(`SELECT count(*) AS n ${from} AND ${id} > ? AND ${sampledIdSql(id)}`, [...params, first.last]))!.n;
  return { count: first.n + rest * ESTIMATE_SAMPLING, exact: false };
}

/** The external ids of the list that no paper has, in the order given. */
export function missingExternalIds(sqlite: Sqlite, externalIds: readonly string[]): string[] {
  const found = new Set(
    prepared(sqlite, 'SELECT external_id FROM papers WHERE external_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(externalIds)) as string[],
  );
  return [...new Set(externalIds)].filter((id) => !found.has(id));
}

export interface RelevanceArgs {
  /** The FTS5 expression, from toFtsQuery. */
  match: string;
  filter: PaperFilter | null;
  first: number;
  /** [rank, id] of the last hit seen. */
  after: KeyValue[] | null;
}

/**
 * Papers ranked by relevance to a full-text search (bm25 over title and abstract), combinable
 * with every filter: a scan of the matches, off the event loop (src/store/sqlite/read-pool.ts).
 */
export async function searchPapers(sqlite: Sqlite, { match, filter, first, after }: RelevanceArgs): Promise<Page<RankedPaper>> {
  const conditions = paperFilterSql(filter);
  const reads = readsOf(sqlite);
  const top = paperSearchTopSql(after !== null);
  if (conditions.sql.length === 0) {
    // Ranked inside the index, papers joined to the page only: several times faster.
    const sql = `SELECT ${PAPER_COLUMNS}, s.rank AS rank FROM (${top}) s JOIN papers p ON p.id = s.id ORDER BY s.rank, s.id`;
    return toPage((await reads.all<RankedPaper>(sql, [match, ...(after ?? []), first + 1])).map(toPaper), first);
  }
  // The best RANKED_CANDIDATES matches, ranked inside the index, then the filters on their
  // papers: a page found among them is the page. Else every match joined to its paper.
  const filters = conditions.sql.join(' AND ');
  const candidates = await reads.all<RankedPaper>(
    `SELECT ${PAPER_COLUMNS}, s.rank AS rank FROM (${top}) s JOIN papers p ON p.id = s.id WHERE ${filters} ORDER BY s.rank, s.id LIMIT ?`,
    [match, ...(after ?? []), RANKED_CANDIDATES, ...conditions.params, first + 1],
  );
  if (candidates.length > first) return toPage(candidates.map(toPaper), first);
  const keyset = after ? ` AND (${PAPER_SEARCH_RANK}, p.id) > (?, ?)` : '';
  const sql = `SELECT ${PAPER_COLUMNS}, ${PAPER_SEARCH_RANK} AS rank FROM papers p ${PAPER_SEARCH_JOIN}
    WHERE ${PAPER_SEARCH_WHERE} AND ${filters}${keyset} ORDER BY rank, p.id LIMIT ?`;
  return toPage((await reads.all<RankedPaper>(sql, [match, ...conditions.params, ...(after ?? []), first + 1])).map(toPaper), first);
}

/** A listed author with every stored metric, as the metrics batch read gives them: the list's rows prime it. */
export type ListedAuthor = RankedAuthor & StoredAuthorMetrics;

export interface AuthorPageArgs {
  first: number;
  after: KeyValue[] | null;
  order: AuthorOrder;
  filter: AuthorFilter | null;
}

const RANKED_AUTHOR_COLUMNS =
  'au.id AS id, au.name AS name, au.external_id AS externalId, m.h_index AS hIndex, ' +
  'm.citation_count AS citationCount, m.paper_count AS paperCount, m.novelty_key AS noveltyKey';

const AUTHORS_FROM = 'FROM author_metrics m JOIN authors au ON au.id = m.author_id';

// Author lists and leaderboards: keyset pages over author_metrics, never computing a metric. The
// metrics come from the row the page is ordered on, at no extra read; the sort keys some of them
// repeat are the same columns, so the repeated names carry the same values.
export function listAuthors(sqlite: Sqlite, { first, after, order, filter }: AuthorPageArgs): Page<ListedAuthor> {
  const keyset = authorKeyset(order);
  const conditions = authorFilterSql(filter);
  if (after) conditions.sql.push(afterSql(keyset));
  const sql = `SELECT ${RANKED_AUTHOR_COLUMNS}, ${STORED_METRICS_COLUMNS} ${AUTHORS_FROM}${whereClause(conditions.sql)} ORDER BY ${orderBySql(keyset)} LIMIT ?`;
  return toPage(prepared(sqlite, sql).all(...conditions.params, ...(after ?? []), first + 1) as ListedAuthor[], first);
}

/** A scan of the authors, off the event loop (src/store/sqlite/read-pool.ts). */
export async function countAuthors(sqlite: Sqlite, filter: AuthorFilter | null): Promise<number> {
  const conditions = authorFilterSql(filter);
  return (await readsOf(sqlite).get<{ n: number }>(`SELECT COUNT(*) AS n ${AUTHORS_FROM}${whereClause(conditions.sql)}`, conditions.params))!.n;
}
