// A real server on a real SQLite file and a free port, talked to over HTTP as a client would. In
// the jest project `postgres` (TEST_ENGINE=postgres), the same server on PostgreSQL: the SQLite
// file is prepared and filled as ever, then copied into a PostgreSQL database of its own, which
// the server serves (./engine.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { type FastifyInstance } from 'fastify';
import { Client } from 'pg';
import { prepareDatabase } from '../../src/bootstrap';
import { type Limits, loadLimits, type TrustProxy } from '../../src/config';
import { type Db } from '../../src/store/sqlite/client';
import { createServer } from '../../src/http/server';
import { type HttpCachePolicy } from '../../src/http/http-cache';
import { type Executor } from '../../src/graphql/executors';
import { authorMetrics, type AuthorMetrics, type PaperFacts } from '../../src/metrics';
import { openPostgresStore, postgresEngine, sqliteEngine, type ServingEngine, type Store } from '../../src/store';
import { pgText } from '../../src/store/postgres/db';
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
  /** On PostgreSQL, the URL of the database the server serves (null on SQLite: `db` is it). */
  postgresUrl: string | null;
  /** The store the server serves (keys made through it reach the server on either engine). */
  store: Store;
  dir: string;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Closes the database the server serves under it, as a database that went away. */
  closeDatabase(): Promise<void>;
  /** The server's running total of SQL statements, read from GET /metrics. */
  statementsRun(): Promise<number>;
  /**
   * The rows of one SQL statement (`?` placeholders) on the database the server serves, whichever
   * engine: what a test reads back after writing through the API, where `db` (the SQLite copy as
   * filled) went stale on PostgreSQL. Not counted in the server's statements. Quote camelCase
   * aliases ("citationCount"): PostgreSQL folds bare ones to lower case. Counts come back as numbers
   * on both (PostgreSQL's bigint parsed by src/store/postgres/db.ts).
   */
  sql<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  /**
   * The plan the served engine makes for a read, one line per step: SQLite's EXPLAIN QUERY PLAN
   * details, or PostgreSQL's EXPLAIN with sequential scans and sorts priced out (a test's tables
   * are too small for its planner to choose an index on its own), so that a test can ask whether
   * an index can serve the read without sorting.
   */
  queryPlan(text: string, ...params: unknown[]): Promise<string>;
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
    /** Serve the database another test server serves (on SQLite its file; on PostgreSQL its database, not copied again). */
    sharing?: TestServer;
    readsNeedKey?: boolean;
    /** Limits to change from the defaults (those of an empty environment). */
    limits?: Partial<Limits>;
    /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY). */
    trustProxy?: TrustProxy;
    /** Where the server's log goes, at level info (without it, the server logs nothing). */
    logStream?: { write(line: string): unknown };
    /** GET answers' caching (HTTP_CACHE_MAX_AGE); the server's default without it. */
    httpCache?: HttpCachePolicy;
    /** What runs operations (GRAPHQL_EXECUTOR); the server's default (graphql-js) without it. */
    executor?: Executor;
  } = {},
): Promise<TestServer> {
  // With `file`, the server opens an existing database and leaves it in place on close.
  const file = options.sharing?.db.sqlite.name ?? options.file;
  const dir = file ? path.dirname(file) : tempDir();
  const { db } = prepareDatabase(file ?? path.join(dir, 'test.db'), { seedDemoData: options.seedDemoData ?? true });
  options.fill?.(db);
  const limits = { ...loadLimits({}), ...options.limits };
  let engine: ServingEngine = sqliteEngine(db);
  let database: string | null = null;
  if (testEngine() === 'postgres') {
    if (options.sharing?.postgresUrl) database = options.sharing.postgresUrl;
    else {
      database = await newPostgresDatabase();
      await copySqliteToPostgres(db.sqlite, database);
    }
    engine = postgresEngine(await openPostgresStore(database, { migrate: false }));
  }
  let databaseClosed = false;
  // The test's own connection to the served PostgreSQL database, opened on the first sql().
  let reader: Promise<Client> | null = null;
  const pgReader = (served: string) =>
    (reader ??= (async () => {
      const client = new Client({ connectionString: served });
      await client.connect();
      return client;
    })());
  const app: FastifyInstance = await createServer({
    engine,
    logLevel: options.logStream ? 'info' : 'silent',
    logStream: options.logStream,
    readsNeedKey: options.readsNeedKey,
    limits,
    trustProxy: options.trustProxy,
    ...(options.httpCache !== undefined ? { httpCache: options.httpCache } : {}),
    ...(options.executor !== undefined ? { executor: options.executor } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    engine: engine.kind,
    postgresUrl: database,
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
    async sql<T>(text: string, ...params: unknown[]): Promise<T[]> {
      if (database === null) {
        const statement = db.sqlite.prepare(text);
        if (statement.reader) return statement.all(...params) as T[];
        statement.run(...params);
        return [];
      }
      return (await (await pgReader(database)).query(pgText(text), params)).rows as T[];
    },
    async queryPlan(text, ...params) {
      if (database === null) {
        return (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((step) => step.detail).join('\n');
      }
      const client = await pgReader(database);
      await client.query('BEGIN');
      try {
        await client.query('SET LOCAL enable_seqscan = off');
        await client.query('SET LOCAL enable_sort = off');
        const { rows: steps } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${pgText(text)}`, params);
        return steps.map((step) => step['QUERY PLAN']).join('\n');
      } finally {
        await client.query('ROLLBACK');
      }
    },
    async close() {
      if (reader) await (await reader).end();
      await app.close();
      if (!databaseClosed) await engine.close();
      if (engine.kind === 'postgres' && db.sqlite.open) db.close();
      if (!file) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * metricsFromScratch (./metrics.ts) on the database the server serves, whichever engine: an
 * author's metrics from the raw tables, after writes made through the API.
 */
export async function servedMetricsFromScratch(server: TestServer, authorName: string): Promise<AuthorMetrics> {
  const facts = await server.sql<PaperFacts>(
    `SELECT p.citation_count AS "citationCount", p.novelty, p.ai_score AS "aiScore", p.category, p.published_at AS "publishedAt"
       FROM papers p JOIN authorships s ON s.paper_id = p.id JOIN authors a ON a.id = s.author_id WHERE a.name = ?`,
    authorName,
  );
  return authorMetrics(facts);
}
