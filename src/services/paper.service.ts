// Top-level paper lists: keyset pages straight off the (column, id) indexes, narrowed by filters.
import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';
import { type ListArgs } from '../loaders/author-papers.loader';
import { afterSql, orderBySql } from '../pagination/order';
import { toPage, type Page } from '../pagination/page';
import { paperFilterSql, whereClause, type PaperFilter } from '../pagination/paper-filter';

export function listPapers(sqlite: Database.Database, { first, after, ordering, filter }: ListArgs<PaperRecord>): Page<PaperRecord> {
  const conditions = paperFilterSql(filter);
  if (after) conditions.sql.push(afterSql(ordering));
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${whereClause(conditions.sql)} ORDER BY ${orderBySql(ordering)} LIMIT ?`;
  const rows = prepared(sqlite, sql).all(...conditions.params, ...(after ?? []), first + 1) as PaperRecord[];
  return toPage(rows.map(toPaper), first);
}

export function countPapers(sqlite: Database.Database, filter?: PaperFilter | null): number {
  const conditions = paperFilterSql(filter);
  return (prepared(sqlite, `SELECT COUNT(*) AS n FROM papers p${whereClause(conditions.sql)}`).get(...conditions.params) as { n: number }).n;
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
