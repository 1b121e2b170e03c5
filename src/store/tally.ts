// The statements one piece of work runs (an HTTP request), whatever engine they run on: an
// AsyncLocalStorage tally that each engine's statement counting adds to (SQLite:
// ./sqlite/statement-counter.ts; PostgreSQL: ./postgres/db.ts).
import { AsyncLocalStorage } from 'node:async_hooks';

/** The statements run by one piece of work (an HTTP request), whatever database they ran on. */
export interface StatementTally {
  count: number;
}

const tallies = new AsyncLocalStorage<StatementTally>();

// True while the server reads for its own bookkeeping (src/limits/table-statistics.ts).
let uncounted = false;

/** Runs `work`, counting in `tally` every statement it runs, in its awaits and callbacks too. */
export function tallyStatements<T>(tally: StatementTally, work: () => T): T {
  return tallies.run(tally, work);
}

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

/** Whether a statement run now counts (not inside withoutCounting). */
export function counting(): boolean {
  return !uncounted;
}

/** One statement counted in the tally of the work under way, if any. */
export function countInTally(): void {
  const tally = tallies.getStore();
  if (tally) tally.count += 1;
}
