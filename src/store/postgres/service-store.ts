// The store's smaller use cases on PostgreSQL: API keys, persisted queries, operations, the
// co-author graph and the export, each in a module of its own as on SQLite.
import type { Store } from '../store';
import type { PgDb } from './db';
import * as keys from './keys';
import * as persisted from './persisted-queries';
import * as ops from './operations';
import * as collaboration from './collaboration';
import * as exporting from './export';

export type ServiceStorePart = Pick<
  Store,
  | 'activeApiKeyByHash'
  | 'insertApiKey'
  | 'activeApiKeyIds'
  | 'revokeApiKey'
  | 'listApiKeys'
  | 'persistedQuery'
  | 'touchPersistedQuery'
  | 'savePersistedQuery'
  | 'trimPersistedQueries'
  | 'deletePersistedQuery'
  | 'ping'
  | 'appliedMigrations'
  | 'pendingWork'
  | 'databaseCounts'
  | 'dataVersion'
  | 'tableSizes'
  | 'authorIdByName'
  | 'mostCitedAuthorId'
  | 'coauthorLinks'
  | 'stepLinks'
  | 'exportPage'
  | 'hasSchema'
>;

export function serviceStore(db: PgDb): ServiceStorePart {
  return {
    activeApiKeyByHash: (keyHash) => keys.activeApiKeyByHash(db, keyHash),
    insertApiKey: (key) => keys.insertApiKey(db, key),
    activeApiKeyIds: (ref) => keys.activeApiKeyIds(db, ref),
    revokeApiKey: (id, at) => keys.revokeApiKey(db, id, at),
    listApiKeys: () => keys.listApiKeys(db),
    persistedQuery: (key) => persisted.persistedQuery(db, key),
    touchPersistedQuery: (key, usedAt) => persisted.touchPersistedQuery(db, key, usedAt),
    savePersistedQuery: (key, query, usedAt) => persisted.savePersistedQuery(db, key, query, usedAt),
    trimPersistedQueries: (keep) => persisted.trimPersistedQueries(db, keep),
    deletePersistedQuery: (key) => persisted.deletePersistedQuery(db, key),
    ping: () => ops.ping(db),
    appliedMigrations: () => ops.appliedMigrations(db),
    pendingWork: () => ops.pendingWork(db),
    databaseCounts: () => ops.databaseCounts(db),
    dataVersion: () => ops.dataVersion(db),
    tableSizes: () => ops.tableSizes(db),
    authorIdByName: (name) => ops.authorIdByName(db, name),
    mostCitedAuthorId: () => ops.mostCitedAuthorId(db),
    coauthorLinks: (authorIds, limit) => collaboration.coauthorLinks(db, authorIds, limit),
    stepLinks: (steps, papersPerStep) => collaboration.stepLinks(db, steps, papersPerStep),
    exportPage: (filter, afterId, limit) => exporting.exportPage(db, filter, afterId, limit),
    hasSchema: () => exporting.hasSchema(db),
  };
}
