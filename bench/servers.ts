// Starts the API and the floor as their own processes, pinned to CPUs with taskset so that the
// load generator (this process, pinned elsewhere) does not take their time, and reads what the
// bench reports about them: /metrics counters, peak and current RSS, startup time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { send } from './http';

export const ROOT = path.join(__dirname, '..');

export interface ServerProcess {
  kind: 'api' | 'floor';
  url: string;
  pid: number;
  /** From spawn to the first answer (of GET /healthz, or of `ready`), ms. */
  startMs: number;
  /** Every process serving: the primary and its workers in cluster mode. */
  pids(): number[];
  stop(): Promise<void>;
}

export interface ServerOptions {
  kind: 'api' | 'floor';
  database: string;
  /** taskset CPU list, e.g. "0" or "0,1"; null runs unpinned. */
  cpus: string | null;
  env?: NodeJS.ProcessEnv;
  logFile: string;
  /** Options for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** The request whose first 200 says the server is up; GET /healthz by default. */
  ready?: { path: string; method: string; headers: Record<string, string>; body?: string };
  /** The checkout whose src/main.ts runs: this one by default, a baseline's worktree (./baseline.ts). */
  root?: string;
  /** Another floor than bench/floor-server.ts (the PostgreSQL floor, bench/floor/postgres-floor.ts). */
  entry?: string;
}

export function checkTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Pins this process (all its threads) to `cpus`. */
export function pinSelf(cpus: string): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset could not pin the load generator to CPU ${cpus}: ${result.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The children of a process (cluster workers), from /proc. */
function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * VmHWM (peak) and VmRSS (now) of a process, in MB, and of VmRSS the part that is the process's
 * own memory (RssAnon) rather than pages of a mapped file (RssFile: SQLite's mmap, code), which
 * the kernel shares between processes and can drop at will.
 */
export function memoryOf(pid: number): { peakMb: number; rssMb: number; anonMb: number; fileMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024, anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
  } catch {
    return null;
  }
}

export async function startServer({ kind, database, cpus, env = {}, logFile, nodeArgs = [], ready, root = ROOT, entry: floorEntry }: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const entry = kind === 'api' ? 'src/main.ts' : (floorEntry ?? 'bench/floor-server.ts');
  // node itself, not the tsx launcher: the pid is the server's, and signals reach it.
  // bench/levers.ts patches libraries for the levers an API variant names (BENCH_LEVERS).
  const levers = kind === 'api' && env.BENCH_LEVERS ? ['--require', path.join(root, 'bench', 'levers.ts')] : [];
  const command = [process.execPath, '--require', 'tsx/cjs', ...levers, ...nodeArgs, entry];
  const argv = cpus === null ? command : ['taskset', '-c', cpus, ...command];
  const log = fs.openSync(logFile, 'a');
  const started = performance.now();
  const child: ChildProcess = spawn(argv[0], argv.slice(1), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: database,
      SEED_DEMO_DATA: 'false',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 180_000; ; ) {
    try {
      if ((await send(`${url}${ready?.path ?? '/healthz'}`, ready)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the ${kind} server did not start; its log is ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - started;
  const pid = child.pid!;
  return {
    kind,
    url,
    pid,
    startMs,
    pids: () => [pid, ...childPids(pid)],
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** scholargraph_sql_statements_total of the server (one process: the bench reads it with WORKERS=1). */
export async function statementsRun(url: string): Promise<number> {
  const { text } = await send(`${url}/metrics`);
  const match = /^scholargraph_sql_statements_total (\d+)$/m.exec(text);
  if (!match) throw new Error(`no scholargraph_sql_statements_total in ${url}/metrics`);
  return Number(match[1]);
}

/** scholargraph_graphql_requests_total summed by outcome. */
export async function outcomes(url: string): Promise<Record<string, number>> {
  const { text } = await send(`${url}/metrics`);
  const totals: Record<string, number> = {};
  for (const match of text.matchAll(/^scholargraph_graphql_requests_total\{[^}]*outcome="(\w+)"[^}]*\} (\d+)$/gm)) {
    totals[match[1]] = (totals[match[1]] ?? 0) + Number(match[2]);
  }
  return totals;
}
