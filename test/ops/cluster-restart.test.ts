// A worker that dies in cluster mode, with a real fault: the database file is moved away and a
// file that is no database put in its place. The workers already running keep the one they
// opened and go on serving; a new worker fails to open it and dies before it listens. The primary
// replaces the dead worker with a backoff, brings the cluster back once the file is back, gives up
// on a worker that keeps failing (and /readyz says so) without stopping the others, and exits 1
// only when no worker at all can start. The primary is the real one with a quicker backoff
// (./quick-restart-primary.ts); its workers run the real entry point.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { prepareDatabase } from '../../src/bootstrap';
import { workersOf } from './cluster-processes';
import { QUICK_RESTART } from './quick-restart-primary';
import { freePort } from '../support/ports';
import { tempDir } from '../support/server';

const root = path.join(__dirname, '..', '..');
const entry = path.join(__dirname, 'quick-restart-primary.ts');
// A paper of the demo data, read by a worker that keeps its database open.
const PAPER = '{ paper(externalId: "2503.07365") { title } }';
const TITLE = 'MM-Eureka: Exploring the Frontiers of Multimodal Reasoning with Rule-based Reinforcement Learning';

interface Answer {
  status: number;
  servedBy: string | undefined;
  body: any;
}

/** GET `route`, or POST `query` to /graphql, on a new connection (the primary hands each to a worker in turn). */
function ask(url: string, route: string, query?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = query === undefined ? undefined : JSON.stringify({ query });
    const req = http.request(
      `${url}${route}`,
      { method: payload === undefined ? 'GET' : 'POST', agent: false, headers: payload === undefined ? {} : { 'content-type': 'application/json' }, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, servedBy: res.headers['x-served-by'] as string | undefined, body: JSON.parse(text) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${route} within 10 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

interface Cluster {
  child: ChildProcess;
  url: string;
  output(): string;
  /** The primary's and the workers' JSON log lines whose message starts with `prefix`. */
  log(prefix: string): Record<string, any>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCluster(file: string, port: number): Cluster {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', entry], {
    cwd: root,
    env: { ...process.env, WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: file, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    log: (prefix) =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{') && line.endsWith('}'))
        .map((line) => JSON.parse(line) as Record<string, any>)
        .filter((entry) => typeof entry.msg === 'string' && entry.msg.startsWith(prefix)),
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, cluster: Cluster, seconds = 60): Promise<void> {
  for (const deadline = Date.now() + seconds * 1000; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${cluster.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cluster mode: a worker that dies while a new one cannot open the database', () => {
  const dir = tempDir('scholargraph-restart-');
  const file = path.join(dir, 'cluster.db');
  const moved = path.join(dir, 'moved.db');
  let cluster: Cluster;

  // The database and its WAL and shared memory move together, the main file first out and last
  // back: a worker that opened the path in between would see a database without its WAL.
  function breakDatabase(): void {
    const notADatabase = path.join(dir, 'not-a-database');
    fs.writeFileSync(notADatabase, 'These are not the pages of a SQLite database.\n'.repeat(100));
    fs.renameSync(file, moved);
    fs.renameSync(notADatabase, file);
    for (const suffix of ['-wal', '-shm']) fs.renameSync(`${file}${suffix}`, `${moved}${suffix}`);
  }
  function restoreDatabase(): void {
    for (const suffix of ['-wal', '-shm']) fs.renameSync(`${moved}${suffix}`, `${file}${suffix}`);
    fs.renameSync(moved, file);
  }

  /** Kills one of the two workers; resolves with the other's X-Served-By once the primary has seen the death. */
  async function killAWorker(): Promise<string> {
    const serving = new Set<string>();
    for (let i = 0; i < 20 && serving.size < 2; i++) serving.add((await ask(cluster.url, '/healthz')).servedBy!);
    const pids = workersOf(cluster.child.pid!);
    expect([serving.size, pids.length]).toEqual([2, 2]);
    const deaths = cluster.log('a worker died').length;
    process.kill(pids[0], 'SIGKILL');
    await until(() => cluster.log('a worker died').length > deaths, 'the primary to see the worker die', cluster);
    const dead = `worker-${cluster.log('a worker died').at(-1)!.workerId}`;
    expect(serving).toContain(dead);
    return [...serving].find((worker) => worker !== dead)!;
  }

  /** Requests on new connections, every 100 ms until `stop` holds: each answer. */
  async function askMeanwhile(stop: () => boolean): Promise<Answer[]> {
    const answers: Answer[] = [];
    while (!stop()) {
      answers.push(await ask(cluster.url, '/healthz'));
      await new Promise((r) => setTimeout(r, 100));
    }
    return answers;
  }

  /** /readyz of each of the two workers, asked on new connections until both have answered. */
  async function readyzOfBoth(): Promise<Map<string, Answer>> {
    const answers = new Map<string, Answer>();
    for (let i = 0; i < 20 && answers.size < 2; i++) {
      const answer = await ask(cluster.url, '/readyz');
      answers.set(answer.servedBy!, answer);
    }
    return answers;
  }

  beforeAll(async () => {
    prepareDatabase(file, { seedDemoData: true, demoCorpusPapers: 0 }).db.close();
    cluster = startCluster(file, await freePort());
    await until(() => (cluster.output().match(/Server listening/g) ?? []).length === 2, 'both workers to listen', cluster, 90);
  }, 120_000);

  afterAll(() => {
    if (cluster.child.exitCode === null) cluster.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps serving on the other worker while the dead one fails to restart, and is back to both once the file is', async () => {
    breakDatabase();
    const left = await killAWorker();
    // Two failed starts, one after 0.2 s, the next 0.4 s after the first failed.
    const answers = await askMeanwhile(() => cluster.log('a worker failed to start').length >= 2);
    const degraded = await ask(cluster.url, '/readyz');
    restoreDatabase();
    await until(() => cluster.log('a replacement worker is serving').length === 1, 'the replacement to serve', cluster);

    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((a) => a.status === 200 && a.servedBy === left)).toBe(true);
    expect(cluster.log('a worker died').map((l) => [l.msg, l.retryInMs])).toEqual([['a worker died: starting another in 0.2 s', 200]]);
    expect(cluster.log('a worker failed to start').map((l) => [l.msg, l.failures, l.retryInMs])).toEqual([
      ['a worker failed to start (1 of 5 in a row): starting another in 0.4 s', 1, 400],
      ['a worker failed to start (2 of 5 in a row): starting another in 0.8 s', 2, 800],
    ]);
    // What the new workers died of, in their own words.
    expect(cluster.output()).toContain('file is not a database');
    expect([degraded.status, degraded.servedBy]).toEqual([200, left]);
    expect(degraded.body).toMatchObject({
      status: 'degraded',
      workers: {
        configured: 2,
        serving: 1,
        starting: 0,
        restarting: 1,
        abandoned: 0,
        reason: '1 of 2 workers serve: 1 died or failed to start and is being restarted, with a backoff',
      },
    });
    expect(cluster.log('a replacement worker is serving')[0]).toMatchObject({ serving: 2, workers: 2 });

    // Both workers, the replacement a new process reading the restored file, serve and say so.
    await until(async () => {
      const both = await readyzOfBoth();
      return both.size === 2 && [...both.values()].every((a) => a.body.status === 'ready' && a.body.workers.serving === 2);
    }, 'both workers to report every worker serving', cluster);
    const both = await readyzOfBoth();
    expect([...both.keys()]).toContain(left);
    for (const answer of both.values()) {
      expect(answer.body).toEqual({
        status: 'ready',
        pendingAuthorMetrics: 0,
        pendingNovelty: 0,
        suspendedIndexes: 0,
        workers: { configured: 2, serving: 2, starting: 0, restarting: 0, abandoned: 0 },
      });
    }
    const read = await ask(cluster.url, '/graphql', PAPER);
    expect(read.body).toEqual({ data: { paper: { title: TITLE } } });
  }, 90_000);

  it('gives up on a worker that keeps failing to start, says so in the log and on /readyz, and goes on serving on the other', async () => {
    breakDatabase();
    const left = await killAWorker();
    const answers = await askMeanwhile(() => cluster.log('a worker failed to start 5 times in a row').length > 0);
    // Long enough for another start, had the primary not given up.
    await new Promise((r) => setTimeout(r, 2 * QUICK_RESTART.maxDelayMs));

    expect(answers.length).toBeGreaterThan(10);
    expect(answers.every((a) => a.status === 200 && a.servedBy === left)).toBe(true);
    const died = cluster.log('a worker died').at(-1)!;
    expect([died.msg, died.retryInMs]).toEqual(['a worker died: starting another in 0.2 s', 200]);
    // This round's failed starts, after the two of the first test: 0.4, 0.8, then the 1 s cap.
    expect(cluster.log('a worker failed to start (').slice(2).map((l) => [l.failures, l.retryInMs])).toEqual([
      [1, 400],
      [2, 800],
      [3, 1000],
      [4, 1000],
    ]);
    const [gaveUp] = cluster.log('a worker failed to start 5 times in a row');
    expect(gaveUp).toMatchObject({
      level: 50,
      failures: 5,
      serving: 1,
      workers: 2,
      msg:
        'a worker failed to start 5 times in a row: not replacing it any more, 1 of 2 workers serve. ' +
        'The errors above say why it failed; once the cause is fixed, restart the server to run every worker again',
    });
    expect(cluster.log('a worker failed to start (')).toHaveLength(6);
    expect(cluster.child.exitCode).toBeNull();

    const ready = await ask(cluster.url, '/readyz');
    expect([ready.status, ready.servedBy]).toEqual([200, left]);
    expect(ready.body).toEqual({
      status: 'degraded',
      pendingAuthorMetrics: 0,
      pendingNovelty: 0,
      suspendedIndexes: 0,
      workers: {
        configured: 2,
        serving: 1,
        starting: 0,
        restarting: 0,
        abandoned: 1,
        reason: '1 of 2 workers serve: 1 failed to start 5 times in a row and is not replaced any more (the log says why; restart the server once the cause is fixed)',
      },
    });
    // The worker left still reads the database it opened.
    const read = await ask(cluster.url, '/graphql', PAPER);
    expect([read.servedBy, read.body]).toEqual([left, { data: { paper: { title: TITLE } } }]);
  }, 90_000);

  it('still drains on SIGTERM and exits 0, the WAL checkpointed into the database', async () => {
    restoreDatabase();
    fs.rmSync(path.join(dir, 'not-a-database'), { force: true });
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toEqual({ code: 0, signal: null });
    expect(cluster.output().match(/server drained and database closed/g)).toHaveLength(1);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('cluster mode: no worker can start', () => {
  let dir: string;
  // The port is taken: every worker's listen fails (EADDRINUSE) and it dies before it listens.
  let taken: net.Server;
  let port: number;
  beforeEach(async () => {
    dir = tempDir('scholargraph-nostart-');
    prepareDatabase(path.join(dir, 'cluster.db'), { seedDemoData: true, demoCorpusPapers: 0 }).db.close();
    taken = net.createServer();
    port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
  });
  afterEach(() => {
    taken.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** How the primary exited, or null (then it is killed) if it had not within `seconds`. */
  async function exitOf(cluster: Cluster, seconds: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([cluster.exited, new Promise<null>((r) => (timer = setTimeout(r, seconds * 1000, null)))]);
    clearTimeout(timer);
    if (exited === null) cluster.child.kill('SIGKILL');
    return exited;
  }

  it('retries each worker with the backoff, then gives up and exits 1', async () => {
    const cluster = startCluster(path.join(dir, 'cluster.db'), port);
    expect(await exitOf(cluster, 60)).toEqual({ code: 1, signal: null });
    expect(cluster.output()).toContain('EADDRINUSE');
    // Each of the two workers: four retries, 0.4, 0.8, 1, 1 s after its failures, then given up on.
    const retries = cluster.log('a worker failed to start (');
    expect(retries.map((l) => [l.slot, l.failures, l.retryInMs]).sort()).toEqual(
      [1, 2].flatMap((slot) => [
        [slot, 1, 400],
        [slot, 2, 800],
        [slot, 3, 1000],
        [slot, 4, 1000],
      ]),
    );
    expect(cluster.log('a worker failed to start 5 times in a row').map((l) => [l.slot, l.serving]).sort()).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(cluster.log('no worker could start: stopping')).toHaveLength(1);
    expect(cluster.log('every worker has stopped')).toMatchObject([{ exitCode: 1 }]);
  }, 90_000);

  it('starts no worker once a signal has come, kills the one starting, and exits 0', async () => {
    const cluster = startCluster(path.join(dir, 'cluster.db'), port);
    await until(() => cluster.log('a worker failed to start (').length > 0, 'a first failed start', cluster);
    // Past the 0.4 s backoff: the replacement is starting (loading the code takes longer than this).
    await new Promise((r) => setTimeout(r, 600));
    const starting = workersOf(cluster.child.pid!);
    expect(starting.length).toBeGreaterThan(0);
    cluster.child.kill('SIGTERM');
    const failedBefore = cluster.log('a worker failed to start').length;
    expect(await exitOf(cluster, 10)).toEqual({ code: 0, signal: null });
    expect(cluster.log('a worker failed to start')).toHaveLength(failedBefore);
    expect(cluster.log('every worker has stopped')).toMatchObject([{ exitCode: 0 }]);
    for (const pid of starting) expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  }, 90_000);
});
