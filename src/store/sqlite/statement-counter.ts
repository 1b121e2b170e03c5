// Counts the SQL statements each database runs, so tests and /metrics can show that a request
// costs a number of statements fixed by its shape. Patched on the shared Statement prototype
// because Drizzle calls stmt.raw().all(): a per-object wrapper would be bypassed. A request's own
// statements are also counted apart (an AsyncLocalStorage tally), for its log line.
import type Database from 'better-sqlite3';
import { countInTally, counting } from '../tally';

export { tallyStatements, withoutCounting, type StatementTally } from '../tally';

export interface StatementCounter {
  readonly total: number;
}

const counters = new WeakMap<Database.Database, { total: number }>();
let patched = false;

function counted(counter: { total: number } | undefined): void {
  if (!counting()) return;
  if (counter) counter.total += 1;
  countInTally();
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
