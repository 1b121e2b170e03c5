// Said once when the API answers (in a cluster, by the primary once every worker has started or
// failed to): where the API, the playground, /metrics and the health checks are, which database
// and how much is in it. Pretty log (src/ops/log-format.ts): a banner for a person at a terminal;
// JSON log: one "ready" line with the same facts.
import fs from 'node:fs';
import { isIPv6 } from 'node:net';
import path from 'node:path';
import type pino from 'pino';
import { PLAYGROUND_PATH } from '../http/playground';
import { projectRoot } from '../playground/bundle-cache';
import { openReadOnlySqliteStore, type DatabaseCounts, type Store } from '../store';
import { type LogFormat } from './log-format';

/** Papers, authors, and papers whose novelty is still to be scored (in the background, once the API answers). */
export type { DatabaseCounts } from '../store';

/**
 * Three counts on indexed tables: a few milliseconds even on a large corpus. Null if they fail:
 * the banner goes without them rather than the server without its banner.
 */
export async function databaseCounts(store: Store): Promise<DatabaseCounts | null> {
  try {
    return await store.databaseCounts();
  } catch {
    return null;
  }
}

/** The counts of a database file no connection of this process holds open (a cluster's primary). */
export async function databaseCountsOf(file: string): Promise<DatabaseCounts | null> {
  try {
    const { store, close } = openReadOnlySqliteStore(file);
    try {
      return await databaseCounts(store);
    } finally {
      close();
    }
  } catch {
    return null;
  }
}

export interface ReadyFacts {
  /** Where the server listens, as HOST and the port it bound. */
  host: string;
  port: number;
  database: string;
  /** SQLite by default. */
  engine?: 'sqlite' | 'postgres';
  /** The file was empty and this start loaded the demo data into it. */
  seeded: boolean;
  counts: DatabaseCounts | null;
  playground: boolean;
  /** WORKERS, and how many of them serve; 1 of 1 for a single process. */
  workers: number;
  serving: number;
  logLevel: string;
}

/** The origin a browser on this machine reaches: `localhost` for a server on every address. */
export function origin(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : isIPv6(host) ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export function readyUrls({ host, port, playground }: Pick<ReadyFacts, 'host' | 'port' | 'playground'>) {
  const base = origin(host, port);
  return {
    api: `${base}/graphql`,
    playground: playground ? `${base}${PLAYGROUND_PATH}` : null,
    metrics: `${base}/metrics`,
    health: `${base}/healthz`,
    ready: `${base}/readyz`,
  };
}

/** package.json's version: read from the file (an import of it would put a copy in dist/, where projectRoot would then stop). */
function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return '';
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The banner, ending with a newline. */
export function renderBanner(facts: ReadyFacts): string {
  const urls = readyUrls(facts);
  const { counts } = facts;
  const contents = counts ? [`${count(counts.papers)} papers, ${count(counts.authors)} authors`] : [];
  if (counts && counts.pendingNovelty > 0) contents.push(`novelty: ${count(counts.pendingNovelty)} papers pending`);
  if (facts.seeded) contents.push('demo data, loaded just now');
  const workers = facts.serving === facts.workers ? `${facts.workers}` : `${facts.serving} of ${facts.workers} serving (the log above says why)`;
  const rows: [string, string][] = [
    ['API', `${urls.api}  (POST GraphQL here)`],
    ['Playground', urls.playground ? `${urls.playground}  (open it in a browser)` : 'off (PLAYGROUND=false)'],
    ['Metrics', urls.metrics],
    ['Health', `${urls.health}, /readyz`],
    ['Database', `${facts.database} (${facts.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'})`],
    ...(contents.length > 0 ? [['Contents', contents.join(' · ')] as [string, string]] : []),
    ['Workers', `${workers} · log level ${facts.logLevel}`],
  ];
  return [['ScholarGraph', version(), 'is ready'].filter(Boolean).join(' '), ...rows.map(([name, text]) => `  ${name.padEnd(12)} ${text}`), 'Stop with Ctrl-C.', ''].join('\n');
}

/** Says the server is ready: the banner on standard output, or one JSON line. */
export function announceReady(format: LogFormat, log: Pick<pino.BaseLogger, 'info'>, facts: ReadyFacts, out: NodeJS.WritableStream = process.stdout): void {
  if (format === 'pretty') {
    out.write(`${renderBanner(facts)}\n`);
    return;
  }
  const { api, playground, metrics, health, ready: readiness } = readyUrls(facts);
  log.info(
    { version: version(), api, playground, metrics, health, readiness, database: facts.database, seeded: facts.seeded, ...facts.counts, workers: facts.workers, serving: facts.serving },
    'ready: the API answers',
  );
}
