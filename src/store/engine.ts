// What the server holds of its database, whichever engine it is: the store, the statement count
// /metrics shows, what serving needs besides the connection (SQLite's read threads), and the
// close. The server (src/http/server.ts) and the start (src/main.ts) hold an engine; the rest of
// the code above the store holds only its Store.
import type { Store } from './store';
import { sqliteStore } from './sqlite/store';
import { type Db } from './sqlite/client';
import { closeReadPool, openReadPool } from './sqlite/read-pool';
import { type StatementCounter } from './sqlite/statement-counter';
import { countedStore, type StatementTally, tallyStatements } from './tally';
// Types only: the PostgreSQL engine's modules (the pg driver, drizzle's pg-core) load when a
// PostgreSQL database is opened (./index.ts openPostgresStore), not at every SQLite start.
import type { OpenedPostgresStore } from './postgres';
import type { SharedBucketOptions } from './postgres/rate-limits';
import { type RateLimiterAbstract } from 'rate-limiter-flexible';

export type EngineKind = 'sqlite' | 'postgres';

export interface ServingEngine {
  readonly kind: EngineKind;
  readonly store: Store;
  /** Statements run on this engine's connections since it opened (/metrics). */
  readonly statements: StatementCounter;
  /** Starts what serving needs beyond the connection: SQLite's read threads (`readThreads`, 0 for none). */
  startServing(options: { readThreads: number }): void;
  /** Stops what startServing started; the connection stays open. */
  stopServing(): Promise<void>;
  /**
   * Rate-limit buckets every API node shares (PostgreSQL), spending from `insurance` while the
   * database does not answer; null where the processes of one machine share the primary's (SQLite).
   */
  sharedBuckets(options: Omit<SharedBucketOptions, 'insuranceLimiter'>, insurance: RateLimiterAbstract): RateLimiterAbstract | null;
  /**
   * One request's scope: the store its work calls, and how to run that work. Its statements count
   * in `tally` (null: not counted apart); on PostgreSQL, once it has written, its reads go to the
   * primary, and until then to one replica.
   */
  request(tally: StatementTally | null): RequestScope;
  /** Closes the connection(s). */
  close(): Promise<void>;
}

/** A request's store, and the way its work runs (see ServingEngine.request). */
export interface RequestScope {
  readonly store: Store;
  run<T>(work: () => T): T;
}

/** A SQLite database file this process holds open. */
export function sqliteEngine(db: Db): ServingEngine {
  const store = sqliteStore(db);
  return {
    kind: 'sqlite',
    store,
    statements: db.statements,
    startServing: ({ readThreads }) => openReadPool(db.sqlite, { threads: readThreads }),
    stopServing: async () => closeReadPool(db.sqlite),
    // Counted through the request's own handle (./tally.ts): no async context on SQLite.
    request(tally) {
      return { store: tally ? countedStore(store, tally) : store, run: (work) => work() };
    },
    sharedBuckets: () => null,
    close: async () => db.close(),
  };
}

/** A PostgreSQL database (DATABASE_URL) through a pool of connections. */
export function postgresEngine(opened: OpenedPostgresStore): ServingEngine {
  return {
    kind: 'postgres',
    store: opened.store,
    statements: opened.db.statements,
    startServing: () => undefined,
    stopServing: async () => undefined,
    request(tally) {
      return { store: opened.store, run: (work) => opened.inRequest(tally ? () => tallyStatements(tally, work) : work) };
    },
    sharedBuckets: (options, insurance) => opened.sharedBuckets({ ...options, insuranceLimiter: insurance }),
    close: () => opened.close(),
  };
}
