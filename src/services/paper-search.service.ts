// Papers ranked by relevance to a full-text search (bm25 over title and abstract), combinable
// with every filter. Other orders of a search treat the match as one more filter.
import type Database from 'better-sqlite3';
import { readsOf } from '../db/read-pool';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';
import { type KeyValue } from '../pagination/cursor';
import { type Ordering } from '../pagination/order';
import { toPage, type Page } from '../pagination/page';
import { paperFilterSql, type PaperFilter } from '../pagination/paper-filter';
import { PAPER_SEARCH_JOIN, PAPER_SEARCH_RANK, PAPER_SEARCH_WHERE, paperSearchTopSql } from '../search/paper-search';

export interface RankedPaper extends PaperRecord {
  /** bm25, lower is better. */
  rank: number;
}

/** Best match first; ties by id. Only meaningful with a search. */
export const RELEVANCE: Ordering<RankedPaper> = {
  tag: 'RELEVANCE',
  key: { sql: 'rank', type: 'number', value: (p) => p.rank },
  direction: 'ASC',
  idSql: 'p.id',
  id: (p) => p.id,
};

export interface RelevanceArgs {
  /** The FTS5 expression, from toFtsQuery. */
  match: string;
  filter: PaperFilter | null;
  first: number;
  after: KeyValue[] | null;
}

/** Ranks every match (bm25) to find the best page: a scan of the matches, off the event loop (src/db/read-pool.ts). */
export async function searchPapersByRelevance(sqlite: Database.Database, { match, filter, first, after }: RelevanceArgs): Promise<Page<RankedPaper>> {
  const conditions = paperFilterSql(filter);
  let sql: string;
  let params: unknown[];
  if (conditions.sql.length === 0) {
    // Ranked inside the index, papers joined to the page only: several times faster.
    sql = `SELECT ${PAPER_COLUMNS}, s.rank AS rank FROM (${paperSearchTopSql(after !== null)}) s
      JOIN papers p ON p.id = s.id ORDER BY s.rank, s.id`;
    params = [match, ...(after ?? []), first + 1];
  } else {
    const keyset = after ? ` AND (${PAPER_SEARCH_RANK}, p.id) > (?, ?)` : '';
    sql = `SELECT ${PAPER_COLUMNS}, ${PAPER_SEARCH_RANK} AS rank FROM papers p ${PAPER_SEARCH_JOIN}
      WHERE ${PAPER_SEARCH_WHERE} AND ${conditions.sql.join(' AND ')}${keyset} ORDER BY rank, p.id LIMIT ?`;
    params = [match, ...conditions.params, ...(after ?? []), first + 1];
  }
  return toPage((await readsOf(sqlite).all<RankedPaper>(sql, params)).map(toPaper), first);
}
