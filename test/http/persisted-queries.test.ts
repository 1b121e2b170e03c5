// Automatic persisted queries under cluster mode, as a client meets them with the default
// WORKERS of a two-CPU machine: a query registered by a POST on one worker is found by the GETs
// that name its hash, whichever worker answers them, and after a restart.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { startProcess, type ServerProcess, until } from '../support/server-process';
import { tempDir } from '../support/server';

const QUERY = 'query TopPapers { papers(first: 3, orderBy: { field: CITATION_COUNT, direction: DESC }) { nodes { title citationCount } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const EXTENSIONS = { persistedQuery: { version: 1, sha256Hash: HASH } };

let dir: string;
let file: string;
beforeAll(() => {
  dir = tempDir();
  file = path.join(dir, 'apq.db');
  prepareDatabase(file).db.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Started, and both workers serving: startProcess returns at the first answer, from either. */
async function startCluster(): Promise<ServerProcess> {
  const server = await startProcess(file, { WORKERS: '2', LOG_LEVEL: 'warn' });
  await until(async () => ((await (await fetch(`${server.url}/readyz`)).json()) as { workers?: { serving: number } }).workers?.serving === 2, 'both workers serving', 60);
  return server;
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

/** A GET naming only the hash, on a connection of its own (so that the requests spread over the workers). */
async function getByHash(server: ServerProcess): Promise<{ body: any; worker: string | null }> {
  const url = `${server.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(EXTENSIONS))}`;
  const response = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true', connection: 'close' } });
  return { body: await response.json(), worker: response.headers.get('x-served-by') };
}

describe('automatic persisted queries with WORKERS=2', () => {
  it('finds a query registered on one worker from every worker, and after a restart', async () => {
    let server = await startCluster();
    try {
      const miss = await getByHash(server);
      expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

      const register = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ query: QUERY, extensions: EXTENSIONS }),
      });
      const expected = ((await register.json()) as { data: unknown }).data;
      expect(expected).toBeDefined();

      const answers = await Promise.all(Array.from({ length: 20 }, () => getByHash(server)));
      // Every worker answered some of them, and none missed.
      expect(new Set(answers.map((a) => a.worker)).size).toBe(2);
      for (const answer of answers) expect(answer.body).toEqual({ data: expected });

      await stop(server);
      server = await startCluster();
      expect((await getByHash(server)).body).toEqual({ data: expected });
    } finally {
      await stop(server);
    }
  }, 120_000);
});
