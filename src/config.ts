// Every environment variable the server reads, typed, with its default, in one place: a zod schema
// per variable says what it takes, its default, and what its error says.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { usableCpus } from './ops/cpu-quota';
import { LOG_FORMATS, type LogFormatSetting } from './ops/log-format';
import { type HttpCachePolicy } from './http/http-cache';
import { EXECUTORS, type Executor } from './graphql/executors';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** DATABASE_URL: a PostgreSQL database (postgres://...) to serve instead of the SQLite file; it wins over DATABASE_PATH. */
  databaseUrl: string | null;
  /** DATABASE_READ_URLS: PostgreSQL replicas the reads go to (with DATABASE_URL only). */
  databaseReadUrls: string[];
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
  /** SQLite's memory map per connection, MiB (src/store/sqlite/client.ts); 0 reads pages with read() into its own cache. */
  sqliteMmapMb: number;
  /** Each request's own SQL statements counted (its log line, the per-request histogram); on PostgreSQL it costs a hook on every promise. */
  sqlStatementsPerRequest: boolean;
  /** Threads per process for the long reads (src/store/sqlite/read-pool.ts): counts, stats, searches; 0 runs them on the event loop. */
  readThreads: number;
  /** Threads that score novelty in a bulk run (src/novelty/parallel-scoring). */
  noveltyThreads: number;
  /** GET answers' ETag and Cache-Control max-age (src/http/http-cache.ts); null (`off`) answers no-store without an ETag. */
  httpCacheMaxAge: HttpCachePolicy;
  /** What runs each operation (src/graphql/executor.ts): graphql-js by default, or graphql-jit. */
  graphqlExecutor: Executor;
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

/** Fastify's trustProxy: nobody, everybody, a number of hops, or the addresses/CIDRs of the proxies. */
export type TrustProxy = boolean | number | string;

/**
 * READ_THREADS by default: two, or one on a single CPU. Each worker process has its own; a
 * long read waits for a free one rather than blocking its process's event loop.
 */
export function defaultReadThreads(): number {
  return Math.min(2, usableCpus());
}

/**
 * NOVELTY_THREADS by default: one a CPU this process may use, at most 8 (each thread builds the
 * whole candidate index, so more threads than cores only cost memory).
 */
export function defaultNoveltyThreads(): number {
  return Math.min(8, usableCpus());
}

// SQLite's own ceiling (SQLITE_MAX_MMAP_SIZE is 0x7fff0000 bytes): a larger size is cut to it.
const MAX_MMAP_MB = 2047;

// One zod schema per variable: its parse rule, its default (for unset or empty), and its `error`,
// the words after "NAME must" in the ConfigError, which ends `got "<value>"` (or a list's entry).

/** An empty variable is an unset one: it takes the schema's default. */
const orDefault = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
/** A whole number as Number() reads it ("1e3" is 1000, "0x10" is 16, blanks are 0), `min` to `max`. */
const count = (max: number, error: string | (() => string), min = 0) => z.coerce.number({ error }).int().min(min).max(max);
const integer = (fallback: number | (() => number), max: number, what: string) =>
  orDefault(count(max, `be ${what} between 0 and ${max}`).default(typeof fallback === 'number' ? () => fallback : fallback));
/** A limit: 0 or `off` (any case) turns it off, `null`. */
const limit = (fallback: number, max: number, what: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim().toLowerCase() === 'off' ? '0' : value || undefined),
    count(max, `be ${what} between 0 and ${max}, or "off" (0 and "off" turn the limit off)`).default(fallback).transform((value) => value || null),
  );
const flag = (fallback: boolean) => orDefault(z.stringbool({ truthy: ['true'], falsy: ['false'], case: 'sensitive', error: 'be true or false' }).default(fallback));
const noveltyThreadsSetting = orDefault(
  count(64, () => `be a number of threads between 1 and 64 (default: one per CPU this process may use, at most 8; here ${defaultNoveltyThreads()})`, 1).default(
    defaultNoveltyThreads,
  ),
);
const text = (fallback: string) => orDefault(z.string().default(fallback));

/** `https://app.example.org`: http(s), host and port, nothing more; the URL's origin is the text itself. */
const isWebOrigin = (origin: string) => URL.canParse(origin) && /^https?:$/.test(new URL(origin).protocol) && new URL(origin).origin === origin;

/** `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`. */
function isProxyAddress(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const version = isIP(address);
  return version !== 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32)));
}

/** `{ MAX_DEPTH: 20 }` as `{ maxDepth: 20 }`: a setting's field is its variable's name in camelCase. */
type CamelCase<S extends string> = S extends `${infer Word}_${infer Rest}` ? `${Lowercase<Word>}${Capitalize<CamelCase<Rest>>}` : Lowercase<S>;
const fields = <T extends Record<string, unknown>>(settings: T) =>
  Object.fromEntries(Object.entries(settings).map(([name, value]) => [name.toLowerCase().replace(/_(.)/g, (_, c: string) => c.toUpperCase()), value])) as {
    [K in keyof T & string as CamelCase<K>]: T[K];
  };

/**
 * SQLITE_MMAP_MB: how much of the database file each connection reads through a memory map. The
 * mapped pages are the kernel's page cache of the file, shared by every process and counted in
 * RSS (as RssFile); 0 reads them with read() instead, which keeps RSS to the process's own memory
 * and makes the pages that large reads visit slower to reach (BENCHMARKS.md, levers).
 */
const mmapMb = integer(MAX_MMAP_MB, MAX_MMAP_MB, 'a number of MiB');

/** postgres://... or postgresql://..., with a host. */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

// Read in this order, which is the order of the errors: the first variable refused is the one the ConfigError names.
const configSchema = z
  .object({
    PORT: integer(4000, 65535, 'a port number'),
    HOST: text('0.0.0.0'),
    DATABASE_PATH: text(path.join('data', 'scholargraph.db')).transform((file) => path.resolve(file)),
    DATABASE_URL: orDefault(
      z
        .string()
        .refine(isPostgresUrl, { error: 'be a PostgreSQL connection URL, postgres://user:password@host:5432/database (or unset for the SQLite file at DATABASE_PATH)' })
        .nullable()
        .default(null),
    ),
    DATABASE_READ_URLS: z
      .string()
      .default('')
      .transform((list) => list.split(',').map((url) => url.trim()).filter((url) => url !== ''))
      .pipe(z.array(z.string().refine(isPostgresUrl, { error: 'list PostgreSQL connection URLs of the replicas, separated by commas (postgres://host:5432/database,...)' }))),
    SEED_DEMO_DATA: flag(true),
    DEMO_CORPUS_PAPERS: integer(5000, 1_000_000, 'a number of papers'),
    LOG_LEVEL: text('info'),
    LOG_FORMAT: orDefault(
      z.enum(LOG_FORMATS, {
        error: "be auto (pretty on a terminal, JSON lines when piped), pretty (a banner, then one line per request) or json (pino's JSON lines)",
      }).default('auto'),
    ),
    READS_NEED_KEY: flag(false),
    SHUTDOWN_GRACE_SECONDS: integer(10, 3600, 'a number of seconds'),
    // `https://app.example.org,http://localhost:5173` or `*`.
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((list) => list.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
      .pipe(
        z.array(z.string().refine((origin) => origin === '*' || isWebOrigin(origin), {
          error: 'list origins such as https://app.example.org (scheme, host and port only, no path or trailing slash), or *',
        })),
      ),
    // Nobody (unset, empty, false), everybody (true), a number of hops, or the proxies' addresses and CIDRs.
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((value, ctx): TrustProxy => {
        const text = value.trim();
        if (text === '' || text === 'false' || text === 'true') return text === 'true';
        if (/^\d+$/.test(text)) return Number(text);
        const list = text.split(',').map((entry) => entry.trim());
        const bad = list.findIndex((entry) => !isProxyAddress(entry));
        const error = "be true, false, a number of proxy hops, or the proxies' addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,127.0.0.1)";
        if (bad >= 0) ctx.addIssue({ code: 'custom', message: error, path: [bad], input: list[bad] });
        return list.join(',');
      }),
    FIELD_SUGGESTIONS: flag(true),
    PLAYGROUND: flag(true),
    // One per CPU this process may use by default: the API is CPU-bound, SQLite reads in parallel. A
    // container's CPU quota counts, not the host's cores (src/ops/cpu-quota.ts).
    WORKERS: orDefault(
      count(256, () => `be a number of worker processes between 1 and 256 (default: one per CPU this process may use, within its CPU quota; here ${usableCpus()})`, 1)
        .default(() => usableCpus()),
    ),
    SQLITE_MMAP_MB: mmapMb,
    SQL_STATEMENTS_PER_REQUEST: flag(true),
    READ_THREADS: integer(defaultReadThreads, 64, 'a number of threads'),
    NOVELTY_THREADS: noveltyThreadsSetting,
    // Seconds a GET's answer may be reused before it is asked for again (with its ETag: a 304 if
    // nothing was written), 0 to ask every time, or `off` for no ETag and no-store.
    HTTP_CACHE_MAX_AGE: z
      .string()
      .default('')
      .transform((value, ctx): HttpCachePolicy => {
        const text = value.trim().toLowerCase();
        if (text === 'off') return null;
        const seconds = text === '' ? 5 : Number(text);
        if (Number.isInteger(seconds) && seconds >= 0 && seconds <= 86_400) return { maxAgeSeconds: seconds };
        ctx.addIssue({ code: 'custom', message: 'be a number of seconds between 0 and 86400, or "off" (no ETag, no caching)', input: value });
        return z.NEVER;
      }),
    GRAPHQL_EXECUTOR: orDefault(
      z.enum(EXECUTORS, {
        error: 'be graphql-js (the reference executor: the default) or jit (graphql-jit, each document compiled once)',
      }).default('graphql-js'),
    ),
  })
  .transform(fields)
  .superRefine((config, ctx) => {
    if (config.databaseReadUrls.length > 0 && config.databaseUrl === null) {
      ctx.addIssue({ code: 'custom', message: 'DATABASE_READ_URLS needs DATABASE_URL: replicas are read beside a PostgreSQL primary, not beside the SQLite file' });
    }
  });

const limitsSchema = z
  .object({
    MAX_DEPTH: limit(20, 1000, 'a number of levels'),
    MAX_ALIASES: limit(30, 100_000, 'a number of aliases'),
    MAX_TOKENS: limit(5000, 10_000_000, 'a number of tokens'),
    MAX_DIRECTIVES: limit(50, 100_000, 'a number of directives'),
    MAX_COST: limit(50_000, 1_000_000_000, 'a cost'),
    MAX_BODY_BYTES: limit(512 * 1024, 1024 ** 3, 'a number of bytes'),
    MAX_BATCH: limit(10, 1000, 'a number of operations').transform((operations) => operations ?? 0),
    RATE_LIMIT_POINTS: limit(100_000, 1_000_000_000, 'a number of cost points'),
    RATE_LIMIT_WINDOW_SECONDS: integer(60, 86_400, 'a number of seconds'),
    // 30 s lets the largest body (MAX_BODY_BYTES) arrive at 17 KB/s; headers come in one packet.
    REQUEST_TIMEOUT_SECONDS: limit(30, 3600, 'a number of seconds'),
    HEADERS_TIMEOUT_SECONDS: limit(10, 3600, 'a number of seconds'),
    // Fastify's own default: longer than the 60 s after which common load balancers drop an idle
    // connection, so that they close it first, not the server while they send on it.
    KEEP_ALIVE_TIMEOUT_SECONDS: integer(72, 3600, 'a number of seconds'),
    // Ten times a browser's 6 connections per server, and more than a pooled HTTP client opens.
    MAX_CONNECTIONS_PER_CLIENT: limit(256, 100_000, 'a number of connections'),
  })
  .transform(fields)
  // Once every limit is valid: the rules between them, the first broken one refused with its whole message.
  .transform((limits, ctx) => {
    const { keepAliveTimeoutSeconds: keepAlive, requestTimeoutSeconds: request, headersTimeoutSeconds: headers, rateLimitPoints: points, maxCost } = limits;
    const rules: [broken: boolean, message: string][] = [
      // Node takes 0 for "never": an idle connection would stay open for good.
      [keepAlive === 0, 'KEEP_ALIVE_TIMEOUT_SECONDS must be at least 1: an idle keep-alive connection has to close some time'],
      [request !== null && headers !== null && headers > request, `HEADERS_TIMEOUT_SECONDS (${headers}) must not exceed REQUEST_TIMEOUT_SECONDS (${request}): the headers are part of the request`],
      [points !== null && limits.rateLimitWindowSeconds === 0, 'RATE_LIMIT_WINDOW_SECONDS must be at least 1 while RATE_LIMIT_POINTS is on; set RATE_LIMIT_POINTS=off to turn the rate limit off'],
      [points !== null && maxCost !== null && maxCost > points, `MAX_COST (${maxCost}) must not exceed RATE_LIMIT_POINTS (${points}): a query within the cost limit would never fit the rate limit`],
    ];
    const broken = rules.find(([isBroken]) => isBroken);
    if (broken) ctx.addIssue({ code: 'custom', message: broken[1] });
    return limits;
  });

/** The settings `schema` reads from `env`, or a ConfigError for the first variable it refuses (in the schema's order). */
function parse<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const result = schema.safeParse(env, { reportInput: true });
  if (result.success) return result.data;
  const [{ path: [name, entry], message, input }] = result.error.issues;
  // No name: a rule between settings, whose message is whole.
  if (name === undefined) throw new ConfigError(message);
  const got = entry === undefined ? env[String(name)] : String(input);
  // A connection URL's password never reaches the terminal or the log.
  const shown = /_URLS?$/.test(String(name)) ? got?.replace(/\/\/[^/@]*@/g, '//***@') : got;
  throw new ConfigError(`${String(name)} must ${message}, got "${shown}"`);
}

/** NOVELTY_THREADS alone, for the bulk novelty runs of the commands and the server (src/novelty/parallel-scoring). */
export function noveltyThreads(env: NodeJS.ProcessEnv = process.env): number {
  return parse(z.object({ NOVELTY_THREADS: noveltyThreadsSetting }), env).NOVELTY_THREADS;
}

/** SQLITE_MMAP_MB alone, for the database's connections (src/store/sqlite/client.ts). */
export function sqliteMmapMb(env: NodeJS.ProcessEnv = process.env): number {
  return parse(z.object({ SQLITE_MMAP_MB: mmapMb }), env).SQLITE_MMAP_MB;
}

export function loadLimits(env: NodeJS.ProcessEnv = process.env): Limits {
  return parse(limitsSchema, env);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return { ...parse(configSchema, env), production: env.NODE_ENV === 'production', limits: loadLimits(env) };
}
