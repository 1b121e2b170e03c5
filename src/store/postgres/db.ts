// The PostgreSQL store's connection: a pg.Pool, every statement counted as SQLite's are (the
// request's tally, and the database's total for /metrics), and transactions on one client.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Client, type ClientConfig, Pool, type PoolClient, type QueryConfig, type QueryResult, type QueryResultRow, types } from 'pg';
import { DatabaseUnavailableError } from '../errors';
import { countInTally, counting } from '../tally';

// bigint (count(*), sum(...)) as a number: our counts stay far below 2^53.
types.setTypeParser(20, (value) => Number(value));
// numeric (avg(...), round(...)) as a number.
types.setTypeParser(1700, (value) => Number(value));

/** Something that runs a statement: the pool (any free connection) or one client (a transaction). */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** A streaming replica's pool, and until when it is left alone after it failed to answer. */
export interface Replica {
  pool: Pool;
  downUntil: number;
}

/** The store's handle: the primary's pool, the replicas', and the statements run (for /metrics). */
export interface PgDb {
  /** The primary: every write, every transaction, and reads when there is no replica to take them. */
  pool: Pool;
  /** DATABASE_READ_URLS: the reads outside transactions, in turn, while they answer. */
  replicas: Replica[];
  /** Statements run through this handle, in any client. */
  readonly statements: { total: number };
  /** The next replica to read from. */
  turn: number;
}

// A server that does not accept a connection within this is taken as down, rather than holding
// the request until the client gives up.
const CONNECT_TIMEOUT_MS = 5_000;
// How long a replica that failed is passed over before it is tried again.
const REPLICA_PAUSE_MS = 5_000;

/**
 * A connection whose opening times out on its own. pg-pool's connectionTimeoutMillis also bounds
 * the wait for a free connection, so a burst of writes queued behind a busy pool (150 upserts on
 * 10 connections) was refused as "the primary does not answer" while the primary answered every
 * statement: a full pool is waited for, a server that does not accept a connection is down.
 */
class TimedClient extends Client {
  constructor(config?: ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

function newPool(url: string, max: number): Pool {
  const pool = new Pool({ connectionString: url, max, Client: TimedClient });
  // An idle client whose server went away must not take the process down.
  pool.on('error', () => undefined);
  return pool;
}

export function openPgDb(url: string, { max = 10, readUrls = [] }: { max?: number; readUrls?: readonly string[] } = {}): PgDb {
  return { pool: newPool(url, max), replicas: readUrls.map((readUrl) => ({ pool: newPool(readUrl, max), downUntil: 0 })), statements: { total: 0 }, turn: 0 };
}

/** A handle over a pool alone (no replicas): for code handed a pool, such as a load's session. */
export function pgDbOf(pool: Pool): PgDb {
  return { pool, replicas: [], statements: { total: 0 }, turn: 0 };
}

/** The same handle with every statement on the primary (its statements counted as the handle's): for a writer, whose reads must see its own writes. */
export function primaryOnly(db: PgDb): PgDb {
  return { ...db, replicas: [] };
}

/** Ends every pool. */
export async function closePgDb(db: PgDb): Promise<void> {
  await Promise.all([db.pool.end(), ...db.replicas.map((replica) => replica.pool.end())]);
}

/**
 * The server is not there, or went away: refused, reset, timed out, shut down (57P0x), or a
 * connection exception (08xxx). Not an error of the statement.
 */
export function isConnectionFailure(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN', '57P01', '57P02', '57P03'].includes(code)) return true;
    if (code.startsWith('08')) return true;
  }
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connection timeout/i.test(message);
}

// A request (src/http/server.ts wraps each one) that has written reads what it wrote: from the
// primary, since a replica may not have replayed it yet. Until then it reads from one replica,
// the first it read from: a replica replays in commit order, so the request's reads never go back
// in time (a GET's ETag, src/http/http-cache.ts, is the data version its first read saw).
const requests = new AsyncLocalStorage<{ wrote: boolean; replica: number | null }>();

/** Runs `work` as one request: it reads from one replica, and once it writes, from the primary. */
export function asRequest<T>(work: () => T): T {
  return requests.run({ wrote: false, replica: null }, work);
}

function noteWrite(): void {
  const request = requests.getStore();
  if (request) request.wrote = true;
}

/** A database error that means the server a statement needed does not answer, in the store's words. */
function unavailable(db: PgDb, error: unknown, which: 'primary' | 'all' = db.replicas.length > 0 ? 'primary' : 'all'): unknown {
  return isConnectionFailure(error) ? new DatabaseUnavailableError(which, { cause: error }) : error;
}

/** A statement's text as sent, its name, and whether a replica may answer it: worked out once per text. */
interface Statement {
  text: string;
  name: string;
  /** A SELECT or WITH that writes nothing. */
  readsOnly: boolean;
}

const statements = new Map<string, Statement>();

/**
 * A statement as PostgreSQL takes it: `?` placeholders (as the SQLite store writes them) numbered
 * (pgText), and named: node-postgres prepares a named statement once per connection, then only
 * binds and executes it, so it is parsed and planned once per connection rather than on every
 * call. The name is the text's hash: one text, one name.
 */
function statementOf(source: string): Statement {
  let known = statements.get(source);
  if (known === undefined) {
    const text = pgText(source);
    known = {
      text,
      name: `sg_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`,
      readsOnly: /^\s*(SELECT|WITH)\b/i.test(text) && !/\b(INSERT|UPDATE|DELETE|FOR\s+UPDATE|FOR\s+SHARE|nextval|setval|pg_advisory)/i.test(text),
    };
    statements.set(source, known);
  }
  return known;
}

function configOf({ name, text }: Statement, values: unknown[]): QueryConfig {
  return { name, text, values };
}

/**
 * A read from the replicas in turn (a request's reads from the replica it first read from),
 * passing over those that fail; the primary when none answers.
 */
async function onReplica<R extends QueryResultRow>(db: PgDb, config: QueryConfig): Promise<QueryResult<R>> {
  const now = Date.now();
  const request = requests.getStore();
  const first = request?.replica ?? db.turn;
  for (let i = 0; i < db.replicas.length; i++) {
    const index = (first + i) % db.replicas.length;
    const replica = db.replicas[index];
    if (replica.downUntil > now) continue;
    // Taken before the answer comes, so that the request's reads sent meanwhile go there too.
    if (request?.replica !== index) {
      if (request) request.replica = index;
      db.turn = (index + 1) % db.replicas.length;
    }
    try {
      return await replica.pool.query<R>(config);
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      replica.downUntil = Date.now() + REPLICA_PAUSE_MS;
    }
  }
  try {
    return await db.pool.query<R>(config);
  } catch (error) {
    throw unavailable(db, error, 'all');
  }
}

/**
 * One statement outside any transaction, counted: a read goes to a replica when there are any
 * and the request has not written; anything else goes to the primary, and marks the request as
 * one that wrote.
 */
async function run<R extends QueryResultRow>(db: PgDb, source: string, values: unknown[]): Promise<QueryResult<R>> {
  count(db);
  const statement = statementOf(source);
  const config = configOf(statement, values);
  if (statement.readsOnly && db.replicas.length > 0 && !requests.getStore()?.wrote) return onReplica<R>(db, config);
  if (!statement.readsOnly) noteWrite();
  try {
    return await db.pool.query<R>(config);
  } catch (error) {
    throw unavailable(db, error);
  }
}

/**
 * A statement's text as PostgreSQL takes it: `?` placeholders (as the SQLite store writes them)
 * numbered $1, $2, ... in order. A text that already numbers its own ($1) is left as it is; so is
 * a `?` inside a quoted literal.
 */
export function pgText(text: string): string {
  if (/\$\d/.test(text) || !text.includes('?')) return text;
  let n = 0;
  return text.replace(/'(?:[^']|'')*'|\?/g, (token) => (token === '?' ? `$${++n}` : token));
}

function count(db: PgDb): void {
  if (!counting()) return;
  db.statements.total += 1;
  countInTally();
}

/** The rows of one statement, outside any transaction (see run: replicas for reads, the primary for the rest). */
export async function rows<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[] = []): Promise<R[]> {
  return (await run<R>(db, text, values)).rows;
}

/** The first row of one statement, or undefined. */
export async function row<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[] = []): Promise<R | undefined> {
  return (await rows<R>(db, text, values))[0];
}

/** A client of the pool whose statements are counted as the pool's are. */
function counted(db: PgDb, client: PoolClient): Queryable {
  return {
    query: async <R extends QueryResultRow>(text: string, values?: unknown[]) => {
      count(db);
      const result = await client.query<R>(configOf(statementOf(text), values ?? []));
      return { rows: result.rows, rowCount: result.rowCount };
    },
  };
}

/**
 * Runs `work` in one transaction on one client (BEGIN ... COMMIT, ROLLBACK when it throws), at
 * READ COMMITTED unless `isolation` says otherwise.
 */
export async function inTransaction<T>(
  db: PgDb,
  work: (tx: Queryable) => Promise<T>,
  { isolation }: { isolation?: 'REPEATABLE READ' | 'SERIALIZABLE' } = {},
): Promise<T> {
  noteWrite();
  let client: PoolClient;
  try {
    client = await db.pool.connect();
  } catch (error) {
    throw unavailable(db, error);
  }
  const tx = counted(db, client);
  try {
    await tx.query(isolation ? `BEGIN ISOLATION LEVEL ${isolation}` : 'BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw unavailable(db, error);
  } finally {
    client.release();
  }
}

/** The pool as a Queryable (statements counted, routed as rows() routes them). */
export function queryable(db: PgDb): Queryable {
  return {
    query: async <R extends QueryResultRow>(text: string, values: unknown[] = []) => {
      const { rows: found, rowCount } = await run<R>(db, text, values);
      return { rows: found, rowCount };
    },
  };
}
