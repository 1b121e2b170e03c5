// What a newcomer sees when the server cannot start: a setting it cannot use, or a port something
// else holds, is one line naming the setting and the fix, exit code 1, no stack; and a taken port
// is found before the database is migrated or seeded, so that no file is left behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from '../support/server';

const root = path.join(__dirname, '..', '..');

/** Runs `src/main.ts` as `npm start` does, to its exit. */
function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const STACK_LINE = /^\s+at /m;

describe('a server that cannot start', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['1', '2'])('PORT=abc with WORKERS=%s: one line naming the setting, exit 1, no stack, no database', async (workers) => {
    const file = path.join(dir, 'never.db');
    const { code, stdout, stderr } = await start({ PORT: 'abc', WORKERS: workers, DATABASE_PATH: file });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('scholargraph: PORT must be a port number between 0 and 65535, got "abc"');
    expect(stderr + stdout).not.toMatch(STACK_LINE);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('another bad setting is one line too', async () => {
    const file = path.join(dir, 'never.db');
    const { code, stderr } = await start({ PORT: '0', WORKERS: 'lots', DATABASE_PATH: file });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^scholargraph: WORKERS must be a number of worker processes between 1 and 256 .*got "lots"$/)]);
    expect(fs.existsSync(file)).toBe(false);
  });

  it.each(['1', '2'])('a port in use with WORKERS=%s: one line naming the port and the fix, exit 1, no stack, nothing seeded', async (workers) => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      const file = path.join(dir, 'fresh.db');
      const { code, stdout, stderr } = await start({ PORT: String(port), WORKERS: workers, DATABASE_PATH: file });
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `scholargraph: port ${port} is already in use on 127.0.0.1: stop what uses it or set PORT to another port (PORT=${port + 1} npm start)`,
      );
      expect(stderr + stdout).not.toMatch(STACK_LINE);
      expect(stdout).not.toMatch(/demo data|database ready|listening/);
      // Found before the migrations and the demo data: the file was never created.
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('a HOST that is not this machine\'s: one line naming it, exit 1, no stack, nothing seeded', async () => {
    const file = path.join(dir, 'fresh.db');
    // TEST-NET-1 (RFC 5737): never an address of this machine.
    const { code, stdout, stderr } = await start({ PORT: '0', HOST: '192.0.2.1', WORKERS: '1', DATABASE_PATH: file });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^scholargraph: HOST 192\.0\.2\.1 is not an address of this machine \(EADDRNOTAVAIL\): set HOST to/);
    expect(stderr + stdout).not.toMatch(STACK_LINE);
    expect(fs.existsSync(file)).toBe(false);
  });
});
