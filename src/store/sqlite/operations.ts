// The operations' reads: whether the database answers, which migrations it has, what a bulk load
// left to do, how much it holds (the banner, the query cost's table sizes), and the author the
// playground's profile tab opens on.
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import { withoutCounting } from './statement-counter';
import type { DatabaseCounts, PendingWork, TableSizes } from '../types';

export function ping(sqlite: Database.Database): void {
  prepared(sqlite, 'SELECT 1').get();
}

/** drizzle's timestamps (`created_at`) of the applied migrations; none before the first migration. */
export function appliedMigrations(sqlite: Database.Database): number[] {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return [];
  return (sqlite.prepare('SELECT created_at FROM __drizzle_migrations').pluck().all() as (number | string)[]).map(Number);
}

export function pendingWork(sqlite: Database.Database): PendingWork {
  return sqlite
    .prepare(
      'SELECT (SELECT COUNT(*) FROM author_metrics_pending) AS pendingAuthorMetrics, (SELECT COUNT(*) FROM novelty_pending) AS pendingNovelty, ' +
        '(SELECT COUNT(*) FROM search_index_suspended) AS suspendedIndexes',
    )
    .get() as PendingWork;
}

/** The data version (migration 0015): one row by its primary key. */
export function dataVersion(sqlite: Database.Database): number {
  return prepared(sqlite, 'SELECT version FROM data_version WHERE id = 1').pluck().get() as number;
}

/** Three counts on indexed tables: a few milliseconds even on a large corpus. */
export function databaseCounts(sqlite: Database.Database): DatabaseCounts {
  return sqlite
    .prepare('SELECT (SELECT count(*) FROM papers) AS papers, (SELECT count(*) FROM authors) AS authors, (SELECT count(*) FROM novelty_pending) AS pendingNovelty')
    .get() as DatabaseCounts;
}

const SIZES_SQL = `SELECT (SELECT max(id) FROM papers) AS papers, (SELECT max(id) FROM authors) AS authors,
  (SELECT max(rowid) FROM authorships) AS authorships`;

/**
 * The tables' largest row ids (one index step each, not a count): upper bounds of their sizes.
 * The server's own bookkeeping, so not counted as a statement of the request that asks.
 */
export function tableSizes(sqlite: Database.Database): TableSizes {
  const row = withoutCounting(() => prepared(sqlite, SIZES_SQL).get()) as Record<keyof TableSizes, number | null>;
  return { papers: row.papers ?? 0, authors: row.authors ?? 0, authorships: row.authorships ?? 0 };
}

/** The smallest id of an author of this exact name, or null. */
export function authorIdByName(sqlite: Database.Database, name: string): number | null {
  const row = sqlite.prepare('SELECT id FROM authors WHERE name = ? ORDER BY id LIMIT 1').get(name) as { id: number } | undefined;
  return row?.id ?? null;
}

/** The most cited author (ties to the smaller id), or null when no author has metrics. */
export function mostCitedAuthorId(sqlite: Database.Database): number | null {
  const row = sqlite.prepare('SELECT author_id AS id FROM author_metrics ORDER BY citation_count DESC, author_id LIMIT 1').get() as
    | { id: number }
    | undefined;
  return row?.id ?? null;
}
