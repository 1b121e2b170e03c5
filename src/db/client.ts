// Opens the SQLite file with the pragmas the API relies on and brings its schema up to date.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
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
}

// Works from src/db (tsx, ts-jest) and from dist/src/db (compiled) alike.
function findMigrationsFolder(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No migrations folder above ${__dirname}`);
  }
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  const statements = countStatements(sqlite);
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma('synchronous = NORMAL');
  const orm = drizzle(sqlite, { schema });
  return { sqlite, orm, statements, close: () => sqlite.close() };
}

export function migrateDatabase(db: Db): void {
  migrate(db.orm, { migrationsFolder: findMigrationsFolder() });
}
