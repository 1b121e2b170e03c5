// The store: the one way the layers above reach the data (issue 18). Its interface is by use
// case and asynchronous, so that another engine can implement it: the batch reads behind the
// request's loaders (one statement per batch of keys), the lists and their counts, search, the
// API's writes (./mutation-types), the one write path for papers that loads go through
// (./write-types), novelty and the pending work (./novelty-types), keys, persisted queries and
// the operations' reads. Only the store knows SQL, the driver and Drizzle (test/layers checks
// it); above it, code holds a Store and the types of ./types.
//
// Still synchronous on the connection a process holds (a Db), and exported as such below: the
// bulk loads' index suspension and connection tuning, the start's pending work, the backup's
// snapshot, and the request's statement tally and read threads. They are SQLite's own
// mechanisms; the next engine gives them an asynchronous form or none.

export * from './types';
export * from './mutation-types';
export * from './novelty-types';
export * from './write-types';
// Opening a database file: the connection settings every process uses, the migrations, the
// per-request statement tally and the read threads. The handle (Db) is still held above the store
// by the server's request context and the bulk loaders, until their use cases are here.
export { configureConnection, migrateDatabase, openDatabase, type Db, type OpenOptions, type Orm } from './sqlite/client';
export { countStatements, tallyStatements, withoutCounting, type StatementCounter, type StatementTally } from './sqlite/statement-counter';
export { storeItself } from './tally';
export { closeReadPool, openReadPool, readsOf, type ReadPool, type ReadPoolOptions, type Reads } from './sqlite/read-pool';
export { storedMetricsOf } from './sqlite/records';
// The engine's search expressions for a user's text (null when it has no word to search for).
export { ftsString, toFtsFilter, toFtsQuery } from './sqlite/fts-query';
export { NameTier, toNameQuery, type NameQuery } from './sqlite/author-query';
export {
  AUTHOR_SEARCH_KEY_TYPES,
  AUTHOR_SEARCH_ORDERING,
  authorSearchCursorKey,
  type AuthorNameSearchArgs,
  type AuthorSearchHit,
  type AuthorSearchKey,
} from './sqlite/author-search';
export type { AuthorPageArgs, ListedAuthor, RelevanceArgs } from './sqlite/lists';
// Bulk loads (the importer, the corpus generator, the demo's seeding, and a start finishing a
// killed load): the search-index triggers and the secondary indexes taken off and put back.
// Synchronous on the connection the loader holds, as the loaders are, until they come into the
// store themselves.
export {
  DEFERRABLE_INDEXES,
  deferSecondaryIndexes,
  restoreDeferredIndexes,
  resumeSearchIndexing,
  storedArxivStyleIds,
  suspendSearchIndexing,
  tuneForBulkLoad,
  withSearchIndexingDeferred,
  type BulkLoadSettings,
} from './sqlite/bulk-load';
// Whole database files: the backup's snapshot and check (src/ops/backup.ts), the cluster's last
// checkpoint (src/ops/cluster.ts).
export { checkDatabaseCopy, checkpointWal, openBackupSnapshot, type BackupSnapshot } from './sqlite/backup';
// A start's question before seeding (src/bootstrap.ts), on the connection it migrated.
export { holdsNoData } from './sqlite/startup';
// The start's pending work, on the connection it migrated (src/bootstrap.ts).
export * from './novelty-sync';
// PostgreSQL (issue 19): the same Store over a database server, DATABASE_URL.
// Loaded when a PostgreSQL database is opened: the pg driver and drizzle's pg-core take 90-110 ms
// to load (measured on this machine), which a SQLite start (and each of its cluster workers) would otherwise pay.
// (require: under `module: node16` a CommonJS file's import() stays an ECMAScript import.)
import type { OpenedPostgresStore, PostgresStoreOptions } from './postgres';
export type { OpenedPostgresStore, PostgresStoreOptions } from './postgres';

/** The store over the PostgreSQL database at `url` (./postgres openPostgresStore). */
export async function openPostgresStore(url: string, options?: PostgresStoreOptions): Promise<OpenedPostgresStore> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const postgres = require('./postgres') as typeof import('./postgres');
  return postgres.openPostgresStore(url, options);
}
export { postgresEngine, sqliteEngine, type EngineKind, type RequestScope, type ServingEngine } from './engine';
export { DatabaseUnavailableError, isDatabaseUnavailable } from './errors';

// The interface every engine implements, and SQLite's implementation of it.
export { type Store } from './store';
export { openReadOnlySqliteStore, openSqliteStore, sqliteStore } from './sqlite/store';
