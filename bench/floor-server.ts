// The floor: the least a server can do to answer the bench's pages. node:http, no framework, no
// GraphQL; for each workload the statements it needs, prepared once at start, and the JSON the
// API answers in `data`. POST /<workload> with the GraphQL variables as the body.
//   DATABASE_PATH=.bench/corpus-20000.db PORT=4100 npx tsx bench/floor-server.ts
import http from 'node:http';
import { openFloorDatabase } from './floor/database';
import { deepPage } from './floor/deep';
import { leaderboardPage } from './floor/leaderboard';
import { nodeLookup } from './floor/node';
import { profilePage } from './floor/profile';
import { searchPage } from './floor/search';
import { FloorError, upsertWrite } from './floor/upsert';

const file = process.env.DATABASE_PATH;
if (!file) throw new Error('DATABASE_PATH must name the database to serve');
const { sqlite, statements } = openFloorDatabase(file);

type Handler = (variables: any, authorization: string | undefined) => unknown;

const handlers: Record<string, Handler> = {
  '/profile': profilePage(sqlite),
  '/search': searchPage(sqlite),
  '/leaderboard': leaderboardPage(sqlite),
  '/deep': deepPage(sqlite),
  '/node': nodeLookup(sqlite),
  '/upsert': upsertWrite(sqlite, statements),
  // { __typename }: what answering costs when there is nothing to read.
  '/empty': () => ({ __typename: 'Query' }),
};

function send(response: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/healthz') return send(response, 200, '{"status":"ok"}');
  // The API's counter, under its name, so that the bench reads both the same way.
  if (request.method === 'GET' && request.url === '/metrics') {
    return send(response, 200, `scholargraph_sql_statements_total ${statements.total}\n`, 'text/plain');
  }
  const handler = request.method === 'POST' ? handlers[request.url ?? ''] : undefined;
  if (!handler) return send(response, 404, '{"error":"no such workload"}');
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const variables = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      send(response, 200, JSON.stringify(handler(variables, request.headers.authorization)));
    } catch (error) {
      const status = error instanceof FloorError ? error.status : 500;
      send(response, status, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    }
  });
});

server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 4100), process.env.HOST ?? '127.0.0.1');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => {
      sqlite.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  });
}
