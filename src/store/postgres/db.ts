// The PostgreSQL store's connection: a pg.Pool, every statement counted as SQLite's are (the
// request's tally, and the database's total for /metrics), and transactions on one client.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type QueryConfig, type QueryResultRow, types } from 'pg';
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

function newPool(url: string, max: number): Pool {
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
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
// primary, since a replica may not have replayed it yet.
const requests = new AsyncLocalStorage<{ wrote: boolean }>();

/** Runs `work` as one request: once it writes, its reads go to the primary. */
export function asRequest<T>(work: () => T): T {
  return requests.run({ wrote: false }, work);
}

function noteWrite(): void {
  const request = requests.getStore();
  if (request) request.wrote = true;
}

/** A statement that only reads (a SELECT or WITH that writes nothing): a replica may answer it. */
function readsOnly(text: string): boolean {
  return /^\s*(SELECT|WITH)\b/i.test(text) && !/\b(INSERT|UPDATE|DELETE|FOR\s+UPDATE|FOR\s+SHARE|nextval|setval|pg_advisory)/i.test(text);
}

async function onPrimary<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[]): Promise<R[]> {
  try {
    return (await db.pool.query<R>(named(text, values))).rows;
  } catch (error) {
    if (isConnectionFailure(error)) throw new DatabaseUnavailableError(db.replicas.length > 0 ? 'primary' : 'all', { cause: error });
    throw error;
  }
}

/** A read from the replicas in turn, passing over those that fail; the primary when none answers. */
async function onReplica<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[]): Promise<R[]> {
  const now = Date.now();
  for (let i = 0; i < db.replicas.length; i++) {
    const replica = db.replicas[(db.turn + i) % db.replicas.length];
    if (replica.downUntil > now) continue;
    try {
      const result = await replica.pool.query<R>(named(text, values));
      db.turn = (db.turn + i + 1) % db.replicas.length;
      return result.rows;
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      replica.downUntil = Date.now() + REPLICA_PAUSE_MS;
    }
  }
  try {
    return (await db.pool.query<R>(named(text, values))).rows;
  } catch (error) {
    if (isConnectionFailure(error)) throw new DatabaseUnavailableError('all', { cause: error });
    throw error;
  }
}

const numbered = new Map<string, string>();
const names = new Map<string, string>();

/**
 * A statement as a named one (node-postgres prepares it once per connection, then only binds and
 * executes): parsed and planned once per connection rather than on every call, a round trip's
 * worth of work the server saves on every page. The name is the text's hash: one text, one name.
 */
function named(text: string, values: unknown[]): QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    name = `sg_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values };
}

/**
 * A statement's text as PostgreSQL takes it: `?` placeholders (as the SQLite store writes them)
 * numbered $1, $2, ... in order. A text that already numbers its own ($1) is left as it is; so is
 * a `?` inside a quoted literal.
 */
export function pgText(text: string): string {
  if (/\$\d/.test(text) || !text.includes('?')) return text;
  let known = numbered.get(text);
  if (known === undefined) {
    let n = 0;
    known = text.replace(/'(?:[^']|'')*'|\?/g, (token) => (token === '?' ? `$${++n}` : token));
    numbered.set(text, known);
  }
  return known;
}

function count(db: PgDb): void {
  if (!counting()) return;
  db.statements.total += 1;
  countInTally();
}

/**
 * The rows of one statement, outside any transaction: a read from a replica when there are any
 * (and the request has not written), anything else on the primary.
 */
export async function rows<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[] = []): Promise<R[]> {
  count(db);
  const statement = pgText(text);
  if (readsOnly(statement)) {
    if (db.replicas.length > 0 && !requests.getStore()?.wrote) return onReplica<R>(db, statement, values);
    return onPrimary<R>(db, statement, values);
  }
  noteWrite();
  return onPrimary<R>(db, statement, values);
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
      const result = await client.query<R>(named(pgText(text), values ?? []));
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
    if (isConnectionFailure(error)) throw new DatabaseUnavailableError(db.replicas.length > 0 ? 'primary' : 'all', { cause: error });
    throw error;
  }
  const tx = counted(db, client);
  try {
    await tx.query(isolation ? `BEGIN ISOLATION LEVEL ${isolation}` : 'BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (isConnectionFailure(error)) throw new DatabaseUnavailableError(db.replicas.length > 0 ? 'primary' : 'all', { cause: error });
    throw error;
  } finally {
    client.release();
  }
}

/** The pool as a Queryable (statements counted, routed as rows() routes them). */
export function queryable(db: PgDb): Queryable {
  return {
    query: async <R extends QueryResultRow>(text: string, values: unknown[] = []) => {
      count(db);
      const statement = pgText(text);
      if (readsOnly(statement)) {
        const found = db.replicas.length > 0 && !requests.getStore()?.wrote ? await onReplica<R>(db, statement, values) : await onPrimary<R>(db, statement, values);
        return { rows: found, rowCount: found.length };
      }
      noteWrite();
      try {
        const result = await db.pool.query<R>(named(statement, values));
        return { rows: result.rows, rowCount: result.rowCount };
      } catch (error) {
        if (isConnectionFailure(error)) throw new DatabaseUnavailableError(db.replicas.length > 0 ? 'primary' : 'all', { cause: error });
        throw error;
      }
    },
  };
}

/**
 * The rows of one statement of the server's own bookkeeping (the table sizes the query cost reads
 * every few seconds): not counted, as SQLite's withoutCounting, so that a request costs the same
 * statements whether or not it happens to trigger it.
 */
export async function uncountedRows<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[] = []): Promise<R[]> {
  const statement = pgText(text);
  return db.replicas.length > 0 ? onReplica<R>(db, statement, values) : onPrimary<R>(db, statement, values);
}
