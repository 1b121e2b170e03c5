// `npm start` as a user runs it: a fresh file gets migrated and the demo data; a second start
// keeps what is there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/store/sqlite/client';
import { updatePaper } from '../src/store/sqlite/paper-writes';
import { loadConfig } from '../src/config';
import { freePort } from './support/ports';
import { tempDir } from './support/server';

const root = path.join(__dirname, '..');

async function start(
  databasePath: string,
  command: string[] = ['npm', 'start'],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  let output = '';
  const child = spawn(command[0], command.slice(1), {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, LOG_LEVEL: 'info', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, output: () => output };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

async function card(url: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ papers(first: 0) { totalCount } authors(search: "Zongkai Liu") { nodes { hIndex paperCount citationCount } } }' }),
  });
  return ((await response.json()) as { data: any }).data;
}

describe('npm start', () => {
  const dir = tempDir();
  const file = path.join(dir, 'nested', 'scholargraph.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates, migrates and seeds an empty database, then keeps the data on the next start', async () => {
    const first = await start(file);
    const seeded = await card(first.url);
    await stop(first.child);
    expect(seeded.authors.nodes).toEqual([{ hIndex: 4, paperCount: 6, citationCount: 229 }]);
    expect(first.output()).toContain('empty database: demo data loaded');
    // The profile's six papers, and the generated ones that give the demo lists to explore.
    expect(seeded.papers.totalCount).toBe(6 + loadConfig({}).demoCorpusPapers);

    // A curator changes the data between the runs: the next start must keep it as it is.
    const db = openDatabase(file);
    const paperId = db.sqlite.prepare("SELECT id FROM papers WHERE external_id = '2401.02244'").pluck().get() as number;
    updatePaper(db, paperId, { citationCount: 1004 });
    db.close();

    const second = await start(file);
    const kept = await card(second.url);
    await stop(second.child);
    expect(second.output()).toContain('database ready');
    expect(kept.papers.totalCount).toBe(seeded.papers.totalCount);
    expect(kept.authors.nodes).toEqual([{ hIndex: 5, paperCount: 6, citationCount: 1229 }]);
  }, 120_000);
});

describe('the production build', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("compiles with `npm run build` and serves the demo with the Docker image's command", async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.stderr + build.stdout).not.toMatch(/error TS/);
    expect(build.status).toBe(0);
    const server = await start(path.join(dir, 'prod.db'), ['node', 'dist/src/main.js'], { NODE_ENV: 'production' });
    const answer = await card(server.url);
    await stop(server.child);
    expect(answer.authors.nodes).toEqual([{ hIndex: 4, paperCount: 6, citationCount: 229 }]);
  }, 120_000);
});

describe('configuration', () => {
  it('defaults to port 4000 and a file under data/, and takes PORT and DATABASE_PATH', () => {
    const defaults = loadConfig({});
    expect(defaults.port).toBe(4000);
    expect(path.relative(process.cwd(), defaults.databasePath)).toBe(path.join('data', 'scholargraph.db'));
    const set = loadConfig({ PORT: '8080', DATABASE_PATH: '/tmp/x.db' });
    expect([set.port, set.databasePath]).toEqual([8080, '/tmp/x.db']);
  });

  it('refuses a PORT that is not a port, saying what it got', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow('PORT must be a port number between 0 and 65535, got "http"');
    expect(() => loadConfig({ DEMO_CORPUS_PAPERS: '-5' })).toThrow('DEMO_CORPUS_PAPERS must be a number of papers between 0 and 1000000, got "-5"');
  });
});
