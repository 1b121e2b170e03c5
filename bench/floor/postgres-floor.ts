// The floor on PostgreSQL: bench/floor-server.ts's pages (POST /<workload> with the GraphQL
// variables as the body, answering the API's `data`) read with `pg` and hand-written SQL
// (./postgres-pages.ts) instead of better-sqlite3; the least a server can do on this database.
// POST /roundtrip times one statement's round trip from this process, as the API's sees it.
//   DATABASE_URL=postgres://... PORT=4100 npx tsx bench/floor/postgres-floor.ts
import http from 'node:http';
import { Pool } from 'pg';
import { pgDbOf } from '../../src/store/postgres/db';
import { postgresPages, type Statements } from './postgres-pages';
import { FloorError } from './upsert';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name the PostgreSQL database to serve');
// As many connections as the API's pool (src/store/postgres/db.ts).
const pool = new Pool({ connectionString: url, max: 10 });
pool.on('error', () => undefined);
// The store's handle over the same pool, for what the floor takes from the API (highlights, the write); it counts its own statements.
const db = pgDbOf(pool);
const statements: Statements = { total: 0 };

const handlers: Record<string, (variables: any, authorization: string | undefined) => unknown> = {
  ...postgresPages(pool, db, statements),
  '/empty': () => ({ __typename: 'Query' }),
  '/roundtrip': roundTrips,
};

/**
 * `count` statements of each kind on one connection, one after another (the kinds interleaved,
 * so that what else the machine does meets both alike), each timed, ms: `SELECT 1` (the round
 * trip alone) and a paper by id (a round trip and an index lookup), named as the pages' are.
 */
async function roundTrips({ count, paperIds }: { count: number; paperIds: number[] }): Promise<{ selectOne: number[]; paperById: number[] }> {
  const client = await pool.connect();
  const times = { selectOne: [] as number[], paperById: [] as number[] };
  try {
    for (let i = -100; i < count; i++) {
      let started = performance.now();
      await client.query({ name: 'rt-select-1', text: 'SELECT 1' });
      if (i >= 0) times.selectOne.push(performance.now() - started);
      started = performance.now();
      await client.query({ name: 'rt-paper', text: 'SELECT title, citation_count FROM papers WHERE id = $1', values: [paperIds[Math.abs(i) % paperIds.length]] });
      if (i >= 0) times.paperById.push(performance.now() - started);
    }
    return times;
  } finally {
    client.release();
  }
}

function send(response: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/healthz') return send(response, 200, '{"status":"ok"}');
  // The API's counter, under its name: the floor's own statements and those of the store's code it runs.
  if (request.method === 'GET' && request.url === '/metrics') {
    return send(response, 200, `scholargraph_sql_statements_total ${statements.total + db.statements.total}\n`, 'text/plain');
  }
  const handler = request.method === 'POST' ? handlers[request.url ?? ''] : undefined;
  if (!handler) return send(response, 404, '{"error":"no such workload"}');
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    (async () => {
      const variables = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      send(response, 200, JSON.stringify(await handler(variables, request.headers.authorization)));
    })().catch((error: unknown) => {
      const status = error instanceof FloorError ? error.status : 500;
      send(response, status, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    });
  });
});

server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 4100), process.env.HOST ?? '127.0.0.1');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => {
      void pool.end().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  });
}
