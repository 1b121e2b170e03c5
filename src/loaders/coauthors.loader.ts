// Co-authors of each author with the papers they share (how many, first and last year), a page
// per author in the requested order, all authors of a batch in one statement. The years cost a
// read of every shared paper, so a page reads them only when asked to or when its order needs them.
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
  /** Only in pages loaded with years (see coauthorYearsNeeded). */
  firstSharedYear?: number;
  lastSharedYear?: number;
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
  /**
   * Read firstSharedYear and lastSharedYear (an order on them reads them anyway). Part of the
   * loader's key: a page without them is never shared with a selection that shows them.
   */
  withYears: boolean;
}

interface SortColumn {
  sql: string;
  descending: boolean;
  /** The column is a shared year: the page must read the years to sort, and the cursor holds one. */
  isYear: boolean;
  value(item: CoauthorItem): number;
}

const shared = (descending: boolean): SortColumn => ({ sql: 'g.sharedPaperCount', descending, isYear: false, value: (c) => c.sharedPaperCount });
const lastYear = (descending: boolean): SortColumn => ({ sql: 'g.lastSharedYear', descending, isYear: true, value: (c) => c.lastSharedYear! });
// Ties go to the smaller author id whatever the direction, so names with equal keys keep one
// order when a client flips the direction.
const byId: SortColumn = { sql: 'g.coauthorId', descending: false, isYear: false, value: (c) => c.id };

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

/** Whether a page must read the shared years: when they are selected, or when the order (and so the cursor) holds one. */
export function coauthorYearsNeeded(order: CoauthorOrder, selected: boolean): boolean {
  return selected || sortColumns(order).some((column) => column.isYear);
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

// Each pair of co-authors of the batch's authors, with how many papers they share.
const PAIRS = `FROM authorships mine
    JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id`;
const BY_PAIR = `WHERE mine.author_id IN (SELECT value FROM json_each(?))
   GROUP BY mine.author_id, theirs.author_id`;

const SHARED = `SELECT mine.author_id AS parentId, theirs.author_id AS coauthorId, COUNT(*) AS sharedPaperCount
    ${PAIRS}
   ${BY_PAIR}`;

// The years read every shared paper. published_at is a checked ISO date, so its first four
// characters are the year. Every authorship has its paper (a foreign key), so the counts are
// those of SHARED.
const SHARED_WITH_YEARS = `SELECT mine.author_id AS parentId, theirs.author_id AS coauthorId, COUNT(*) AS sharedPaperCount,
         CAST(substr(MIN(p.published_at), 1, 4) AS INTEGER) AS firstSharedYear,
         CAST(substr(MAX(p.published_at), 1, 4) AS INTEGER) AS lastSharedYear
    ${PAIRS}
    JOIN papers p ON p.id = mine.paper_id
   ${BY_PAIR}`;

export function coauthorsLoader(sqlite: Database.Database, { first, after, withYears }: CoauthorArgs): DataLoader<number, Page<CoauthorItem>> {
  const columns = sortColumns(after.order);
  const years = coauthorYearsNeeded(after.order, withYears);
  const orderBy = columns.map((c) => `${c.sql} ${c.descending ? 'DESC' : 'ASC'}`).join(', ');
  const yearColumns = years ? 'g.firstSharedYear AS firstSharedYear, g.lastSharedYear AS lastSharedYear, ' : '';
  const sql = `SELECT * FROM (
      SELECT g.parentId AS parentId, g.sharedPaperCount AS sharedPaperCount, ${yearColumns}${AUTHOR_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY g.parentId ORDER BY ${orderBy}) AS rank
        FROM (${years ? SHARED_WITH_YEARS : SHARED}) g JOIN authors au ON au.id = g.coauthorId
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
