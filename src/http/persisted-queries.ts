// Automatic persisted queries shared by every process that serves the database. Apollo keeps
// them in memory by default, one cache per process: under cluster mode the GET that names a
// hash lands on one worker and the POST that registered it had landed on another, so a client
// missed nearly every time. Here the cache is a table of the database (migration 0014), which
// every worker reads, and which a restart keeps. At most MAX_PERSISTED_QUERIES are kept: past
// that, the least recently registered or used go first.
import type Database from 'better-sqlite3';
import { type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { prepared } from '../db/prepared';

export const MAX_PERSISTED_QUERIES = 10_000;
// A query used again is marked used at most this often: a read, not a write, per request.
const TOUCH_EVERY_MS = 60_000;

export class PersistedQueryTable implements KeyValueCache<string> {
  private writes = 0;

  constructor(private readonly sqlite: Database.Database) {}

  async get(key: string): Promise<string | undefined> {
    const row = prepared(this.sqlite, 'SELECT query, used_at AS usedAt FROM persisted_queries WHERE key = ?').get(key) as { query: string; usedAt: number } | undefined;
    if (!row) return undefined;
    const now = Date.now();
    if (now - row.usedAt > TOUCH_EVERY_MS) prepared(this.sqlite, 'UPDATE persisted_queries SET used_at = ? WHERE key = ?').run(now, key);
    return row.query;
  }

  // Apollo registers a query after it resolved, without a ttl (queries do not change meaning).
  async set(key: string, query: string): Promise<void> {
    prepared(this.sqlite, 'INSERT INTO persisted_queries (key, query, used_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET used_at = excluded.used_at').run(key, query, Date.now());
    // Trimmed now and then rather than on every write: the table may pass the bound by a few.
    if (++this.writes % 100 === 0) {
      prepared(
        this.sqlite,
        'DELETE FROM persisted_queries WHERE key IN (SELECT key FROM persisted_queries ORDER BY used_at DESC LIMIT -1 OFFSET ?)',
      ).run(MAX_PERSISTED_QUERIES);
    }
  }

  async delete(key: string): Promise<boolean> {
    return prepared(this.sqlite, 'DELETE FROM persisted_queries WHERE key = ?').run(key).changes > 0;
  }
}
