// Author lists and leaderboards: keyset pages over author_metrics, never computing a metric.
import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { readsOf } from '../db/read-pool';
import { STORED_METRICS_COLUMNS, type StoredAuthorMetrics } from '../db/records';
import { authorFilterSql, RANKED_AUTHOR_COLUMNS, type AuthorFilter, type RankedAuthor } from '../pagination/author-order';
import { type KeyValue } from '../pagination/cursor';
import { afterSql, orderBySql, type Ordering } from '../pagination/order';
import { toPage, type Page } from '../pagination/page';
import { whereClause } from '../pagination/paper-filter';

export interface AuthorListArgs {
  first: number;
  after: KeyValue[] | null;
  ordering: Ordering<RankedAuthor>;
  filter: AuthorFilter | null;
}

/** A listed author with every stored metric, as the metrics loader reads them: the list's rows prime it. */
export type ListedAuthor = RankedAuthor & StoredAuthorMetrics;

const FROM = 'FROM author_metrics m JOIN authors au ON au.id = m.author_id';

// The metrics come from the row the page is ordered on, at no extra read. The sort keys some of
// them repeat are the same columns, so the repeated names carry the same values.
export function listAuthors(sqlite: Database.Database, { first, after, ordering, filter }: AuthorListArgs): Page<ListedAuthor> {
  const conditions = authorFilterSql(filter);
  if (after) conditions.sql.push(afterSql(ordering));
  const sql = `SELECT ${RANKED_AUTHOR_COLUMNS}, ${STORED_METRICS_COLUMNS} ${FROM}${whereClause(conditions.sql)} ORDER BY ${orderBySql(ordering)} LIMIT ?`;
  return toPage(prepared(sqlite, sql).all(...conditions.params, ...(after ?? []), first + 1) as ListedAuthor[], first);
}

/** A scan of the authors, off the event loop (src/db/read-pool.ts). */
export async function countListedAuthors(sqlite: Database.Database, filter: AuthorFilter | null): Promise<number> {
  const conditions = authorFilterSql(filter);
  return (await readsOf(sqlite).get<{ n: number }>(`SELECT COUNT(*) AS n ${FROM}${whereClause(conditions.sql)}`, conditions.params))!.n;
}
