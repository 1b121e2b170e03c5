// An author's papers, a page per author, for every author of the batch in one statement:
// ROW_NUMBER() ranks each author's papers in the requested order and keeps first + 1 of them.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';
import { type KeyValue } from '../pagination/cursor';
import { afterSql, orderBySql, type Ordering } from '../pagination/order';
import { pagesByParent, type Page } from '../pagination/page';
import { paperFilterSql, type PaperFilter } from '../pagination/paper-filter';
import { countLoader } from './batch';

export interface AuthorPaperItem extends PaperRecord {
  parentId: number;
  /** The author's place in this paper's author list. */
  position: number;
}

export interface ListArgs<T> {
  first: number;
  after: KeyValue[] | null;
  ordering: Ordering<T>;
  filter?: PaperFilter | null;
}

export function authorPapersLoader(
  sqlite: Database.Database,
  { first, after, ordering, filter }: ListArgs<PaperRecord>,
): DataLoader<number, Page<AuthorPaperItem>> {
  const conditions = paperFilterSql(filter);
  if (after) conditions.sql.push(afterSql(ordering));
  const sql = `SELECT * FROM (
      SELECT s.author_id AS parentId, s.position AS position, ${PAPER_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY s.author_id ORDER BY ${orderBySql(ordering)}) AS rank
        FROM authorships s JOIN papers p ON p.id = s.paper_id
       WHERE s.author_id IN (SELECT value FROM json_each(?))${conditions.sql.map((c) => ` AND ${c}`).join('')}
    ) WHERE rank <= ? ORDER BY parentId, rank`;
  return new DataLoader(async (authorIds) => {
    const rows = prepared(sqlite, sql).all(keyList(authorIds), ...conditions.params, ...(after ?? []), first + 1) as AuthorPaperItem[];
    return pagesByParent(authorIds, rows.map(toPaper), first);
  });
}

export function authorPaperCountLoader(sqlite: Database.Database, filter?: PaperFilter | null): DataLoader<number, number> {
  const conditions = paperFilterSql(filter);
  if (conditions.sql.length === 0) {
    return countLoader(
      sqlite,
      `SELECT author_id AS id, COUNT(*) AS n FROM authorships
        WHERE author_id IN (SELECT value FROM json_each(?)) GROUP BY author_id`,
    );
  }
  return countLoader(
    sqlite,
    `SELECT s.author_id AS id, COUNT(*) AS n FROM authorships s JOIN papers p ON p.id = s.paper_id
      WHERE s.author_id IN (SELECT value FROM json_each(?))${conditions.sql.map((c) => ` AND ${c}`).join('')}
      GROUP BY s.author_id`,
    conditions.params,
  );
}
