// What `npm start` shows (LOG_FORMAT, src/ops/log-format.ts and src/ops/banner.ts): on a terminal
// (a real pseudo-terminal, util-linux's `script`), one banner once the API answers, then one line
// per request; piped, pino's JSON lines only, with one "ready" line instead of the banner.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PrettyLog } from '../../src/ops/log-format';
import { freePort } from '../support/ports';
import { tempDir } from '../support/server';

const root = path.join(__dirname, '..', '..');
const NODE_MAIN = [process.execPath, '--require', 'tsx/cjs', 'src/main.ts'];
const BANNER = /ScholarGraph \S+ is ready/g;

// Colours, cursor moves; and the carriage returns a terminal's newlines carry.
const plain = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
const lines = (text: string): string[] => plain(text).split('\n').filter((line) => line.trim() !== '');
const shell = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** The environment a newcomer has: none of the settings the tests' own environment may carry. */
function newcomer(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of ['WORKERS', 'LOG_FORMAT', 'LOG_LEVEL', 'HOST', 'PLAYGROUND', 'SEED_DEMO_DATA', 'DEMO_CORPUS_PAPERS', 'NODE_ENV', 'READS_NEED_KEY']) {
    delete base[name];
  }
  return { ...base, ...env };
}

interface Started {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

const started: Started[] = [];

/** src/main.ts with standard output a terminal (under `script`) or a pipe. */
function start(how: 'terminal' | 'pipe', env: NodeJS.ProcessEnv, port: number): Started {
  const [command, ...args] =
    how === 'terminal' ? ['script', '-qfec', NODE_MAIN.map(shell).join(' '), '/dev/null'] : NODE_MAIN;
  const child = spawn(command, args, { cwd: root, env: newcomer({ PORT: String(port), ...env }), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server = { child, port, output: () => output, exited };
  started.push(server);
  return server;
}

/** Every process below `pid` (the server under `script` runs in a session of its own), from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0; ) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parents) if (ppid === parent) (found.push(child), queue.push(child));
  }
  return found;
}

async function stopAll(): Promise<void> {
  for (const server of started.splice(0)) {
    if (server.child.exitCode !== null || server.child.pid === undefined) continue;
    const pids = descendants(server.child.pid);
    for (const pid of [...pids, -server.child.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await server.exited;
  }
}

async function until(what: string, server: Started, condition: () => boolean, seconds = 150): Promise<void> {
  for (const deadline = Date.now() + seconds * 1000; !condition(); ) {
    if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${what}; the output:\n${plain(server.output())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function graphql(port: number, query: string, operationName: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: any }).data;
}

const COUNTS = 'query BannerCounts { papers(first: 1) { totalCount } authors(first: 1) { totalCount } }';
const n = (count: number): string => count.toLocaleString('en-US');

/** Each non-empty line is a JSON object (pino's line), or the test fails naming the first that is not. */
function expectJsonLinesOnly(output: string): Record<string, any>[] {
  return lines(output).map((line) => {
    try {
      return JSON.parse(line) as Record<string, any>;
    } catch {
      throw new Error(`not a JSON line: ${line}\nthe output:\n${plain(output)}`);
    }
  });
}

describe('the first screen of npm start (LOG_FORMAT)', () => {
  jest.setTimeout(240_000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('on a terminal with the defaults: one banner once every worker answers, with the real port, database and counts; then one pretty line per request', async () => {
    const port = await freePort();
    const file = path.join(dir, 'fresh.db');
    const server = start('terminal', { DATABASE_PATH: file }, port);
    await until('banner', server, () => plain(server.output()).includes('Stop with Ctrl-C.'));
    const { papers, authors } = await graphql(port, COUNTS, 'BannerCounts');
    expect(papers.totalCount).toBeGreaterThan(1000);
    await until('request line', server, () => /POST \/graphql 200 [\d.]+ ms BannerCounts/.test(plain(server.output())));

    const screen = plain(server.output());
    expect(screen.match(BANNER)).toHaveLength(1);
    const banner = screen.slice(screen.search(BANNER), screen.indexOf('Stop with Ctrl-C.'));
    expect(banner).toContain(`API          http://localhost:${port}/graphql`);
    expect(banner).toContain(`Playground   http://localhost:${port}/playground`);
    expect(banner).toContain(`Metrics      http://localhost:${port}/metrics`);
    expect(banner).toContain(`Health       http://localhost:${port}/healthz, /readyz`);
    expect(banner).toContain(`Database     ${file} (SQLite)\n`);
    expect(banner).toContain(`Contents     ${n(papers.totalCount)} papers, ${n(authors.totalCount)} authors · demo data, loaded just now\n`);
    // WORKERS' default here: one per CPU, all of them serving when the banner is printed.
    expect(banner).toMatch(/Workers {6}\d+ · log level info/);
    expect(fs.existsSync(file)).toBe(true);

    const requestLines = lines(server.output()).filter((line) => line.includes('BannerCounts'));
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: POST \/graphql 200 [\d.]+ ms BannerCounts$/);
    // No JSON line reached the terminal, nor Fastify's per-address "listening" lines.
    expect(lines(server.output()).filter((line) => line.startsWith('{'))).toEqual([]);
    expect(screen).not.toContain('Server listening at');

    // The README's picture of this screen has the banner's rows, in its order.
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const pictured = /<!-- first-screen -->\s*```text\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const labels = (text: string) => text.split('\n').flatMap((line) => /^ {2}(\w+) {2,}/.exec(line)?.[1] ?? []);
    expect(labels(pictured)).toEqual(labels(banner));
    expect(labels(banner).length).toBeGreaterThan(5);
    expect(pictured).toMatch(/\] INFO: POST \/graphql 200 [\d.]+ ms AuthorProfile/);
  });

  it('piped, with the defaults: JSON lines only, no banner, one "ready" line with the same facts', async () => {
    const port = await freePort();
    const file = path.join(dir, 'piped.db');
    const server = start('pipe', { DATABASE_PATH: file, DEMO_CORPUS_PAPERS: '200' }, port);
    await until('ready line', server, () => server.output().includes('ready: the API answers'));
    const { papers, authors } = await graphql(port, COUNTS, 'BannerCounts');
    await until('request lines', server, () => server.output().includes('"operationName":"BannerCounts"') && /"statusCode":200/.test(server.output()));

    const entries = expectJsonLinesOnly(server.output());
    expect(server.output()).not.toMatch(BANNER);
    const ready = entries.filter((entry) => entry.msg === 'ready: the API answers');
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({
      level: 30,
      api: `http://localhost:${port}/graphql`,
      playground: `http://localhost:${port}/playground`,
      metrics: `http://localhost:${port}/metrics`,
      database: file,
      seeded: true,
      papers: papers.totalCount,
      authors: authors.totalCount,
    });
    // The request's lines are pino's own, as before: incoming, the operation, completed.
    expect(entries.filter((entry) => entry.msg === 'graphql operation' && entry.operationName === 'BannerCounts')).toHaveLength(1);
    expect(entries.some((entry) => entry.msg === 'incoming request' && entry.req?.url === '/graphql')).toBe(true);
  });

  it('LOG_FORMAT=pretty piped: the banner and pretty lines all the same', async () => {
    const port = await freePort();
    const file = path.join(dir, 'pretty.db');
    const server = start('pipe', { DATABASE_PATH: file, LOG_FORMAT: 'pretty', WORKERS: '1', DEMO_CORPUS_PAPERS: '200', HOST: '127.0.0.1' }, port);
    await until('banner', server, () => server.output().includes('Stop with Ctrl-C.'));
    const { papers } = await graphql(port, COUNTS, 'BannerCounts');
    await until('request line', server, () => /POST \/graphql 200 [\d.]+ ms BannerCounts/.test(server.output()));

    const screen = plain(server.output());
    expect(screen.match(BANNER)).toHaveLength(1);
    expect(screen).toContain(`API          http://127.0.0.1:${port}/graphql`);
    expect(screen).toContain(`Database     ${file} (SQLite)\n`);
    expect(screen).toContain(`Contents     ${n(papers.totalCount)} papers`);
    expect(screen).toContain('Workers      1 · log level info');
    expect(lines(server.output()).filter((line) => line.startsWith('{'))).toEqual([]);
  });

  it('LOG_FORMAT=json on a terminal: JSON lines only, no banner', async () => {
    const port = await freePort();
    const file = path.join(dir, 'json.db');
    const server = start('terminal', { DATABASE_PATH: file, LOG_FORMAT: 'json', WORKERS: '1', DEMO_CORPUS_PAPERS: '200' }, port);
    await until('ready line', server, () => server.output().includes('ready: the API answers'));
    await graphql(port, COUNTS, 'BannerCounts');
    await until('request lines', server, () => server.output().includes('"operationName":"BannerCounts"') && /"statusCode":200/.test(server.output()));

    const entries = expectJsonLinesOnly(server.output());
    expect(server.output()).not.toMatch(BANNER);
    expect(entries.filter((entry) => entry.msg === 'ready: the API answers')).toHaveLength(1);
    expect(entries.some((entry) => /^Server listening at /.test(entry.msg))).toBe(true);
  });

  it('LOG_FORMAT=fancy: one line naming the allowed values, exit 1, no database', async () => {
    const file = path.join(dir, 'never.db');
    let stderr = '';
    const server = start('pipe', { DATABASE_PATH: file, LOG_FORMAT: 'fancy' }, await freePort());
    server.child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running after 60 s'), 60_000).unref());
    expect(await Promise.race([server.exited, timeout])).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^scholargraph: LOG_FORMAT must be auto \(.*\), pretty \(.*\) or json \(.*\), got "fancy"$/)]);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('the pretty log', () => {
  const pretty = () => {
    let text = '';
    const log = new PrettyLog({ write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream);
    return { log, text: () => plain(text) };
  };
  const line = (entry: Record<string, unknown>) => `${JSON.stringify({ level: 30, time: Date.now(), pid: 1, hostname: 'h', ...entry })}\n`;

  it("joins a request's incoming, operation and completed lines into one", () => {
    const { log, text } = pretty();
    log.write(line({ reqId: 'req-7', req: { method: 'POST', url: '/graphql' }, msg: 'incoming request' }));
    log.write(line({ reqId: 'req-7', operationName: 'AuthorProfile', outcome: 'partial', errorCodes: ['NOT_FOUND'], msg: 'graphql operation' }));
    expect(text()).toBe('');
    log.write(line({ reqId: 'req-7', res: { statusCode: 200 }, responseTime: 3.14159, msg: 'request completed' }));
    expect(text()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: POST \/graphql 200 3\.1 ms AuthorProfile \(partial: NOT_FOUND\)\n$/);
  });

  it('keeps every detail of a warning or an error, its stack included', () => {
    const { log, text } = pretty();
    log.write(line({ level: 50, reqId: 'req-1', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at here (x.ts:1:1)' }, msg: 'boom' }));
    expect(text()).toContain('ERROR: boom');
    expect(text()).toContain('at here (x.ts:1:1)');
  });
});
