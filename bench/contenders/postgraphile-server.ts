// PostGraphile 4 over the bench's PostgreSQL: the peer a user would pick instead of our API
// (issue 20), with the many-to-many plugin, so that an author's papers are one connection
// ordered by the papers' own columns. Options as PostGraphile's documentation recommends for
// production ("Production" in its usage notes): no GraphiQL, no watch, no query log (its
// default logging has a cost it warns about), no default CRUD mutations, JSON as JSON, the
// connecting role's privileges respected, no legacy relations. Started by bench/postgres.ts as
// the PostgreSQL floor is (bench/servers.ts's startServer, kind 'floor', this entry), pinned to
// the servers' CPU.
//   DATABASE_URL=postgres://... PORT=4200 npx tsx bench/contenders/postgraphile-server.ts
// GET /healthz answers once the schema is built; GET /metrics counts the statements the pool's
// connections ran, under the API's counter name, as the floors do.
// First: PostGraphile's graphql 15, one copy for all of it (see there).
import './one-graphql';
import http from 'node:http';
import PgManyToManyPlugin from '@graphile-contrib/pg-many-to-many';
import { Pool, type PoolClient } from 'pg';
import { postgraphile } from 'postgraphile';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name the PostgreSQL database to serve');
// As many connections as the API's pool (src/store/postgres/db.ts) and the floor's.
const pool = new Pool({ connectionString: url, max: 10 });
pool.on('error', () => undefined);

let statements = 0;
// 'connect' comes once per new connection: each one's query method counts what it runs.
pool.on('connect', (client: PoolClient) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    statements += 1;
    return query(...args);
  };
});

const handler = postgraphile(pool, 'public', {
  graphiql: false,
  watchPg: false,
  disableQueryLog: true,
  disableDefaultMutations: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  legacyRelations: 'omit',
  retryOnInitFail: false,
  appendPlugins: [PgManyToManyPlugin],
});

function send(response: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/healthz') return send(response, 200, '{"status":"ok"}');
  if (request.method === 'GET' && request.url === '/metrics') return send(response, 200, `scholargraph_sql_statements_total ${statements}\n`, 'text/plain');
  void handler(request, response);
});
server.keepAliveTimeout = 60_000;

// Listening only once the schema is introspected and built, so that the first answer the bench
// sees (GET /healthz) means PostGraphile is ready to serve.
handler
  .getGraphQLSchema()
  .then(() => server.listen(Number(process.env.PORT ?? 4200), process.env.HOST ?? '127.0.0.1'))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => {
      void handler.release().then(() => pool.end()).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  });
}
