// Every environment variable the server reads, typed, with its default, in one place.
import { isIP } from 'node:net';
import path from 'node:path';
import { usableCpus } from './ops/cpu-quota';
import { LOG_FORMATS, type LogFormatSetting } from './ops/log-format';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  seedDemoData: boolean;
  demoCorpusPapers: number;
  logLevel: string;
  /** LOG_FORMAT: `pretty` (a banner, then one line per request), `json` (pino's lines), `auto` (pretty on a terminal); src/ops/log-format.ts. */
  logFormat: LogFormatSetting;
  production: boolean;
  readsNeedKey: boolean;
  /** How long SIGTERM waits for in-flight requests before it cuts them (src/ops/graceful-shutdown.ts). */
  shutdownGraceSeconds: number;
  /** Origins whose browser pages may call the API (CORS); `*` for any; empty for none but our own. */
  corsOrigins: string[];
  /** Which proxies' X-Forwarded-For to believe for the client's address (rate limit, logs). */
  trustProxy: TrustProxy;
  /** "Did you mean ...?" in validation errors; off hides the schema from clients that guess. */
  fieldSuggestions: boolean;
  /** GraphiQL at /playground and for browsers at /graphql (src/http/playground.ts). */
  playground: boolean;
  /** Processes serving the API (src/ops/cluster.ts); 1 serves from the main process alone. */
  workers: number;
  /** SQLite's memory map per connection, MiB (src/db/client.ts); 0 reads pages with read() into its own cache. */
  sqliteMmapMb: number;
  /** Each request's own SQL statements counted (its log line, the per-request histogram); costs a hook on every promise. */
  sqlStatementsPerRequest: boolean;
  /** Threads per process for the long reads (src/db/read-pool.ts): counts, stats, searches; 0 runs them on the event loop. */
  readThreads: number;
  limits: Limits;
}

/** What one request may ask, and how much a client may ask per window; `null` is "no limit". */
export interface Limits {
  maxDepth: number | null;
  maxAliases: number | null;
  maxTokens: number | null;
  maxDirectives: number | null;
  /** The most a query may cost: the objects it can return at most (see src/limits/query-cost.ts). */
  maxCost: number | null;
  maxBodyBytes: number | null;
  /** Operations in one batched request (a JSON array); 0 refuses batches. */
  maxBatch: number;
  /** Cost points a client may spend per window; `null` turns the rate limit off. */
  rateLimitPoints: number | null;
  rateLimitWindowSeconds: number;
  /**
   * How long a client has to send a whole request, line, headers and body (Node's
   * server.requestTimeout); then it is answered 408 and its connection closed (src/http/connections.ts).
   * Only the receiving counts: a request whose body has arrived runs as long as it needs. `null`: no limit.
   */
  requestTimeoutSeconds: number | null;
  /** How long a client has to send the request line and headers (Node's server.headersTimeout); `null`: only the request's own limit. */
  headersTimeoutSeconds: number | null;
  /** How long a keep-alive connection stays open with no request after its last answer (Node's server.keepAliveTimeout). */
  keepAliveTimeoutSeconds: number;
  /** Connections one client address may hold open at once, in each server process; a trusted proxy's are not counted; `null`: no cap. */
  maxConnectionsPerClient: number | null;
}

/**
 * A setting the server cannot start with: src/main.ts prints its message on one line, without a
 * stack, and exits 1. The message names the variable, what it takes and what it got.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function boolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function logFormat(name: string, value: string | undefined): LogFormatSetting {
  if (value === undefined || value === '') return 'auto';
  if ((LOG_FORMATS as readonly string[]).includes(value)) return value as LogFormatSetting;
  throw new ConfigError(
    `${name} must be auto (pretty on a terminal, JSON lines when piped), pretty (a banner, then one line per request) or json (pino's JSON lines), got "${value}"`,
  );
}

/** `https://app.example.org,http://localhost:5173` or `*`. */
/** Fastify's trustProxy: nobody, everybody, a number of hops, or the addresses/CIDRs of the proxies. */
export type TrustProxy = boolean | number | string;

function trustProxy(name: string, value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const list = text.split(',').map((entry) => entry.trim());
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    const maxBits = version === 6 ? 128 : 32;
    if (version === 0 || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new ConfigError(
        `${name} must be true, false, a number of proxy hops, or the proxies' addresses or CIDR ranges separated by commas ` +
          `(e.g. 10.0.0.0/8,127.0.0.1), got "${entry}"`,
      );
    }
  }
  return list.join(',');
}

function origins(name: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const list = value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of list) {
    if (origin === '*') continue;
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
      throw new ConfigError(`${name} must list origins such as https://app.example.org (scheme, host and port only, no path or trailing slash), or *, got "${origin}"`);
    }
  }
  return list;
}

function integer(name: string, value: string | undefined, fallback: number, max: number, what: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) {
    throw new ConfigError(`${name} must be ${what} between 0 and ${max}, got "${value}"`);
  }
  return parsed;
}

/** A limit that `0` or `off` turns off. */
function limit(name: string, value: string | undefined, fallback: number, max: number, what: string): number | null {
  if (value?.trim().toLowerCase() === 'off') return null;
  try {
    return integer(name, value, fallback, max, what) || null;
  } catch {
    throw new ConfigError(`${name} must be ${what} between 0 and ${max}, or "off" (0 and "off" turn the limit off), got "${value}"`);
  }
}

/**
 * One per CPU this process may use by default: the API is CPU-bound, SQLite reads in parallel. A
 * container's CPU quota counts, not the host's cores (src/ops/cpu-quota.ts).
 */
function workers(name: string, value: string | undefined): number {
  const fallback = usableCpus();
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 256) {
    throw new ConfigError(
      `${name} must be a number of worker processes between 1 and 256 (default: one per CPU this process may use, within its CPU quota; here ${fallback}), got "${value}"`,
    );
  }
  return parsed;
}

/**
 * READ_THREADS by default: two, or one on a single CPU. Each worker process has its own; a
 * long read waits for a free one rather than blocking its process's event loop.
 */
export function defaultReadThreads(): number {
  return Math.min(2, usableCpus());
}

// SQLite's own ceiling (SQLITE_MAX_MMAP_SIZE is 0x7fff0000 bytes): a larger size is cut to it.
const MAX_MMAP_MB = 2047;

/**
 * SQLITE_MMAP_MB: how much of the database file each connection reads through a memory map. The
 * mapped pages are the kernel's page cache of the file, shared by every process and counted in
 * RSS (as RssFile); 0 reads them with read() instead, which keeps RSS to the process's own memory
 * and makes the pages that large reads visit slower to reach (BENCHMARKS.md, levers).
 */
export function sqliteMmapMb(env: NodeJS.ProcessEnv = process.env): number {
  return integer('SQLITE_MMAP_MB', env.SQLITE_MMAP_MB, MAX_MMAP_MB, MAX_MMAP_MB, 'a number of MiB');
}

export function loadLimits(env: NodeJS.ProcessEnv = process.env): Limits {
  const limits: Limits = {
    maxDepth: limit('MAX_DEPTH', env.MAX_DEPTH, 20, 1000, 'a number of levels'),
    maxAliases: limit('MAX_ALIASES', env.MAX_ALIASES, 30, 100_000, 'a number of aliases'),
    maxTokens: limit('MAX_TOKENS', env.MAX_TOKENS, 5000, 10_000_000, 'a number of tokens'),
    maxDirectives: limit('MAX_DIRECTIVES', env.MAX_DIRECTIVES, 50, 100_000, 'a number of directives'),
    maxCost: limit('MAX_COST', env.MAX_COST, 50_000, 1_000_000_000, 'a cost'),
    maxBodyBytes: limit('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 512 * 1024, 1024 ** 3, 'a number of bytes'),
    maxBatch: limit('MAX_BATCH', env.MAX_BATCH, 10, 1000, 'a number of operations') ?? 0,
    rateLimitPoints: limit('RATE_LIMIT_POINTS', env.RATE_LIMIT_POINTS, 100_000, 1_000_000_000, 'a number of cost points'),
    rateLimitWindowSeconds: integer('RATE_LIMIT_WINDOW_SECONDS', env.RATE_LIMIT_WINDOW_SECONDS, 60, 86_400, 'a number of seconds'),
    // 30 s lets the largest body (MAX_BODY_BYTES) arrive at 17 KB/s; headers come in one packet.
    requestTimeoutSeconds: limit('REQUEST_TIMEOUT_SECONDS', env.REQUEST_TIMEOUT_SECONDS, 30, 3600, 'a number of seconds'),
    headersTimeoutSeconds: limit('HEADERS_TIMEOUT_SECONDS', env.HEADERS_TIMEOUT_SECONDS, 10, 3600, 'a number of seconds'),
    // Fastify's own default: longer than the 60 s after which common load balancers drop an idle
    // connection, so that they close it first, not the server while they send on it.
    keepAliveTimeoutSeconds: integer('KEEP_ALIVE_TIMEOUT_SECONDS', env.KEEP_ALIVE_TIMEOUT_SECONDS, 72, 3600, 'a number of seconds'),
    // Ten times a browser's 6 connections per server, and more than a pooled HTTP client opens.
    maxConnectionsPerClient: limit('MAX_CONNECTIONS_PER_CLIENT', env.MAX_CONNECTIONS_PER_CLIENT, 256, 100_000, 'a number of connections'),
  };
  if (limits.keepAliveTimeoutSeconds === 0) {
    // Node takes 0 for "never": an idle connection would stay open for good.
    throw new ConfigError('KEEP_ALIVE_TIMEOUT_SECONDS must be at least 1: an idle keep-alive connection has to close some time');
  }
  if (limits.requestTimeoutSeconds !== null && limits.headersTimeoutSeconds !== null && limits.headersTimeoutSeconds > limits.requestTimeoutSeconds) {
    throw new ConfigError(
      `HEADERS_TIMEOUT_SECONDS (${limits.headersTimeoutSeconds}) must not exceed REQUEST_TIMEOUT_SECONDS (${limits.requestTimeoutSeconds}): ` +
        'the headers are part of the request',
    );
  }
  if (limits.rateLimitPoints !== null && limits.rateLimitWindowSeconds === 0) {
    throw new ConfigError('RATE_LIMIT_WINDOW_SECONDS must be at least 1 while RATE_LIMIT_POINTS is on; set RATE_LIMIT_POINTS=off to turn the rate limit off');
  }
  if (limits.rateLimitPoints !== null && limits.maxCost !== null && limits.maxCost > limits.rateLimitPoints) {
    throw new ConfigError(
      `MAX_COST (${limits.maxCost}) must not exceed RATE_LIMIT_POINTS (${limits.rateLimitPoints}): a query within the cost limit would never fit the rate limit`,
    );
  }
  return limits;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer('PORT', env.PORT, 4000, 65535, 'a port number'),
    host: env.HOST || '0.0.0.0',
    databasePath: path.resolve(env.DATABASE_PATH || path.join('data', 'scholargraph.db')),
    seedDemoData: boolean('SEED_DEMO_DATA', env.SEED_DEMO_DATA, true),
    demoCorpusPapers: integer('DEMO_CORPUS_PAPERS', env.DEMO_CORPUS_PAPERS, 5000, 1_000_000, 'a number of papers'),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormat('LOG_FORMAT', env.LOG_FORMAT),
    production: env.NODE_ENV === 'production',
    readsNeedKey: boolean('READS_NEED_KEY', env.READS_NEED_KEY, false),
    shutdownGraceSeconds: integer('SHUTDOWN_GRACE_SECONDS', env.SHUTDOWN_GRACE_SECONDS, 10, 3600, 'a number of seconds'),
    corsOrigins: origins('CORS_ORIGINS', env.CORS_ORIGINS),
    trustProxy: trustProxy('TRUST_PROXY', env.TRUST_PROXY),
    fieldSuggestions: boolean('FIELD_SUGGESTIONS', env.FIELD_SUGGESTIONS, true),
    playground: boolean('PLAYGROUND', env.PLAYGROUND, true),
    workers: workers('WORKERS', env.WORKERS),
    sqliteMmapMb: sqliteMmapMb(env),
    sqlStatementsPerRequest: boolean('SQL_STATEMENTS_PER_REQUEST', env.SQL_STATEMENTS_PER_REQUEST, true),
    readThreads: integer('READ_THREADS', env.READ_THREADS, defaultReadThreads(), 64, 'a number of threads'),
    limits: loadLimits(env),
  };
}
