// Top-level paper lists: keyset pages straight off the (column, id) indexes, narrowed by filters.
import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { readsOf } from '../db/read-pool';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';
import { type ListArgs } from '../loaders/author-papers.loader';
import { afterSql, orderBySql } from '../pagination/order';
import { toPage, type Page } from '../pagination/page';
import { paperFilterSql, whereClause, type PaperFilter } from '../pagination/paper-filter';

export async function listPapers(sqlite: Database.Database, { first, after, ordering, filter }: ListArgs<PaperRecord>): Promise<Page<PaperRecord>> {
  const conditions = paperFilterSql(filter);
  // A filtered page walks the order's index until it has found a page of matches, which for a
  // rare match is the whole table: it runs off the event loop. An unfiltered one reads a page.
  const filtered = conditions.sql.length > 0;
  if (after) conditions.sql.push(afterSql(ordering));
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${whereClause(conditions.sql)} ORDER BY ${orderBySql(ordering)} LIMIT ?`;
  const params = [...conditions.params, ...(after ?? []), first + 1];
  const rows = filtered ? await readsOf(sqlite).all<PaperRecord>(sql, params) : (prepared(sqlite, sql).all(...params) as PaperRecord[]);
  return toPage(rows.map(toPaper), first);
}

/** Counts every paper of the filter: a scan of the papers, off the event loop (src/db/read-pool.ts). */
export async function countPapers(sqlite: Database.Database, filter?: PaperFilter | null): Promise<number> {
  const conditions = paperFilterSql(filter);
  const row = await readsOf(sqlite).get<{ n: number }>(`SELECT COUNT(*) AS n FROM papers p${whereClause(conditions.sql)}`, conditions.params);
  return row!.n;
}

/** The external ids of the list that no paper has, in the order given. */
export function missingExternalIds(sqlite: Database.Database, externalIds: readonly string[]): string[] {
  const found = new Set(
    prepared(sqlite, 'SELECT external_id FROM papers WHERE external_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(externalIds)) as string[],
  );
  return [...new Set(externalIds)].filter((id) => !found.has(id));
}
