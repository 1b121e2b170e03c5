// Automatic persisted queries shared by every process that serves the database. Apollo keeps
// them in memory by default, one cache per process: under cluster mode the GET that names a
// hash lands on one worker and the POST that registered it had landed on another, so a client
// missed nearly every time. Here the cache is a table of the database (migration 0014), which
// every worker reads, and which a restart keeps. At most MAX_PERSISTED_QUERIES are kept: past
// that, the least recently registered or used go first.
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { type Store } from '../store';

export const MAX_PERSISTED_QUERIES = 10_000;
// A query used again is marked used at most this often: a read, not a write, per request.
const TOUCH_EVERY_MS = 60_000;
// The texts this process keeps in memory, in characters.
const KNOWN_QUERIES_SIZE = 4 * 2 ** 20;

interface KnownQuery {
  query: string;
  /** When this process last marked it used in the table (or saved it there). */
  touchedAt: number;
}

export class PersistedQueryTable implements KeyValueCache<string> {
  private writes = 0;
  /**
   * The queries this process has read or registered, by hash. A hash names one text for good,
   * so a query named again is answered from here: no read per request, and no write when a
   * client sends the text with its hash every time (Apollo registers it again each time). The
   * table still hears of its use once per TOUCH_EVERY_MS, as it did from the reads.
   */
  private readonly known = new InMemoryLRUCache<KnownQuery>({ maxSize: KNOWN_QUERIES_SIZE, sizeCalculation: (known) => known.query.length || 1 });

  constructor(private readonly store: Store) {}

  async get(key: string): Promise<string | undefined> {
    const now = Date.now();
    const known = await this.known.get(key);
    if (known) {
      if (now - known.touchedAt > TOUCH_EVERY_MS) await this.save(key, known.query, now);
      return known.query;
    }
    const row = await this.store.persistedQuery(key);
    if (!row) return undefined;
    const stale = now - row.usedAt > TOUCH_EVERY_MS;
    if (stale) await this.store.touchPersistedQuery(key, now);
    await this.known.set(key, { query: row.query, touchedAt: stale ? now : row.usedAt });
    return row.query;
  }

  // Apollo registers a query after it resolved, without a ttl (queries do not change meaning).
  async set(key: string, query: string): Promise<void> {
    const now = Date.now();
    const known = await this.known.get(key);
    if (known?.query === query && now - known.touchedAt <= TOUCH_EVERY_MS) return;
    await this.save(key, query, now);
  }

  async delete(key: string): Promise<boolean> {
    await this.known.delete(key);
    return this.store.deletePersistedQuery(key);
  }

  /** Registered, or marked used (saved again: the table may have dropped it meanwhile). */
  private async save(key: string, query: string, now: number): Promise<void> {
    await this.store.savePersistedQuery(key, query, now);
    await this.known.set(key, { query, touchedAt: now });
    // Trimmed now and then rather than on every write: the table may pass the bound by a few.
    if (++this.writes % 100 === 0) await this.store.trimPersistedQueries(MAX_PERSISTED_QUERIES);
  }
}
