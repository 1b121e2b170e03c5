// The bench's own PostgreSQL: a throwaway cluster (test/support/postgres.ts: initdb into a
// temporary directory, 127.0.0.1 only, durability off), given the memory of a small server
// rather than a test's, filled with the bench's corpus row for row, and pinned to CPUs as the
// servers are, since its backends are part of what answers a request.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { migratePostgres } from '../src/store/postgres';
import { copySqliteToPostgres } from '../test/support/engine';
import { startPostgres, type PostgresCluster } from '../test/support/postgres';

export interface BenchPostgres {
  url: string;
  version: string;
  /** The settings the bench gives it beyond the test cluster's (fsync and synchronous_commit off, ...). */
  settings: Record<string, string>;
  /** Size of the database once loaded, MB. */
  sizeMb: number;
  /** Pins the server and every backend (present and to come: they are forked from it) to `cpus`. */
  pin(cpus: string): void;
  stop(): Promise<void>;
}

// shared_buffers: the test cluster's 16 MB would serve the corpus from the kernel's page cache,
// a copy per page read; a small server's share of memory holds the quick corpus whole.
// max_connections: the API's pools (10 per process, two processes at once) and the floor's.
const SETTINGS: Record<string, string> = { shared_buffers: '256MB', max_connections: '100', effective_cache_size: '1GB' };

const asRoot = process.getuid?.() === 0;

function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function query<R>(url: string, text: string): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as R[];
  } finally {
    await client.end();
  }
}

/** postmaster.pid's first line: the server's pid (the file is read after every start). */
const postmasterPid = (dataDir: string): number => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

/** A started, tuned cluster holding a copy of the SQLite corpus (ids included), analyzed. */
export async function startBenchPostgres(corpusFile: string): Promise<BenchPostgres> {
  const cluster: PostgresCluster = await startPostgres();
  try {
    const [{ data_directory: dataDir }] = await query<{ data_directory: string }>(cluster.url, 'SHOW data_directory');
    // The binaries of the running server, run as the user it runs as.
    const binDir = path.dirname(fs.readlinkSync(`/proc/${postmasterPid(dataDir)}/exe`));
    for (const [name, value] of Object.entries(SETTINGS)) await query(cluster.url, `ALTER SYSTEM SET ${name} = '${value}'`);
    const pgCtl = [path.join(binDir, 'pg_ctl'), 'restart', '-D', dataDir, '-m', 'fast', '-w', '-t', '60', '-s', '-l', path.join(path.dirname(dataDir), 'server.log')];
    execFileSync(asRoot ? 'runuser' : pgCtl[0], asRoot ? ['-u', 'postgres', '--', ...pgCtl] : pgCtl.slice(1), { cwd: path.dirname(dataDir), stdio: 'ignore' });

    console.log('PostgreSQL: copying the corpus row for row (ids included)...');
    await migratePostgres(cluster.url);
    const sqlite = new Database(corpusFile, { readonly: true, fileMustExist: true });
    try {
      await copySqliteToPostgres(sqlite, cluster.url);
    } finally {
      sqlite.close();
    }
    await query(cluster.url, 'VACUUM ANALYZE');
    const [{ version, bytes }] = await query<{ version: string; bytes: number }>(cluster.url, 'SELECT version(), pg_database_size(current_database())::float8 AS bytes');
    const shown = await query<{ name: string; setting: string; unit: string | null }>(
      cluster.url,
      "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'max_connections', 'effective_cache_size', 'fsync', 'synchronous_commit', 'full_page_writes', 'work_mem')",
    );
    return {
      url: cluster.url,
      version: version.split(' on ')[0],
      settings: Object.fromEntries(shown.map((s) => [s.name, s.unit === '8kB' ? `${(Number(s.setting) * 8) / 1024}MB` : `${s.setting}${s.unit ?? ''}`])),
      sizeMb: bytes / 1024 ** 2,
      pin(cpus) {
        const server = postmasterPid(dataDir);
        for (const pid of [server, ...childPids(server)]) spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
      },
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
