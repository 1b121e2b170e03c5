// The store on PostgreSQL (issue 19): the Store interface of ../index.ts over a pg.Pool, each
// use case in a module of its own, as on SQLite. Opened by openPostgresStore; the server, the
// CLIs and the tests hold the Store it returns and never the pool.
import type { Store } from '../store';
import { asRequest, closePgDb, openPgDb, row, type PgDb } from './db';
import { sharedBuckets, type SharedBucketOptions } from './rate-limits';
import { type RateLimiterAbstract } from 'rate-limiter-flexible';
import { batchReads } from './batch-reads';
import { listReads } from './lists';
import { mutationStore } from './mutation-store';
import { noveltyStore } from './novelty-store';
import { serviceStore } from './service-store';
import { openPaperWrites } from './paper-writes';
import { migratePostgres } from './client';

export { migratePostgres } from './client';
export { asRequest, type PgDb } from './db';

/** The store over an open pool. */
export function postgresStore(db: PgDb): Store {
  return {
    ...batchReads(db),
    ...listReads(db),
    ...mutationStore(db),
    ...noveltyStore(db),
    ...serviceStore(db),
    openPaperWrites: (options) => openPaperWrites(db, options),
    holdsNoData: async () =>
      (await row<{ empty: boolean }>(db, 'SELECT NOT EXISTS (SELECT 1 FROM papers) AND NOT EXISTS (SELECT 1 FROM authors) AS empty'))!.empty,
  };
}

export interface OpenedPostgresStore {
  store: Store;
  db: PgDb;
  /**
   * Runs `work` while holding the start's lock: API nodes starting at once on one new database
   * seed it once, the others waiting, then finding it seeded.
   */
  withStartLock<T>(work: () => Promise<T>): Promise<T>;
  /** Runs one request's work: once it has written, its reads go to the primary (./db.ts asRequest). */
  inRequest<T>(work: () => T): T;
  /** Rate-limit buckets every node shares, in the database (./rate-limits.ts). */
  sharedBuckets(options: SharedBucketOptions): RateLimiterAbstract;
  close(): Promise<void>;
}

// Any fixed 64-bit number, the same in every process (./client.ts's migration lock is another).
const START_LOCK = 7_317_640_020;

/** The store over the database at `url` (postgres://...), migrated first unless `migrate` is false. */
export interface PostgresStoreOptions {
  /** Apply the migrations first (true by default; a cluster's workers open what the primary migrated). */
  migrate?: boolean;
  /** Connections per pool. */
  max?: number;
  /** Streaming replicas for the reads (DATABASE_READ_URLS). */
  readUrls?: readonly string[];
}

export async function openPostgresStore(url: string, { migrate = true, max, readUrls = [] }: PostgresStoreOptions = {}): Promise<OpenedPostgresStore> {
  if (migrate) await migratePostgres(url);
  const db = openPgDb(url, { max, readUrls });
  const withStartLock = async <T>(work: () => Promise<T>): Promise<T> => {
    // A session lock on a client of its own, held while `work` uses the pool's other clients.
    const client = await db.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [START_LOCK]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [START_LOCK]);
      }
    } finally {
      client.release();
    }
  };
  return {
    store: postgresStore(db),
    db,
    withStartLock,
    inRequest: asRequest,
    sharedBuckets: (options) => sharedBuckets(db, options),
    close: () => closePgDb(db),
  };
}
