// The statements one piece of work runs (an HTTP request), whatever engine they run on: a tally
// that each engine's statement counting adds to (SQLite: ./sqlite/statement-counter.ts;
// PostgreSQL: ./postgres/db.ts). Two ways in:
// - On SQLite, through the request's own store (countedStore): a SQLite statement runs while the
//   store's method is being called, before it returns (a read thread's is counted as it is sent),
//   so the tally is the one of the handle being called. No async context, so no hook on every
//   promise: the AsyncLocalStorage way cost 9-12 % of a light request's CPU (BENCHMARKS.md).
// - On PostgreSQL, where a method's statements follow one another across awaits, an
//   AsyncLocalStorage (tallyStatements), as its per-request routing already needs one.
import { AsyncLocalStorage } from 'node:async_hooks';

/** The statements run by one piece of work (an HTTP request), whatever database they ran on. */
export interface StatementTally {
  count: number;
}

const tallies = new AsyncLocalStorage<StatementTally>();

// The tally of the store method being called now (countedStore), if any.
let calling: StatementTally | null = null;

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
  const tally = calling ?? tallies.getStore();
  if (tally) tally.count += 1;
}

const ITSELF = Symbol('the store under a request handle');

/** The store under a request's handle (countedStore), or `store` itself: the key for a cache kept per store, not per request. */
export function storeItself<S extends object>(store: S): S {
  return (store as S & { [ITSELF]?: S })[ITSELF] ?? store;
}

/**
 * `store` as one request's handle: every statement its methods run while they are being called
 * counts in `tally`. Right for a store whose statements all run (or are sent) before its methods
 * return, as SQLite's do; see the top of this file.
 */
export function countedStore<S extends object>(store: S, tally: StatementTally): S {
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key) {
      if (key === ITSELF) return target;
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      let method = methods.get(key);
      if (method === undefined) {
        method = (...args: unknown[]) => {
          const outer = calling;
          calling = tally;
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            calling = outer;
          }
        };
        methods.set(key, method);
      }
      return method;
    },
  });
}
