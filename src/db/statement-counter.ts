// Counts the SQL statements each database runs, so tests and /metrics can show that a request
// costs a number of statements fixed by its shape. Patched on the shared Statement prototype
// because Drizzle calls stmt.raw().all(): a per-object wrapper would be bypassed.
import type Database from 'better-sqlite3';

export interface StatementCounter {
  readonly total: number;
}

const counters = new WeakMap<Database.Database, { total: number }>();
let patched = false;

function patchStatementPrototype(db: Database.Database): void {
  if (patched) return;
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1'));
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = proto[method];
    proto[method] = function countedExecution(this: Database.Statement, ...args: unknown[]) {
      const counter = counters.get(this.database);
      if (counter) counter.total += 1;
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
    counter.total += 1;
    return exec(source);
  };
  return counter;
}
