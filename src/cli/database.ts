// Which database a command works on, and opening it: the SQLite file named by --database when
// given, else DATABASE_URL's PostgreSQL (which wins over DATABASE_PATH, as for the server), else
// the SQLite file at DATABASE_PATH. A URL is shown without its password, in output and errors.
import { loadConfig } from '../config';
import { migrateDatabase, openDatabase, openPostgresStore, sqliteStore, type Db, type OpenedPostgresStore, type Store } from '../store';

export type CommandDatabase = { engine: 'sqlite'; file: string; shown: string } | { engine: 'postgres'; url: string; shown: string };

/** `--database`'s file, else DATABASE_URL, else DATABASE_PATH (read through src/config, so a bad value is refused as at start). */
export function commandDatabase(file: string | undefined): CommandDatabase {
  if (file !== undefined) return { engine: 'sqlite', file, shown: file };
  const config = loadConfig();
  if (config.databaseUrl !== null) return { engine: 'postgres', url: config.databaseUrl, shown: withoutPassword(config.databaseUrl) };
  return { engine: 'sqlite', file: config.databasePath, shown: config.databasePath };
}

/** The URL as output may show it: the password, if any, as `***`. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Opens a PostgreSQL database, migrated first unless `migrate` is false, and checks that it
 * answers. A failure names the database as shown (pg's own message may be empty: an
 * AggregateError of one refusal per address).
 */
export async function openPostgres(database: { url: string; shown: string }, { migrate }: { migrate: boolean }): Promise<OpenedPostgresStore> {
  let opened: OpenedPostgresStore | null = null;
  try {
    opened = await openPostgresStore(database.url, { migrate });
    await opened.store.ping();
    return opened;
  } catch (error) {
    await opened?.close();
    const err = error as NodeJS.ErrnoException & { errors?: Error[] };
    const reason = err.message || err.errors?.[0]?.message || err.code || String(error);
    throw new Error(`Cannot open the PostgreSQL database ${database.shown}: ${reason}`, { cause: error });
  }
}

/**
 * Runs `work` on the database, migrated first (and created, for a SQLite file), then closes it:
 * on SQLite the file's connection itself, which the bulk loads tune (src/import/import-file.ts);
 * on PostgreSQL its store.
 */
export async function withMigratedDatabase<T>(database: CommandDatabase, work: (target: Db | Store) => Promise<T>): Promise<T> {
  if (database.engine === 'sqlite') {
    const db = openDatabase(database.file);
    try {
      migrateDatabase(db);
      return await work(db);
    } finally {
      db.close();
    }
  }
  const opened = await openPostgres(database, { migrate: true });
  try {
    return await work(opened.store);
  } finally {
    await opened.close();
  }
}

/** Runs `work` on the database's store, migrated first (see withMigratedDatabase), then closes it. */
export function withMigratedStore<T>(database: CommandDatabase, work: (store: Store) => Promise<T>): Promise<T> {
  return withMigratedDatabase(database, (target) => work('sqlite' in target ? sqliteStore(target) : target));
}
