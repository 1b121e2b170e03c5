// One request must never stop the server. Aggregates of whole lists (counts, stats, searches)
// are priced by the rows they scan, so the cost and rate limits bound them; and they run in the
// read threads (src/store/sqlite/read-pool.ts), so that while the heaviest of them runs the process keeps
// answering: /healthz, with the default single worker of a one-CPU machine (WORKERS=1).
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { COUNT_ROWS_PER_POINT, STATS_ROWS_PER_POINT } from '../../src/limits/query-cost';
import { startProcess, type ServerProcess } from '../support/server-process';
import { tempDir } from '../support/server';

const PAPERS = 40_000;
const STATS = 'stats { paperCount citationCount hIndex byYear { year count } byCategory { category { code } count } }';
// The attack of the issue: many aliases of one aggregate over nearly every paper.
const aliased = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: papers(first: 0, filter: { publishedTo: "20${30 + (i % 10)}-01-01" }) { totalCount ${STATS} }`).join(' ')} }`;

let dir: string;
let file: string;
let paperRows: number;

beforeAll(() => {
  dir = tempDir();
  file = path.join(dir, 'large.db');
  const { db } = prepareDatabase(file, { seedDemoData: false });
  writeCorpus(db, { papers: PAPERS, seed: 11 });
  // What the price reads: the largest paper id (the table's size, as an upper bound).
  paperRows = (db.sqlite.prepare('SELECT max(id) AS n FROM papers').get() as { n: number }).n;
  db.close();
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function post(server: ServerProcess, query: string): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query }) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A server on the large database with WORKERS=1 and `env`, for the tests of one describe. */
function serverFor(env: NodeJS.ProcessEnv): () => ServerProcess {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startProcess(file, { WORKERS: '1', LOG_LEVEL: 'warn', ...env });
  }, 120_000);
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });
  return () => server;
}

describe('aggregates priced by the rows they scan, with the default limits', () => {
  const started = serverFor({});

  it('charges a count and the stats of every paper by the papers they read', async () => {
    const server = started();
    const answer = await post(server, `{ papers(first: 0, filter: { publishedTo: "2039-01-01" }) { totalCount ${STATS} } }`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.papers.totalCount).toBe(PAPERS);
    const price = Math.floor(paperRows / COUNT_ROWS_PER_POINT) + Math.floor(paperRows / STATS_ROWS_PER_POINT);
    // It cost one point before: a scan of every paper for the price of one object.
    expect(Number(answer.headers.get('x-ratelimit-used'))).toBe(price);
  });

  it('refuses the 28-alias attack before running anything, saying what it costs', async () => {
    const server = started();
    const answer = await post(server, aliased(28));
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(answer.body.errors[0].message).toMatch(/totalCount.*stats|stats.*totalCount/);
  });
});

describe('the heaviest read runs off the event loop', () => {
  // The limits off: the heaviest request there is, not only the heaviest allowed.
  const started = serverFor({ MAX_COST: 'off', RATE_LIMIT_POINTS: 'off', MAX_ALIASES: 'off' });

  it('answers /healthz while 28 aliased stats of 40,000 papers run, and answers them right', async () => {
    const server = started();
    const single = await post(server, `{ papers(first: 0, filter: { publishedTo: "2030-01-01" }) { totalCount ${STATS} } }`);
    let finished = false;
    const heavy = post(server, aliased(28)).finally(() => {
      finished = true;
    });
    let answeredMeanwhile = 0;
    while (!finished) {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      await health.text();
      if (!finished) answeredMeanwhile += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const answer = await heavy;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.a0).toEqual(single.body.data.papers);
    expect(Object.keys(answer.body.data)).toHaveLength(28);
    // Inline, the process was blocked for the whole request: not one health check got through.
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(5);
  });
});
