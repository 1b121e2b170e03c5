// The real server in a process of its own (node with tsx's loader, as npm start runs it), on a
// free port and a given SQLite file, talked to over HTTP as a client would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './ports';

const root = path.join(__dirname, '..', '..');

export interface Readiness {
  status: string;
  pendingNovelty: number;
  pendingAuthorMetrics: number;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readyz(): Promise<Readiness>;
  graphql(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: unknown[] }>;
}

/** Starts `src/main.ts` and resolves at its first answer to GET /healthz. */
export async function startProcess(file: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const port = await freePort();
  // node itself rather than the tsx launcher: a signal sent to the launcher does not reach it.
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: file, LOG_LEVEL: 'info', WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    child,
    output: () => output,
    exited,
    async readyz() {
      return (await (await fetch(`${url}/readyz`)).json()) as Readiness;
    },
    async graphql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    },
  };
  for (const deadline = Date.now() + 90_000; ; ) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until `condition` holds, for up to `seconds`. */
export async function until(condition: () => Promise<boolean> | boolean, what: string, seconds = 120): Promise<void> {
  for (const deadline = Date.now() + seconds * 1000; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The lines of a pino log whose message starts with `prefix`. */
export function logLines(output: string, prefix: string): Record<string, any>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((entry) => typeof entry.msg === 'string' && entry.msg.startsWith(prefix));
}
