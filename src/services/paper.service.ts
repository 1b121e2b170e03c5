// Top-level paper lists: keyset pages straight off the (column, id) indexes.
import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';
import { type ListArgs } from '../loaders/author-papers.loader';
import { afterSql, orderBySql } from '../pagination/order';
import { toPage, type Page } from '../pagination/page';

export function listPapers(sqlite: Database.Database, { first, after, ordering }: ListArgs<PaperRecord>): Page<PaperRecord> {
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${after ? ` WHERE ${afterSql(ordering)}` : ''}
    ORDER BY ${orderBySql(ordering)} LIMIT ?`;
  const rows = prepared(sqlite, sql).all(...(after ?? []), first + 1) as PaperRecord[];
  return toPage(rows.map(toPaper), first);
}

export function countPapers(sqlite: Database.Database): number {
  return (prepared(sqlite, 'SELECT COUNT(*) AS n FROM papers').get() as { n: number }).n;
}
