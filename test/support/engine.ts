// Which engine the HTTP suites run on: SQLite by default, PostgreSQL in the jest project
// `postgres` (jest.config.js), whose setup sets TEST_ENGINE. On PostgreSQL, each server gets a
// database of its own on one throwaway cluster per test file, filled as on SQLite: the suite's
// SQLite database is prepared and filled as ever, then copied row for row, ids included, so that
// the suite's expectations (worked out from its fixtures) hold unchanged.
import type Database from 'better-sqlite3';
import { Client } from 'pg';
import { migratePostgres } from '../../src/store/postgres/client';
import { startPostgres, type PostgresCluster } from './postgres';

export type TestEngine = 'sqlite' | 'postgres';

export function testEngine(): TestEngine {
  return process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

let cluster: Promise<PostgresCluster> | null = null;
let databases = 0;

/** A new, migrated, empty database on this file's cluster (started on first use, stopped at exit). */
export async function newPostgresDatabase(): Promise<string> {
  cluster ??= startPostgres();
  const { url } = await cluster;
  const name = `test_${process.pid}_${++databases}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const database = url.replace(/\/[^/]+$/, `/${name}`);
  await migratePostgres(database);
  return database;
}

/** Stops this file's cluster (afterAll of the file, through the server's close of the last one). */
export async function stopPostgres(): Promise<void> {
  const started = cluster;
  cluster = null;
  if (started) await (await started).stop();
}

// Parents before children (foreign keys).
const TABLES = [
  'authors',
  'openalex_topics',
  'papers',
  'authorships',
  'author_metrics',
  'author_metrics_pending',
  'api_keys',
  'author_aliases',
  'author_redirects',
  'persisted_queries',
  'paper_novelty',
  'novelty_term_df',
  'novelty_years',
  'novelty_pending',
];

// A test's tables go in one statement each; the bench's million-paper corpus in slices, since a
// whole table as one JSON text would pass what a string (V8) and a parameter (1 GB) can hold.
const ROWS_A_STATEMENT = 10_000;

/**
 * Every row of the SQLite database's `tables` into the PostgreSQL one's, ids included (the
 * generated columns, search vectors and novelty keys, are computed again); identities moved past them.
 */
export async function copySqliteToPostgres(sqlite: Database.Database, url: string, tables: readonly string[] = TABLES): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const table of tables) {
      const columns = (
        await client.query<{ name: string; identity: string }>(
          `SELECT column_name AS name, is_identity AS identity FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
          [table],
        )
      ).rows;
      const known = new Set(sqlite.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]);
      const list = columns.filter((c) => known.has(c.name)).map((c) => c.name).join(', ');
      if (list === '') continue;
      // json_populate_recordset reads SQLite's 0 and 1 as booleans where the column is one.
      const insert = `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`;
      let slice: unknown[] = [];
      for (const row of sqlite.prepare(`SELECT ${list} FROM ${table}`).iterate()) {
        slice.push(row);
        if (slice.length < ROWS_A_STATEMENT) continue;
        await client.query(insert, [JSON.stringify(slice)]);
        slice = [];
      }
      if (slice.length > 0) await client.query(insert, [JSON.stringify(slice)]);
      for (const { name } of columns.filter((c) => c.identity === 'YES' && known.has(c.name))) {
        await client.query(`SELECT setval(pg_get_serial_sequence('${table}', '${name}'), GREATEST((SELECT max(${name}) FROM ${table}), 1), (SELECT max(${name}) FROM ${table}) IS NOT NULL)`);
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
