// Top-level lists on PostgreSQL, the port of ../sqlite/lists.ts: keyset pages of papers and
// authors off the (column, id) indexes, narrowed by filters (./conditions.ts); their counts;
// papers ranked by a full-text search (./paper-search.ts) and authors by name (./author-search.ts).
import type { Store } from '../store';
import type { AuthorPageArgs, ListedAuthor, RelevanceArgs } from '../sqlite/lists';
import { toPage } from '../sqlite/pages';
import type { AuthorFilter, BoundedCount, Page, PaperFilter, PaperPageArgs, PaperRecord, RankedPaper } from '../types';
import { afterSql, authorFilterSql, authorKeyset, orderBySql, paperFilterSql, paperKeyset, whereClause } from './conditions';
import { row, rows, type PgDb } from './db';
import { countAuthorNameMatches, searchAuthorNames } from './author-search';
import { PAPER_SEARCH_QUERY, PAPER_SEARCH_RANK, PAPER_SEARCH_WHERE, paperExcerpts } from './paper-search';
import { ESTIMATE_SAMPLING, sampledIdSql } from '../sqlite/paper-search';
import { PAPER_COLUMNS, STORED_METRICS_COLUMNS } from './records';
import { toTsQuery } from './search-query';

export type ListReadsPart = Pick<Store, 'listPapers' | 'countPapers' | 'countPapersUpTo' | 'missingExternalIds' | 'searchPapers' | 'listAuthors' | 'paperExcerpts' | 'searchAuthors' | 'countAuthorNameMatches' | 'countAuthors'>;

async function listPapers(db: PgDb, { first, after, order, filter }: PaperPageArgs): Promise<Page<PaperRecord>> {
  const keyset = paperKeyset(order);
  const conditions = paperFilterSql(filter);
  if (after) conditions.sql.push(afterSql(keyset));
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${whereClause(conditions.sql)} ORDER BY ${orderBySql(keyset)} LIMIT ?`;
  return toPage(await rows<PaperRecord>(db, sql, [...conditions.params, ...(after ?? []), first + 1]), first);
}

async function countPapers(db: PgDb, filter?: PaperFilter | null): Promise<number> {
  const conditions = paperFilterSql(filter);
  return (await row<{ n: number }>(db, `SELECT count(*) AS n FROM papers p${whereClause(conditions.sql)}`, conditions.params))!.n;
}

/**
 * Counted up to `bound`; past it, estimated from a sample of one id in ESTIMATE_SAMPLING
 * (sampledIdSql) of all the matches, scaled up. SQLite reads its index's matches in id order, so it counts the first
 * bound + 1 exactly and samples only the rest (../sqlite/lists.ts countPapersUpTo); here the
 * matches come in no order short of sorting them all, so the whole is sampled: the same count
 * up to the bound, an estimate past it as honest but a little less close. The sample saves less
 * here too: the ids are read from the rows the search index points to, all of them.
 */
async function countPapersUpTo(db: PgDb, filter: PaperFilter | null | undefined, bound: number): Promise<BoundedCount> {
  const conditions = paperFilterSql(filter);
  const where = whereClause(conditions.sql);
  const counted = (await row<{ n: number }>(db, `SELECT count(*) AS n FROM (SELECT 1 FROM papers p${where} LIMIT ?) s`, [...conditions.params, bound + 1]))!.n;
  if (counted <= bound) return { count: counted, exact: true };
  const sample = whereClause([...conditions.sql, sampledIdSql('p.id')]);
  const sampled = (await row<{ n: number }>(db, `SELECT count(*) AS n FROM papers p${sample}`, conditions.params))!.n;
  // More than the bound for certain, whatever the sample says.
  return { count: Math.max(bound + 1, sampled * ESTIMATE_SAMPLING), exact: false };
}

/** The external ids of the list that no paper has, in the order given. */
async function missingExternalIds(db: PgDb, externalIds: readonly string[]): Promise<string[]> {
  const found = await rows<{ externalId: string }>(db, 'SELECT external_id AS "externalId" FROM papers WHERE external_id = ANY(?::text[])', [externalIds]);
  const known = new Set(found.map((paper) => paper.externalId));
  return [...new Set(externalIds)].filter((id) => !known.has(id));
}

/** Papers ranked by relevance (./paper-search.ts), within every filter; a keyset page on [rank, id]. */
async function searchPapers(db: PgDb, { match, filter, first, after }: RelevanceArgs): Promise<Page<RankedPaper>> {
  const query = toTsQuery(match);
  // An expression without a word matches nothing, as FTS5 finds nothing for it.
  if (query === null) return { items: [], hasNextPage: false };
  const conditions = paperFilterSql(filter);
  if (after) conditions.sql.push(`(${PAPER_SEARCH_RANK}, p.id) > (?::float8, ?::int8)`);
  const sql = `SELECT ${PAPER_COLUMNS}, ${PAPER_SEARCH_RANK} AS rank FROM papers p, ${PAPER_SEARCH_QUERY}
    WHERE ${[PAPER_SEARCH_WHERE, ...conditions.sql].join(' AND ')} ORDER BY rank, p.id LIMIT ?`;
  return toPage(await rows<RankedPaper>(db, sql, [query, ...conditions.params, ...(after ?? []), first + 1]), first);
}

const RANKED_AUTHOR_COLUMNS =
  'au.id AS "id", au.name AS "name", au.external_id AS "externalId", m.h_index AS "hIndex", ' +
  'm.citation_count AS "citationCount", m.paper_count AS "paperCount", m.novelty_key AS "noveltyKey"';

const AUTHORS_FROM = 'FROM author_metrics m JOIN authors au ON au.id = m.author_id';

// Author lists and leaderboards: keyset pages over author_metrics, the metrics read off the row
// the page is ordered on (../sqlite/lists.ts).
async function listAuthors(db: PgDb, { first, after, order, filter }: AuthorPageArgs): Promise<Page<ListedAuthor>> {
  const keyset = authorKeyset(order);
  const conditions = authorFilterSql(filter);
  if (after) conditions.sql.push(afterSql(keyset));
  const sql = `SELECT ${RANKED_AUTHOR_COLUMNS}, ${STORED_METRICS_COLUMNS} ${AUTHORS_FROM}${whereClause(conditions.sql)} ORDER BY ${orderBySql(keyset)} LIMIT ?`;
  return toPage(await rows<ListedAuthor>(db, sql, [...conditions.params, ...(after ?? []), first + 1]), first);
}

async function countAuthors(db: PgDb, filter: AuthorFilter | null): Promise<number> {
  const conditions = authorFilterSql(filter);
  return (await row<{ n: number }>(db, `SELECT count(*) AS n ${AUTHORS_FROM}${whereClause(conditions.sql)}`, conditions.params))!.n;
}

export function listReads(db: PgDb): ListReadsPart {
  return {
    listPapers: (args) => listPapers(db, args),
    countPapers: (filter) => countPapers(db, filter),
    countPapersUpTo: (filter, bound) => countPapersUpTo(db, filter, bound),
    missingExternalIds: (ids) => missingExternalIds(db, ids),
    searchPapers: (args) => searchPapers(db, args),
    listAuthors: (args) => listAuthors(db, args),
    countAuthors: (filter) => countAuthors(db, filter),
    paperExcerpts: (text, ids) => paperExcerpts(db, text, ids),
    searchAuthors: (args) => searchAuthorNames(db, args),
    countAuthorNameMatches: (query) => countAuthorNameMatches(db, query),
  };
}
