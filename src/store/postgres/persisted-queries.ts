// The automatic persisted queries' cache (src/http/persisted-queries.ts) on PostgreSQL: one
// table shared by every API node of the database, so registering is an upsert and trimming one
// statement, whichever node does it and however many do it at once.
import { queryable, row, rows, type PgDb } from './db';
import type { PersistedQuery } from '../types';

export async function persistedQuery(db: PgDb, key: string): Promise<PersistedQuery | null> {
  return (await row<PersistedQuery>(db, 'SELECT query, used_at AS "usedAt" FROM persisted_queries WHERE key = ?', [key])) ?? null;
}

export async function touchPersistedQuery(db: PgDb, key: string, usedAt: number): Promise<void> {
  await rows(db, 'UPDATE persisted_queries SET used_at = ? WHERE key = ?', [usedAt, key]);
}

/** Registers a query, or marks it used if it is known: a query once registered keeps its text. */
export async function savePersistedQuery(db: PgDb, key: string, query: string, usedAt: number): Promise<void> {
  await rows(
    db,
    'INSERT INTO persisted_queries (key, query, used_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET used_at = excluded.used_at',
    [key, query, usedAt],
  );
}

/** Keeps the `keep` most recently used queries and deletes the rest. */
export async function trimPersistedQueries(db: PgDb, keep: number): Promise<void> {
  // OFFSET without LIMIT: every row after the `keep` newest (SQLite's LIMIT -1 OFFSET ?).
  await rows(db, 'DELETE FROM persisted_queries WHERE key IN (SELECT key FROM persisted_queries ORDER BY used_at DESC OFFSET ?)', [keep]);
}

export async function deletePersistedQuery(db: PgDb, key: string): Promise<boolean> {
  const { rowCount } = await queryable(db).query('DELETE FROM persisted_queries WHERE key = ?', [key]);
  return (rowCount ?? 0) > 0;
}
