// The PostgreSQL store's connection: a pg.Pool, every statement counted as SQLite's are (the
// request's tally, and the database's total for /metrics), and transactions on one client.
import { Pool, type PoolClient, type QueryResultRow, types } from 'pg';
import { countInTally, counting } from '../tally';

// bigint (count(*), sum(...)) as a number: our counts stay far below 2^53.
types.setTypeParser(20, (value) => Number(value));
// numeric (avg(...), round(...)) as a number.
types.setTypeParser(1700, (value) => Number(value));

/** Something that runs a statement: the pool (any free connection) or one client (a transaction). */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** The store's handle: the pool, and the statements it has run (for /metrics). */
export interface PgDb {
  pool: Pool;
  /** Statements run through this handle, in any client. */
  readonly statements: { total: number };
}

export function openPgDb(url: string, { max = 10 }: { max?: number } = {}): PgDb {
  const pool = new Pool({ connectionString: url, max });
  // An idle client whose server went away must not take the process down.
  pool.on('error', () => undefined);
  return { pool, statements: { total: 0 } };
}

const numbered = new Map<string, string>();

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

/** The rows of one statement, on any free connection of the pool. */
export async function rows<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[] = []): Promise<R[]> {
  count(db);
  return (await db.pool.query<R>(pgText(text), values)).rows;
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
      const result = await client.query<R>(pgText(text), values);
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
  const client = await db.pool.connect();
  const tx = counted(db, client);
  try {
    await tx.query(isolation ? `BEGIN ISOLATION LEVEL ${isolation}` : 'BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The pool as a Queryable (statements counted). */
export function queryable(db: PgDb): Queryable {
  return {
    query: async <R extends QueryResultRow>(text: string, values?: unknown[]) => {
      count(db);
      const result = await db.pool.query<R>(pgText(text), values);
      return { rows: result.rows, rowCount: result.rowCount };
    },
  };
}

/**
 * The rows of one statement of the server's own bookkeeping (the table sizes the query cost reads
 * every few seconds): not counted, as SQLite's withoutCounting, so that a request costs the same
 * statements whether or not it happens to trigger it.
 */
export async function uncountedRows<R extends QueryResultRow>(db: PgDb, text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.pool.query<R>(pgText(text), values)).rows;
}
