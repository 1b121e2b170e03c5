// The operations' reads on PostgreSQL: whether the database answers, which migrations it has,
// what a bulk load left to do, how much it holds (the banner, the query cost's table sizes), and
// the author the playground's profile tab opens on.
import { row, rows, type PgDb } from './db';
import { withoutCounting } from '../tally';
import type { DatabaseCounts, PendingWork, TableSizes } from '../types';

export async function ping(db: PgDb): Promise<void> {
  await rows(db, 'SELECT 1');
}

/**
 * drizzle's timestamps (`created_at`, the journal's `when`) of the applied migrations; none before
 * the first migration. drizzle's PostgreSQL migrator keeps them in its own schema, "drizzle".
 */
export async function appliedMigrations(db: PgDb): Promise<number[]> {
  const table = await row<{ found: boolean }>(db, "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS found");
  if (!table?.found) return [];
  return (await rows<{ created_at: number | string }>(db, 'SELECT created_at FROM drizzle.__drizzle_migrations')).map((m) => Number(m.created_at));
}

/**
 * The queues a bulk load leaves. No index is ever suspended here: the search vectors are
 * generated columns, written with their rows (./schema.ts), so there is no search_index_suspended.
 */
export async function pendingWork(db: PgDb): Promise<PendingWork> {
  return (await row<PendingWork>(
    db,
    'SELECT (SELECT count(*) FROM author_metrics_pending) AS "pendingAuthorMetrics", (SELECT count(*) FROM novelty_pending) AS "pendingNovelty", 0 AS "suspendedIndexes"',
  ))!;
}

/** The data version (migration 0006): one row by its primary key, from the replica the request reads from. */
export async function dataVersion(db: PgDb): Promise<number> {
  return (await row<{ version: number }>(db, 'SELECT version FROM data_version WHERE id = 1'))!.version;
}

/**
 * Exact counts, as the banner shows them at a start. PostgreSQL's count(*) reads every row (or
 * every index entry), milliseconds per hundred thousand: for a start, not for a request.
 */
export async function databaseCounts(db: PgDb): Promise<DatabaseCounts> {
  return (await row<DatabaseCounts>(
    db,
    'SELECT (SELECT count(*) FROM papers) AS papers, (SELECT count(*) FROM authors) AS authors, (SELECT count(*) FROM novelty_pending) AS "pendingNovelty"',
  ))!;
}

// authorships has no row id: its bound is how many of its rows the table's pages could hold.
// A row takes at least 44 bytes of a page: its header (23 bytes, 24 aligned) and three int4 (12)
// stored as 40 (rows align to 8 bytes on a 64-bit server), and a 4-byte line pointer; a page has
// a 24-byte header. pg_relation_size reads the file's length, not its rows.
const SIZES_SQL = `SELECT (SELECT max(id) FROM papers) AS papers, (SELECT max(id) FROM authors) AS authors,
  pg_relation_size('authorships') / current_setting('block_size')::int * ((current_setting('block_size')::int - 24) / 44) AS authorships`;

/**
 * Upper bounds of the tables' sizes: the largest ids (one index step each, not a count), and the
 * authorships the table's pages could hold. The server's own bookkeeping, so not counted as a
 * statement of the request that asks.
 */
export async function tableSizes(db: PgDb): Promise<TableSizes> {
  // The statement is counted (or not) as rows() starts, synchronously, inside withoutCounting.
  const sizes = (await withoutCounting(() => row<Record<keyof TableSizes, number | null>>(db, SIZES_SQL)))!;
  return { papers: sizes.papers ?? 0, authors: sizes.authors ?? 0, authorships: sizes.authorships ?? 0 };
}

/** The smallest id of an author of this exact name, or null. */
export async function authorIdByName(db: PgDb, name: string): Promise<number | null> {
  return (await row<{ id: number }>(db, 'SELECT id FROM authors WHERE name = ? ORDER BY id LIMIT 1', [name]))?.id ?? null;
}

/** The most cited author (ties to the smaller id), or null when no author has metrics. */
export async function mostCitedAuthorId(db: PgDb): Promise<number | null> {
  return (await row<{ id: number }>(db, 'SELECT author_id AS id FROM author_metrics ORDER BY citation_count DESC, author_id LIMIT 1'))?.id ?? null;
}
