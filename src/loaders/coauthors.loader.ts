// Co-authors of each author with the papers they share (how many, first and last year), a page
// per author in the requested order, all authors of a batch in one statement.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { AUTHOR_COLUMNS, type AuthorRecord } from '../db/records';
import { type Direction } from '../pagination/order';
import { pagesByParent, type Page } from '../pagination/page';
import { countLoader } from './batch';

export interface CoauthorItem extends AuthorRecord {
  parentId: number;
  sharedPaperCount: number;
  firstSharedYear: number;
  lastSharedYear: number;
}

export type CoauthorOrderField = 'SHARED_PAPERS' | 'RECENCY';

export interface CoauthorOrder {
  field: CoauthorOrderField;
  direction: Direction;
}

export const DEFAULT_COAUTHOR_ORDER: CoauthorOrder = { field: 'SHARED_PAPERS', direction: 'DESC' };

/**
 * A position in one ordering: the sort key of the last co-author seen, or null for the start.
 * The ordering travels with the position because a key means nothing in another order, and so
 * that loaders keyed by (first, after) are never shared between orderings.
 */
export interface CoauthorPosition {
  order: CoauthorOrder;
  key: readonly number[] | null;
}

export interface CoauthorArgs {
  first: number;
  after: CoauthorPosition;
}

interface SortColumn {
  sql: string;
  descending: boolean;
  value(item: CoauthorItem): number;
}

const shared = (descending: boolean): SortColumn => ({ sql: 'g.sharedPaperCount', descending, value: (c) => c.sharedPaperCount });
const lastYear = (descending: boolean): SortColumn => ({ sql: 'g.lastSharedYear', descending, value: (c) => c.lastSharedYear });
// Ties go to the smaller author id whatever the direction, so names with equal keys keep one
// order when a client flips the direction.
const byId: SortColumn = { sql: 'g.coauthorId', descending: false, value: (c) => c.id };

/** The direction turns only the field; the tiebreaks stay fixed, so every order is total. */
function sortColumns({ field, direction }: CoauthorOrder): SortColumn[] {
  const descending = direction === 'DESC';
  return field === 'SHARED_PAPERS' ? [shared(descending), byId] : [lastYear(descending), shared(true), byId];
}

/** Names the ordering inside cursors, e.g. RECENCY_DESC. */
export function coauthorOrderTag(order: CoauthorOrder): string {
  return `${order.field}_${order.direction}`;
}

/** The full sort key of a co-author in this order: what a cursor holds. */
export function coauthorSortKey(order: CoauthorOrder, item: CoauthorItem): number[] {
  return sortColumns(order).map((column) => column.value(item));
}

export function coauthorSortKeyLength(order: CoauthorOrder): number {
  return sortColumns(order).length;
}

// Mixed directions in one row-value comparison: descending columns are negated, so "after the
// cursor" is always `>` and a single comparison serves every ordering.
function afterSql(columns: SortColumn[]): string {
  const signed = columns.map((c) => (c.descending ? `-${c.sql}` : c.sql));
  return `(${signed.join(', ')}) > (${columns.map(() => '?').join(', ')})`;
}

function afterParams(columns: SortColumn[], key: readonly number[]): number[] {
  return columns.map((c, i) => (c.descending ? -key[i] : key[i]));
}

// published_at is a checked ISO date, so its first four characters are the year.
const SHARED = `SELECT mine.author_id AS parentId, theirs.author_id AS coauthorId, COUNT(*) AS sharedPaperCount,
         CAST(substr(MIN(p.published_at), 1, 4) AS INTEGER) AS firstSharedYear,
         CAST(substr(MAX(p.published_at), 1, 4) AS INTEGER) AS lastSharedYear
    FROM authorships mine
    JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
    JOIN papers p ON p.id = mine.paper_id
   WHERE mine.author_id IN (SELECT value FROM json_each(?))
   GROUP BY mine.author_id, theirs.author_id`;

export function coauthorsLoader(sqlite: Database.Database, { first, after }: CoauthorArgs): DataLoader<number, Page<CoauthorItem>> {
  const columns = sortColumns(after.order);
  const orderBy = columns.map((c) => `${c.sql} ${c.descending ? 'DESC' : 'ASC'}`).join(', ');
  const sql = `SELECT * FROM (
      SELECT g.parentId AS parentId, g.sharedPaperCount AS sharedPaperCount,
             g.firstSharedYear AS firstSharedYear, g.lastSharedYear AS lastSharedYear, ${AUTHOR_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY g.parentId ORDER BY ${orderBy}) AS rank
        FROM (${SHARED}) g JOIN authors au ON au.id = g.coauthorId
       ${after.key ? `WHERE ${afterSql(columns)}` : ''}
    ) WHERE rank <= ? ORDER BY parentId, rank`;
  const params = after.key ? afterParams(columns, after.key) : [];
  return new DataLoader(async (authorIds) => {
    const rows = prepared(sqlite, sql).all(keyList(authorIds), ...params, first + 1) as CoauthorItem[];
    return pagesByParent(authorIds, rows, first);
  });
}

export function coauthorCountLoader(sqlite: Database.Database): DataLoader<number, number> {
  return countLoader(
    sqlite,
    `SELECT mine.author_id AS id, COUNT(DISTINCT theirs.author_id) AS n
       FROM authorships mine
       JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
      WHERE mine.author_id IN (SELECT value FROM json_each(?))
      GROUP BY mine.author_id`,
  );
}
