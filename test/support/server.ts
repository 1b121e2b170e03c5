// A real server on a real SQLite file and a free port, talked to over HTTP as a client would. In
// the jest project `postgres` (TEST_ENGINE=postgres), the same server on PostgreSQL: the SQLite
// file is prepared and filled as ever, then copied into a PostgreSQL database of its own, which
// the server serves (./engine.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { type FastifyInstance } from 'fastify';
import { prepareDatabase } from '../../src/bootstrap';
import { type Limits, loadLimits, type TrustProxy } from '../../src/config';
import { type Db } from '../../src/store/sqlite/client';
import { createServer } from '../../src/http/server';
import { openPostgresStore, postgresEngine, sqliteEngine, type ServingEngine, type Store } from '../../src/store';
import { copySqliteToPostgres, newPostgresDatabase, testEngine } from './engine';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

export interface TestServer {
  url: string;
  /** The SQLite database (on PostgreSQL: the one the server's database was copied from, as filled). */
  db: Db;
  engine: 'sqlite' | 'postgres';
  /** The store the server serves (keys made through it reach the server on either engine). */
  store: Store;
  dir: string;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Closes the database the server serves under it, as a database that went away. */
  closeDatabase(): Promise<void>;
  /** The server's running total of SQL statements, read from GET /metrics. */
  statementsRun(): Promise<number>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'scholargraph-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServer(
  options: {
    seedDemoData?: boolean;
    fill?: (db: Db) => void;
    file?: string;
    readsNeedKey?: boolean;
    /** Limits to change from the defaults (those of an empty environment). */
    limits?: Partial<Limits>;
    /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY). */
    trustProxy?: TrustProxy;
  } = {},
): Promise<TestServer> {
  // With `file`, the server opens an existing database and leaves it in place on close.
  const dir = options.file ? path.dirname(options.file) : tempDir();
  const { db } = prepareDatabase(options.file ?? path.join(dir, 'test.db'), { seedDemoData: options.seedDemoData ?? true });
  options.fill?.(db);
  const limits = { ...loadLimits({}), ...options.limits };
  let engine: ServingEngine = sqliteEngine(db);
  if (testEngine() === 'postgres') {
    const database = await newPostgresDatabase();
    await copySqliteToPostgres(db.sqlite, database);
    engine = postgresEngine(await openPostgresStore(database, { migrate: false }));
  }
  let databaseClosed = false;
  const app: FastifyInstance = await createServer({ engine, logLevel: 'silent', readsNeedKey: options.readsNeedKey, limits, trustProxy: options.trustProxy });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    engine: engine.kind,
    store: engine.store,
    dir,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        // The media type of current clients, under which the status code means something (the
        // GraphQL-over-HTTP spec); test/http/conformance.test.ts covers plain application/json.
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as any };
    },
    async closeDatabase() {
      databaseClosed = true;
      await engine.close();
    },
    async statementsRun() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const match = /^scholargraph_sql_statements_total (\d+)$/m.exec(text);
      if (!match) throw new Error(`no statement counter in /metrics:\n${text.slice(0, 500)}`);
      return Number(match[1]);
    },
    async close() {
      await app.close();
      if (!databaseClosed) await engine.close();
      if (engine.kind === 'postgres' && db.sqlite.open) db.close();
      if (!options.file) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
