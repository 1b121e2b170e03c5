// Opens the SQLite file with the pragmas the API relies on and brings its schema up to date.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sqliteMmapMb } from '../../config';
import * as schema from './schema';
import { countStatements, type StatementCounter } from './statement-counter';

export type Orm = BetterSQLite3Database<typeof schema>;

export interface Db {
  sqlite: Database.Database;
  orm: Orm;
  statements: StatementCounter;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  busyTimeoutMs?: number;
  /** The memory map's size, MiB; SQLITE_MMAP_MB's (src/config.ts) by default. */
  mmapMb?: number;
}

// Works from src/store/sqlite (tsx, ts-jest) and from dist/src/store/sqlite (compiled) alike.
function findMigrationsFolder(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No migrations folder above ${__dirname}`);
  }
}

// Reads through a memory map rather than read() into SQLite's 2 MB page cache: the pages that
// make a deep page or a search (hundreds of thousands of rows) are the operating system's cached
// file, shared by every worker, with no copy. 2 to 2.6 times the throughput of those pages on a
// million papers (BENCHMARKS.md, levers). The mapped pages count in a process's RSS (as RssFile),
// not in its own memory: the kernel shares and drops them. SQLITE_MMAP_MB sets the size (SQLite's
// ceiling, just under 2 GiB, by default; a larger file is read as before past it), 0 turns it off.

/** The settings of every connection: the API's, the CLIs', the bench floor's. */
export function configureConnection(sqlite: Database.Database, options: OpenOptions = {}): void {
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`mmap_size = ${(options.mmapMb ?? sqliteMmapMb()) * 1024 * 1024}`);
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  const statements = countStatements(sqlite);
  configureConnection(sqlite, options);
  const orm = drizzle(sqlite, { schema });
  return { sqlite, orm, statements, close: () => sqlite.close() };
}

/**
 * Brings the schema up to date. Foreign keys are off while the migrations run (they run in one
 * transaction, inside which the pragma cannot change): a migration that rebuilds a table (SQLite's
 * way to change a column) drops the old one, which with them on would cascade to the rows that
 * point at it. Every reference is checked before they are back on; a broken one undoes nothing
 * already committed, but stops the start with the rows named.
 */
export function migrateDatabase(db: Db): void {
  const enforced = db.sqlite.pragma('foreign_keys', { simple: true }) === 1;
  db.sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db.orm, { migrationsFolder: findMigrationsFolder() });
    const broken = db.sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    if (broken.length > 0) {
      const sample = broken.slice(0, 5).map((b) => `${b.table} row ${b.rowid} -> ${b.parent}`).join(', ');
      throw new Error(`the database has ${broken.length} rows whose foreign key points at nothing (${sample}); restore a backup`);
    }
  } finally {
    if (enforced) db.sqlite.pragma('foreign_keys = ON');
  }
}
