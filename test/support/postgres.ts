// A throwaway PostgreSQL cluster per test file, started by the test itself from Debian's server
// binaries (.ci/install-postgres puts them there): initdb into a temp dir, a free port on
// 127.0.0.1 only, trust authentication, durability off (a test's data is worth nothing after
// it). initdb and the server refuse to run as root: as root (CI), they run as the `postgres` user
// over a directory chowned to it.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './ports';

const run = promisify(execFile);

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  /** Stops the server at once and deletes its files; safe to call twice. */
  stop(): Promise<void>;
}

const DATABASE = 'scholargraph';
const asRoot = process.getuid?.() === 0;

// Servers still running when the process exits (a test that threw before its afterAll, a
// worker ended early): stopped synchronously, since nothing asynchronous runs at exit.
const running = new Map<string, { dataDir: string; dir: string }>();
process.on('exit', () => {
  for (const { dataDir, dir } of running.values()) {
    try {
      execFileSync(...command('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-s']), { stdio: 'ignore', cwd: dir });
    } catch {
      // Already stopped or never started: the files still go.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`No PostgreSQL server under ${root}: run .ci/install-postgres (as root)`);
  return path.join(root, versions[0], 'bin');
}

/** The argv that runs a server binary, as the `postgres` user when this process is root. */
function command(binary: string, args: string[]): [string, string[]] {
  const file = path.join(binDir(), binary);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

async function runBinary(binary: string, args: string[], cwd: string): Promise<void> {
  // cwd: the postgres user may not be allowed into the test's own working directory.
  await run(...command(binary, args), { cwd, env: { ...process.env, LC_ALL: 'C.UTF-8' } }).catch((error: Error & { stderr?: string }) => {
    throw new Error(`${binary} failed: ${error.stderr?.trim() || error.message}`);
  });
}

function makeDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
  }
  return dir;
}

// Appended to postgresql.conf: the last setting of a name wins.
function settings(port: number): string {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    // TCP only: no socket file to place where both root and postgres may write.
    `unix_socket_directories = ''`,
    // Tests only: nothing is flushed, a crash loses the cluster, which is thrown away anyway.
    `fsync = off`,
    `synchronous_commit = off`,
    `full_page_writes = off`,
    `shared_buffers = 16MB`,
    `max_connections = 40`,
    `wal_level = replica`,
    `max_wal_senders = 4`,
    `log_min_messages = warning`,
    '',
  ].join('\n');
}

async function startServer(dir: string, dataDir: string): Promise<PostgresCluster> {
  running.set(dir, { dataDir, dir });
  const stop = async () => {
    if (!running.delete(dir)) return;
    await runBinary('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-s'], dir).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const logFile = path.join(dir, 'server.log');
  // The port was free when probed; another test's server may take it before this one binds.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n${settings(port)}`);
    try {
      await runBinary('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', logFile], dir);
      return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, port, stop };
    } catch (error) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      if (attempt < 3 && /could not bind|already in use/i.test(log)) continue;
      await stop();
      throw new Error(`${(error as Error).message}\n${log}`);
    }
  }
}

/** A new cluster with an empty database `scholargraph`. Stop it in afterAll. */
export async function startPostgres(): Promise<PostgresCluster> {
  const dir = makeDir('scholargraph-pg-');
  const dataDir = path.join(dir, 'data');
  try {
    await runBinary(
      'initdb',
      // Text compares as on most servers (ICU's en-US: "a" before "B"), not by bytes, so that a
      // test sees what a collation changes; characters are classified by C.UTF-8.
      [
        '-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8',
        '--locale-provider=icu', '--icu-locale=en-US', '--no-sync', '--no-instructions',
      ],
      dir,
    );
    // Localhost only, trust: the cluster lives as long as one test file, on a port only this
    // machine reaches. The replication line lets pg_basebackup and a replica in.
    fs.writeFileSync(path.join(dataDir, 'pg_hba.conf'), 'host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n');
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const cluster = await startServer(dir, dataDir);
  try {
    const client = new Client({ connectionString: cluster.url.replace(/\/[^/]+$/, '/postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/**
 * A streaming replica of `primary` (pg_basebackup -R: a copy of its files that follows its WAL),
 * read-only, on a port of its own. Stop it before the primary: a replica whose primary went
 * away keeps retrying until stopped.
 */
export async function startReplica(primary: PostgresCluster): Promise<PostgresCluster> {
  const dir = makeDir('scholargraph-pg-replica-');
  const dataDir = path.join(dir, 'data');
  try {
    // --checkpoint=fast: the copy starts at once rather than after a spread checkpoint.
    await runBinary(
      'pg_basebackup',
      ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync'],
      dir,
    );
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return startServer(dir, dataDir);
}
