// STUB (issue 19, being written): every method throws until its module is done.
import type { Store } from '../index';
import type { PgDb } from './db';
import { notYet } from './not-yet';

export type ServiceStorePart = Pick<Store, 'activeApiKeyByHash' | 'insertApiKey' | 'activeApiKeyIds' | 'revokeApiKey' | 'listApiKeys' | 'persistedQuery' | 'touchPersistedQuery' | 'savePersistedQuery' | 'trimPersistedQueries' | 'deletePersistedQuery' | 'ping' | 'appliedMigrations' | 'pendingWork' | 'databaseCounts' | 'tableSizes' | 'authorIdByName' | 'mostCitedAuthorId' | 'coauthorLinks' | 'stepLinks' | 'exportPage' | 'hasSchema'>;

export function serviceStore(_db: PgDb): ServiceStorePart {
  return notYet<ServiceStorePart>(['activeApiKeyByHash' , 'insertApiKey' , 'activeApiKeyIds' , 'revokeApiKey' , 'listApiKeys' , 'persistedQuery' , 'touchPersistedQuery' , 'savePersistedQuery' , 'trimPersistedQueries' , 'deletePersistedQuery' , 'ping' , 'appliedMigrations' , 'pendingWork' , 'databaseCounts' , 'tableSizes' , 'authorIdByName' , 'mostCitedAuthorId' , 'coauthorLinks' , 'stepLinks' , 'exportPage' , 'hasSchema']);
}
