// The store on SQLite: the Store interface (../store.ts) over an open database file, each use case
// in its module of ./.
import { openDatabase, type Db } from './client';
import * as batch from './batch-reads';
import * as lists from './lists';
import { paperExcerpts } from './paper-search';
import * as names from './author-search';
import * as keys from './keys';
import * as apq from './persisted-queries';
import * as ops from './operations';
import * as graph from './collaboration';
import * as exporting from './export';
import { type Store } from '../store';
import { mutationStore } from './mutation-store';
import { noveltyStore } from './novelty-store';
import { writeStore } from './write-store';
import { holdsNoData } from './startup';

/** The store over an open SQLite database (./client.ts). */
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
    countPapersUpTo: (filter, bound) => lists.countPapersUpTo(s, filter, bound),
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
    dataVersion: async () => ops.dataVersion(s),
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
