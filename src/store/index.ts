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
import { openDatabase, type Db } from './sqlite/client';
import * as batch from './sqlite/batch-reads';
import * as lists from './sqlite/lists';
import { paperExcerpts } from './sqlite/paper-search';
import * as names from './sqlite/author-search';
import { type NameQuery } from './sqlite/author-query';
import * as keys from './sqlite/keys';
import * as apq from './sqlite/persisted-queries';
import * as ops from './sqlite/operations';
import * as graph from './sqlite/collaboration';
import * as exporting from './sqlite/export';
import type * as T from './types';
import { type MutationStore } from './mutation-types';
import { type NoveltyStore } from './novelty-types';
import { type WriteStore } from './write-types';
import { mutationStore } from './sqlite/mutation-store';
import { noveltyStore } from './sqlite/novelty-store';
import { writeStore } from './sqlite/write-store';
import { holdsNoData } from './sqlite/startup';

export * from './types';
export * from './mutation-types';
export * from './novelty-types';
export * from './write-types';
// Opening a database file: the connection settings every process uses, the migrations, the
// per-request statement tally and the read threads. The handle (Db) is still held above the store
// by the server's request context and the bulk loaders, until their use cases are here.
export { configureConnection, migrateDatabase, openDatabase, type Db, type OpenOptions, type Orm } from './sqlite/client';
export { countStatements, tallyStatements, withoutCounting, type StatementCounter, type StatementTally } from './sqlite/statement-counter';
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
export { openPostgresStore, type OpenedPostgresStore } from './postgres';
export { postgresEngine, sqliteEngine, type EngineKind, type ServingEngine } from './engine';

type Keys<K> = readonly K[];

export interface Store extends MutationStore, NoveltyStore, WriteStore {
  // Batch reads: every key of a batch in one statement, answers in key order.
  authorsById(ids: Keys<number>): Promise<(T.AuthorRecord | null)[]>;
  authorsByExternalId(externalIds: Keys<string>): Promise<(T.AuthorRecord | null)[]>;
  authorMetrics(ids: Keys<number>): Promise<T.StoredAuthorMetrics[]>;
  papersById(ids: Keys<number>): Promise<(T.PaperRecord | null)[]>;
  papersByExternalId(externalIds: Keys<string>): Promise<(T.PaperRecord | null)[]>;
  authorPaperPages(authorIds: Keys<number>, args: T.PaperPageArgs): Promise<T.Page<T.AuthorPaperItem>[]>;
  authorPaperCounts(authorIds: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<number[]>;
  paperAuthorPages(paperIds: Keys<number>, args: T.PositionArgs): Promise<T.Page<T.PaperAuthorItem>[]>;
  paperAuthorCounts(paperIds: Keys<number>): Promise<number[]>;
  coauthorPages(authorIds: Keys<number>, args: T.CoauthorPageArgs): Promise<T.Page<T.CoauthorItem>[]>;
  coauthorCounts(authorIds: Keys<number>): Promise<number[]>;
  paperSetGroups(scope: T.PaperSetScope, parents: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<T.PaperSetGroups[]>;
  authorYears(authorIds: Keys<number>): Promise<T.YearPoint[][]>;
  hCores(authorIds: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<T.PaperRecord[][]>;
  noveltyPoints(authorIds: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<T.NoveltyPoint[][]>;
  noveltyExplanations(paperIds: Keys<number>): Promise<(T.NoveltyExplanationRecord | null)[]>;
  topicsById(ids: Keys<string>): Promise<(T.TopicRecord | null)[]>;
  subjectNames(ids: Keys<string>): Promise<({ id: string; name: string | null } | null)[]>;

  // Lists, their counts, and search.
  listPapers(args: T.PaperPageArgs): Promise<T.Page<T.PaperRecord>>;
  countPapers(filter?: T.PaperFilter | null): Promise<number>;
  missingExternalIds(externalIds: readonly string[]): Promise<string[]>;
  searchPapers(args: lists.RelevanceArgs): Promise<T.Page<T.RankedPaper>>;
  listAuthors(args: lists.AuthorPageArgs): Promise<T.Page<lists.ListedAuthor>>;
  /** The title (whole) and the best stretch of the abstract of each of `ids` that matches `text`, matched words marked. */
  paperExcerpts(text: string, ids: readonly number[]): Promise<T.PaperExcerpt[]>;
  /** Authors whose name matches the query (toNameQuery), best match first, a keyset page. */
  searchAuthors(args: names.AuthorNameSearchArgs): Promise<T.Page<names.AuthorSearchHit>>;
  countAuthorNameMatches(query: NameQuery): Promise<number>;
  countAuthors(filter: T.AuthorFilter | null): Promise<number>;

  // API keys (src/auth): found by the SHA-256 of the key, never by the key.
  activeApiKeyByHash(keyHash: string): Promise<T.ActiveApiKey | null>;
  /** Stores a key; its id. */
  insertApiKey(key: T.NewApiKey): Promise<number>;
  /** The ids of the unrevoked keys with this id or prefix, in id order. */
  activeApiKeyIds(ref: T.ApiKeyRef): Promise<number[]>;
  revokeApiKey(id: number, at: string): Promise<void>;
  /** Every key, revoked ones too, in id order. */
  listApiKeys(): Promise<T.ApiKeyListing[]>;

  // Automatic persisted queries (src/http/persisted-queries.ts), shared by every process.
  persistedQuery(key: string): Promise<T.PersistedQuery | null>;
  touchPersistedQuery(key: string, usedAt: number): Promise<void>;
  /** Registers a query, or marks it used if it is known. */
  savePersistedQuery(key: string, query: string, usedAt: number): Promise<void>;
  /** Keeps the `keep` most recently used queries and deletes the others. */
  trimPersistedQueries(keep: number): Promise<void>;
  /** Whether there was a query under `key` to delete. */
  deletePersistedQuery(key: string): Promise<boolean>;

  // Operations: health, readiness, the banner, the query cost's table sizes, the playground.
  /** Resolves when the database answers a statement; rejects with its error otherwise. */
  ping(): Promise<void>;
  /** The migrations applied to the database, by drizzle-kit's timestamp (`when` in its journal). */
  appliedMigrations(): Promise<number[]>;
  pendingWork(): Promise<T.PendingWork>;
  databaseCounts(): Promise<T.DatabaseCounts>;
  /** Upper bounds of the tables' sizes, not counted as a statement of the request that asks. */
  tableSizes(): Promise<T.TableSizes>;
  /** The smallest id of an author of this exact name, or null. */
  authorIdByName(name: string): Promise<number | null>;
  /** The most cited author (ties to the smaller id), or null. */
  mostCitedAuthorId(): Promise<number | null>;

  // The co-author graph, for the collaboration path search (src/services/collaboration-path.service.ts).
  /** Distinct (author, co-author) pairs of `authorIds`, at most `limit` of them, in no order. */
  coauthorLinks(authorIds: readonly number[], limit: number): Promise<T.CoauthorLink[]>;
  /** For each [from, to] pair: how many papers they share, and the newest `papersPerStep` of them. */
  stepLinks(steps: readonly (readonly [number, number])[], papersPerStep: number): Promise<T.StepLinks[]>;

  // The NDJSON export (src/export/paper-export.ts).
  /**
   * At most `limit` papers after row id `afterId`, in ascending row id, within `filter`, each
   * with its authors in author-list order and its topics (the primary first): the whole page read
   * before it resolves, so that the connection is free between pages.
   */
  exportPage(filter: T.PaperFilter | null | undefined, afterId: number, limit: number): Promise<T.PaperWithAuthors[]>;
  /** Whether the database holds ScholarGraph's schema (false for an empty or foreign SQLite file). */
  hasSchema(): Promise<boolean>;
  /** Whether the database holds neither papers nor authors: a new one, which a start seeds with the demo data. */
  holdsNoData(): Promise<boolean>;
}

/** The store over an open SQLite database (src/store/sqlite/client.ts). */
export function sqliteStore(db: Db): Store {
  return storeOn(db);
}

/**
 * The store over a database file this process holds no connection to (a cluster's primary),
 * read only; close it when done.
 */
export function openReadOnlySqliteStore(file: string): { store: Store; close(): void } {
  const db = openDatabase(file, { readonly: true });
  return { store: storeOn(db), close: () => db.close() };
}

/**
 * The store over a database file, with the connection settings of every CLI (src/store/sqlite/client.ts
 * openDatabase: busy timeout, memory map); close it when done. Read only by default.
 */
export function openSqliteStore(file: string, { readonly = true }: { readonly?: boolean } = {}): { store: Store; close(): void } {
  const db = openDatabase(file, { readonly });
  return { store: sqliteStore(db), close: () => db.close() };
}

function storeOn(db: Db): Store {
  const s = db.sqlite;
  return {
    ...mutationStore(db),
    ...noveltyStore(db),
    ...writeStore(db),
    authorsById: async (ids) => batch.authorsById(s, ids),
    authorsByExternalId: async (ids) => batch.authorsByExternalId(s, ids),
    authorMetrics: async (ids) => batch.authorMetrics(s, ids),
    papersById: async (ids) => batch.papersById(s, ids),
    papersByExternalId: async (ids) => batch.papersByExternalId(s, ids),
    authorPaperPages: async (ids, args) => batch.authorPaperPages(s, ids, args),
    authorPaperCounts: async (ids, filter) => batch.authorPaperCounts(s, ids, filter),
    paperAuthorPages: async (ids, args) => batch.paperAuthorPages(s, ids, args),
    paperAuthorCounts: async (ids) => batch.paperAuthorCounts(s, ids),
    coauthorPages: async (ids, args) => batch.coauthorPages(s, ids, args),
    coauthorCounts: async (ids) => batch.coauthorCounts(s, ids),
    paperSetGroups: (scope, parents, filter) => batch.paperSetGroups(s, scope, parents, filter),
    authorYears: async (ids) => batch.authorYears(s, ids),
    hCores: async (ids, filter) => batch.hCores(s, ids, filter),
    noveltyPoints: async (ids, filter) => batch.noveltyPoints(s, ids, filter),
    noveltyExplanations: async (ids) => batch.noveltyExplanations(s, ids),
    topicsById: async (ids) => batch.topicsById(s, ids),
    subjectNames: async (ids) => batch.subjectNames(s, ids),
    listPapers: (args) => lists.listPapers(s, args),
    countPapers: (filter) => lists.countPapers(s, filter),
    missingExternalIds: async (ids) => lists.missingExternalIds(s, ids),
    searchPapers: (args) => lists.searchPapers(s, args),
    listAuthors: async (args) => lists.listAuthors(s, args),
    countAuthors: (filter) => lists.countAuthors(s, filter),
    paperExcerpts: async (text, ids) => paperExcerpts(s, text, ids),
    searchAuthors: async (args) => names.searchAuthorNames(s, args),
    countAuthorNameMatches: (query) => names.countAuthorNameMatches(s, query),
    activeApiKeyByHash: async (keyHash) => keys.activeApiKeyByHash(s, keyHash),
    insertApiKey: async (key) => keys.insertApiKey(s, key),
    activeApiKeyIds: async (ref) => keys.activeApiKeyIds(s, ref),
    revokeApiKey: async (id, at) => keys.revokeApiKey(s, id, at),
    listApiKeys: async () => keys.listApiKeys(s),
    persistedQuery: async (key) => apq.persistedQuery(s, key),
    touchPersistedQuery: async (key, usedAt) => apq.touchPersistedQuery(s, key, usedAt),
    savePersistedQuery: async (key, query, usedAt) => apq.savePersistedQuery(s, key, query, usedAt),
    trimPersistedQueries: async (keep) => apq.trimPersistedQueries(s, keep),
    deletePersistedQuery: async (key) => apq.deletePersistedQuery(s, key),
    ping: async () => ops.ping(s),
    appliedMigrations: async () => ops.appliedMigrations(s),
    pendingWork: async () => ops.pendingWork(s),
    databaseCounts: async () => ops.databaseCounts(s),
    tableSizes: async () => ops.tableSizes(s),
    authorIdByName: async (name) => ops.authorIdByName(s, name),
    mostCitedAuthorId: async () => ops.mostCitedAuthorId(s),
    coauthorLinks: async (ids, limit) => graph.coauthorLinks(s, ids, limit),
    stepLinks: async (steps, perStep) => graph.stepLinks(s, steps, perStep),
    exportPage: async (filter, afterId, limit) => exporting.exportPage(s, filter, afterId, limit),
    hasSchema: async () => exporting.hasSchema(s),
    holdsNoData: async () => holdsNoData(s),
  };
}
