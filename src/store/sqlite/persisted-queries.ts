// The automatic persisted queries' cache (src/http/persisted-queries.ts): the table of migration
// 0014, shared by every process that serves the database.
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import type { PersistedQuery } from '../types';

export function persistedQuery(sqlite: Database.Database, key: string): PersistedQuery | null {
  const row = prepared(sqlite, 'SELECT query, used_at AS usedAt FROM persisted_queries WHERE key = ?').get(key) as PersistedQuery | undefined;
  return row ?? null;
}

export function touchPersistedQuery(sqlite: Database.Database, key: string, usedAt: number): void {
  prepared(sqlite, 'UPDATE persisted_queries SET used_at = ? WHERE key = ?').run(usedAt, key);
}

export function savePersistedQuery(sqlite: Database.Database, key: string, query: string, usedAt: number): void {
  prepared(sqlite, 'INSERT INTO persisted_queries (key, query, used_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET used_at = excluded.used_at').run(
    key,
    query,
    usedAt,
  );
}

/** Keeps the `keep` most recently used queries and deletes the rest. */
export function trimPersistedQueries(sqlite: Database.Database, keep: number): void {
  prepared(sqlite, 'DELETE FROM persisted_queries WHERE key IN (SELECT key FROM persisted_queries ORDER BY used_at DESC LIMIT -1 OFFSET ?)').run(keep);
}

export function deletePersistedQuery(sqlite: Database.Database, key: string): boolean {
  return prepared(sqlite, 'DELETE FROM persisted_queries WHERE key = ?').run(key).changes > 0;
}
