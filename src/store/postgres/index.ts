// The store on PostgreSQL (issue 19): the Store interface of ../index.ts over a pg.Pool, each
// use case in a module of its own, as on SQLite. Opened by openPostgresStore; the server, the
// CLIs and the tests hold the Store it returns and never the pool.
import type { Store } from '../index';
import { openPgDb, type PgDb } from './db';
import { batchReads } from './batch-reads';
import { listReads } from './lists';
import { mutationStore } from './mutation-store';
import { noveltyStore } from './novelty-store';
import { serviceStore } from './service-store';
import { openPaperWrites } from './paper-writes';
import { migratePostgres } from './client';

export { migratePostgres } from './client';
export { type PgDb } from './db';

/** The store over an open pool. */
export function postgresStore(db: PgDb): Store {
  return {
    ...batchReads(db),
    ...listReads(db),
    ...mutationStore(db),
    ...noveltyStore(db),
    ...serviceStore(db),
    openPaperWrites: (options) => openPaperWrites(db.pool, options),
  };
}

export interface OpenedPostgresStore {
  store: Store;
  db: PgDb;
  close(): Promise<void>;
}

/** The store over the database at `url` (postgres://...), migrated first unless `migrate` is false. */
export async function openPostgresStore(url: string, { migrate = true, max }: { migrate?: boolean; max?: number } = {}): Promise<OpenedPostgresStore> {
  if (migrate) await migratePostgres(url);
  const db = openPgDb(url, { max });
  return { store: postgresStore(db), db, close: () => db.pool.end() };
}
