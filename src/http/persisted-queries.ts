// Automatic persisted queries shared by every process that serves the database. Apollo keeps
// them in memory by default, one cache per process: under cluster mode the GET that names a
// hash lands on one worker and the POST that registered it had landed on another, so a client
// missed nearly every time. Here the cache is a table of the database (migration 0014), which
// every worker reads, and which a restart keeps. At most MAX_PERSISTED_QUERIES are kept: past
// that, the least recently registered or used go first.
import { type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { type Store } from '../store';

export const MAX_PERSISTED_QUERIES = 10_000;
// A query used again is marked used at most this often: a read, not a write, per request.
const TOUCH_EVERY_MS = 60_000;

export class PersistedQueryTable implements KeyValueCache<string> {
  private writes = 0;

  constructor(private readonly store: Store) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.store.persistedQuery(key);
    if (!row) return undefined;
    const now = Date.now();
    if (now - row.usedAt > TOUCH_EVERY_MS) await this.store.touchPersistedQuery(key, now);
    return row.query;
  }

  // Apollo registers a query after it resolved, without a ttl (queries do not change meaning).
  async set(key: string, query: string): Promise<void> {
    await this.store.savePersistedQuery(key, query, Date.now());
    // Trimmed now and then rather than on every write: the table may pass the bound by a few.
    if (++this.writes % 100 === 0) await this.store.trimPersistedQueries(MAX_PERSISTED_QUERIES);
  }

  async delete(key: string): Promise<boolean> {
    return this.store.deletePersistedQuery(key);
  }
}
