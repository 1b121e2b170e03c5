// Counts the SQL statements each database runs, so tests and /metrics can show that a request
// costs a number of statements fixed by its shape. Patched on the shared Statement prototype
// because Drizzle calls stmt.raw().all(): a per-object wrapper would be bypassed. A request's own
// statements are also counted apart (an AsyncLocalStorage tally), for its log line.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';

export interface StatementCounter {
  readonly total: number;
}

/** The statements run by one piece of work (an HTTP request), whatever database they ran on. */
export interface StatementTally {
  count: number;
}

const counters = new WeakMap<Database.Database, { total: number }>();
const tallies = new AsyncLocalStorage<StatementTally>();
let patched = false;

/** Runs `work`, counting in `tally` every statement it runs, in its awaits and callbacks too. */
export function tallyStatements<T>(tally: StatementTally, work: () => T): T {
  return tallies.run(tally, work);
}

// True while the server reads for its own bookkeeping (src/limits/table-statistics.ts).
let uncounted = false;

/**
 * Runs `work` (synchronous) without counting its statements: the server's own bookkeeping, such
 * as the table sizes the query cost reads every few seconds, is no statement of the request
 * that happens to trigger it, and would make the same request count differently each time.
 */
export function withoutCounting<T>(work: () => T): T {
  uncounted = true;
  try {
    return work();
  } finally {
    uncounted = false;
  }
}

function counted(counter: { total: number } | undefined): void {
  if (uncounted) return;
  if (counter) counter.total += 1;
  const tally = tallies.getStore();
  if (tally) tally.count += 1;
}

/** One statement of `db` that ran elsewhere (a read thread, src/store/sqlite/read-pool.ts), counted as if it ran on `db`. */
export function countStatement(db: Database.Database): void {
  counted(counters.get(db));
}

function patchStatementPrototype(db: Database.Database): void {
  if (patched) return;
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1'));
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = proto[method];
    proto[method] = function countedExecution(this: Database.Statement, ...args: unknown[]) {
      counted(counters.get(this.database));
      return original.apply(this, args);
    };
  }
  patched = true;
}

export function countStatements(db: Database.Database): StatementCounter {
  patchStatementPrototype(db);
  const counter = { total: 0 };
  counters.set(db, counter);
  const exec = db.exec.bind(db);
  db.exec = (source: string) => {
    counted(counter);
    return exec(source);
  };
  return counter;
}
