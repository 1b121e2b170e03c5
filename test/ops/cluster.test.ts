// WORKERS=2 on the real entry point: two worker processes answer on one port, a write through one
// is read through the other (one WAL database), the rate limit is one budget whichever worker a
// request reaches, /metrics counts for both workers whichever answers it, /readyz says both serve,
// a killed worker is replaced, and SIGTERM drains both and exits 0 with the WAL checkpointed away.
// A worker that cannot start: ./cluster-restart.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createKey } from '../../src/auth/keys';
import { sqliteStore } from '../../src/store';
import { prepareDatabase } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { usableCpus } from '../../src/ops/cpu-quota';
import { workersOf } from './cluster-processes';
import { freePort } from '../support/ports';
import { tempDir } from '../support/server';

const root = path.join(__dirname, '..', '..');
// Small enough to spend in a few queries: `papers(first: 30)` costs 30.
const RATE_LIMIT_POINTS = 100;

interface Answer {
  status: number;
  servedBy: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A request on the agent's connection (keep-alive, one socket: one worker), or on a new one. */
function request(url: string, agent: http.Agent | false, body?: object, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${url}${payload === undefined ? '/healthz' : '/graphql'}`,
      { method: payload === undefined ? 'GET' : 'POST', agent, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, servedBy: res.headers['x-served-by'] as string | undefined, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET /readyz on the agent's connection (one worker), or on a new one. */
function readyz(url: string, agent: http.Agent | false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/readyz`, { agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, servedBy: res.headers['x-served-by'] as string | undefined, headers: res.headers, body: JSON.parse(text) }));
      })
      .on('error', reject);
  });
}

interface Scrape {
  status: number;
  servedBy: string | undefined;
  text: string;
}

/** GET /metrics on the agent's connection (one worker), or on a new one. */
function scrape(url: string, agent: http.Agent | false): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/metrics`, { agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, servedBy: res.headers['x-served-by'] as string | undefined, text }));
      })
      .on('error', reject);
  });
}

/** The value of one series of a Prometheus text exposition, e.g. `name{label="value"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('cluster mode (WORKERS=2)', () => {
  const dir = tempDir('scholargraph-cluster-');
  const file = path.join(dir, 'cluster.db');
  let child: ChildProcess;
  let url: string;
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let writerKey: string;
  // The metrics test's own client: its requests spend none of the rate-limit test's budget.
  let metricsKey: string;
  const agents: http.Agent[] = [];

  /** Keep-alive agents until two are answered by different workers: [agent, its worker] pairs. */
  async function agentsOnBothWorkers(): Promise<[http.Agent, string][]> {
    const found = new Map<string, http.Agent>();
    for (let i = 0; i < 20 && found.size < 2; i++) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const { servedBy } = await request(url, agent);
      if (servedBy && !found.has(servedBy)) found.set(servedBy, agent);
    }
    expect(found.size).toBe(2);
    return [...found].map(([worker, agent]) => [agent, worker]);
  }

  beforeAll(async () => {
    const { db } = prepareDatabase(file, { seedDemoData: true, demoCorpusPapers: 0 });
    writerKey = (await createKey(sqliteStore(db), { name: 'cluster test', role: 'writer' })).key;
    metricsKey = (await createKey(sqliteStore(db), { name: 'cluster metrics test', role: 'reader' })).key;
    db.close();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        WORKERS: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: file,
        LOG_LEVEL: 'info',
        RATE_LIMIT_POINTS: String(RATE_LIMIT_POINTS),
        MAX_COST: String(RATE_LIMIT_POINTS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    // Both workers listening: each logs it.
    for (const deadline = Date.now() + 90_000; (output.match(/Server listening/g) ?? []).length < 2; ) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the cluster did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(() => {
    for (const agent of agents) agent.destroy();
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers from two worker processes, each naming itself in X-Served-By', async () => {
    const servedBy = new Set<string>();
    // A new connection per request: the primary hands connections to the workers in turn.
    for (let i = 0; i < 10; i++) servedBy.add((await request(url, false)).servedBy!);
    expect([...servedBy].sort()).toEqual(['worker-1', 'worker-2']);
    const pids = new Set([...output.matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => m[1]));
    expect(pids.size).toBe(2);
    expect(pids.has(String(child.pid))).toBe(false);
  });

  it('says on /readyz of either worker that both serve', async () => {
    for (const [agent, worker] of await agentsOnBothWorkers()) {
      const answer = await readyz(url, agent);
      expect([answer.status, answer.servedBy]).toEqual([200, worker]);
      expect(answer.body).toEqual({
        status: 'ready',
        pendingAuthorMetrics: 0,
        pendingNovelty: 0,
        suspendedIndexes: 0,
        workers: { configured: 2, serving: 2, starting: 0, restarting: 0, abandoned: 0 },
      });
    }
  });

  it('reads through one worker what was written through the other', async () => {
    const [[writer, writerWorker], [reader, readerWorker]] = await agentsOnBothWorkers();
    const auth = { authorization: `Bearer ${writerKey}` };
    const created = await request(
      url,
      writer,
      {
        query: 'mutation ($input: PaperInput!) { createPaper(input: $input) { paper { id } } }',
        variables: { input: { externalId: '2599.00001', title: 'Written through one worker', category: 'cs.LG', publishedAt: '2024-05-05', authors: [{ name: 'Cluster Author' }] } },
      },
      auth,
    );
    expect([created.status, created.servedBy, created.body.errors]).toEqual([200, writerWorker, undefined]);
    const read = await request(url, reader, { query: '{ paper(externalId: "2599.00001") { id title authors { nodes { name } } } }' }, auth);
    expect(read.servedBy).toBe(readerWorker);
    expect(read.body).toEqual({
      data: { paper: { id: created.body.data.createPaper.paper.id, title: 'Written through one worker', authors: { nodes: [{ name: 'Cluster Author' }] } } },
    });
  });

  it('spends one rate-limit budget per client across the workers', async () => {
    const [[first], [second]] = await agentsOnBothWorkers();
    const query = { query: '{ papers(first: 30) { nodes { title } } }' };
    // 30 + 30 + 30 of 100 points, spent alternately on the two workers; 10 are left.
    const spent = [await request(url, first, query), await request(url, second, query), await request(url, first, query)];
    expect(spent.map((a) => [a.status, a.headers['x-ratelimit-remaining']])).toEqual([
      [200, '70'],
      [200, '40'],
      [200, '10'],
    ]);
    // Per-process buckets would have 70 points left on this worker.
    const refused = await request(url, second, query);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.body.errors[0].message).toContain('this query costs 30 points and 10 of the 100 points per 60 s are left');
  });

  it('counts every worker in /metrics, whichever worker answers the scrape', async () => {
    const [[first, firstWorker], [second, secondWorker]] = await agentsOnBothWorkers();
    const before = sample((await scrape(url, first)).text, 'scholargraph_sql_statements_total')!;
    // 3 requests on one worker, 5 on the other: a single worker's count would be 3 or 5, not 8.
    const probe = { query: 'query MetricsProbe { papers(first: 1) { nodes { title } } }' };
    const auth = { authorization: `Bearer ${metricsKey}` };
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await request(url, i < 3 ? first : second, probe, auth));
    expect(answers.map((a) => [a.status, a.servedBy])).toEqual([
      ...Array(3).fill([200, firstWorker]),
      ...Array(5).fill([200, secondWorker]),
    ]);
    // Each worker logs the statements each request ran: their sum is what both workers ran since `before`.
    const probeLines = (): { sqlStatements: number }[] =>
      output
        .slice(0, output.lastIndexOf('\n'))
        .split('\n')
        .filter((line) => line.includes('"operationName":"MetricsProbe"'))
        .map((line) => JSON.parse(line));
    for (const deadline = Date.now() + 10_000; probeLines().length < 8 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    expect(probeLines()).toHaveLength(8);
    const ran = probeLines().reduce((sum, line) => sum + line.sqlStatements, 0);
    expect(ran).toBeGreaterThan(0);

    const scrapes = [];
    for (const agent of [first, second, first, second, false, false, false, false] as const) scrapes.push(await scrape(url, agent));
    expect(new Set(scrapes.map((s) => s.servedBy))).toEqual(new Set([firstWorker, secondWorker]));
    for (const { status, text } of scrapes) {
      expect(status).toBe(200);
      expect(sample(text, 'scholargraph_graphql_requests_total{operation="MetricsProbe",outcome="ok"}')).toBe(8);
      expect(sample(text, 'scholargraph_graphql_duration_seconds_count{operation="MetricsProbe"}')).toBe(8);
      expect(sample(text, 'scholargraph_sql_statements_total')).toBe(before + ran);
      // Process metrics are each worker's own, labelled with its id (the number in X-Served-By).
      const workers = [...text.matchAll(/^process_resident_memory_bytes\{worker="(\d+)"\} \d+$/gm)].map((m) => `worker-${m[1]}`);
      expect(workers.sort()).toEqual([firstWorker, secondWorker].sort());
    }
  });

  it('answers /metrics with a 503 that says what to do when the primary does not gather the metrics', async () => {
    const [[agent, worker]] = await agentsOnBothWorkers();
    // A stopped primary hands out no new connections, but the worker still answers on this one.
    child.kill('SIGSTOP');
    let stalled: Scrape;
    try {
      stalled = await scrape(url, agent);
    } finally {
      child.kill('SIGCONT');
    }
    expect([stalled.status, stalled.servedBy]).toEqual([503, worker]);
    expect(JSON.parse(stalled.text)).toEqual({
      status: 'unavailable',
      reason: 'the primary process did not answer within 7 s',
      hint: expect.stringMatching(/^Retry the scrape\. .*look in the server log/),
    });
    expect((await scrape(url, agent)).status).toBe(200);
  });

  it('answers /metrics with a 503 while a worker does not send its metrics, rather than a partial sum', async () => {
    const [[first], [second]] = await agentsOnBothWorkers();
    const [pid] = [...output.matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => Number(m[1]));
    process.kill(pid, 'SIGSTOP');
    const scrapes = [scrape(url, first), scrape(url, second)];
    let answered: Scrape | null;
    let guard: NodeJS.Timeout | undefined;
    try {
      // Only the worker still running can answer while the other is stopped (bounded, so that a bug cannot leave it stopped).
      answered = await Promise.race([...scrapes, new Promise<null>((resolve) => (guard = setTimeout(resolve, 25_000, null)))]);
    } finally {
      clearTimeout(guard);
      process.kill(pid, 'SIGCONT');
    }
    expect(answered?.status).toBe(503);
    expect(JSON.parse(answered!.text)).toMatchObject({
      status: 'unavailable',
      reason: "the primary could not gather every worker's metrics: a worker did not send its metrics within 5 s",
    });
    // The stopped worker, once running again, asks for and gets every worker's metrics.
    expect((await Promise.all(scrapes)).map((s) => s.status).sort()).toEqual([200, 503]);
  }, 60_000);

  it('replaces a worker that dies and keeps answering', async () => {
    const workers = workersOf(child.pid!);
    expect(workers).toHaveLength(2);
    process.kill(workers[0], 'SIGKILL');
    for (const deadline = Date.now() + 60_000; (output.match(/Server listening/g) ?? []).length < 3; ) {
      if (Date.now() > deadline) throw new Error(`no worker replaced the dead one:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain('a worker died: starting another in 0.5 s');
    const { status } = await request(url, new http.Agent());
    expect(status).toBe(200);
    // Back to full strength: both workers, the replacement included, say so.
    for (const [agent] of await agentsOnBothWorkers()) {
      expect((await readyz(url, agent)).body).toMatchObject({ status: 'ready', workers: { configured: 2, serving: 2, restarting: 0 } });
    }
  }, 90_000);

  // After a worker was replaced too: a clean stop is a clean exit, whatever happened before.
  it('drains every worker on SIGTERM, closes the database and exits 0', async () => {
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output.match(/server drained and database closed/g)).toHaveLength(2);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT title FROM papers WHERE external_id = '2599.00001'").pluck().get()).toBe('Written through one worker');
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('WORKERS', () => {
  it('defaults to one per CPU this process may use and refuses what is not a number of processes, saying what it wants', () => {
    // The quota's own cases are in ./cpu-quota.test.ts.
    expect(loadConfig({}).workers).toBe(usableCpus(os.availableParallelism()));
    expect(loadConfig({ WORKERS: '3' }).workers).toBe(3);
    expect(() => loadConfig({ WORKERS: '0' })).toThrow(
      /^WORKERS must be a number of worker processes between 1 and 256 \(default: one per CPU this process may use, within its CPU quota; here \d+\), got "0"$/,
    );
    expect(() => loadConfig({ WORKERS: 'all' })).toThrow('got "all"');
  });
});
