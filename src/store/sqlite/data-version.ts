// The data version on SQLite (migration 0015; src/http/http-cache.ts makes GET's ETags of it).
// The tables with triggers move it themselves. authors, authorships, author_metrics,
// openalex_topics and paper_novelty have none (a trigger on them slows SQLite's writes of them:
// the migration says why and how much), so their writers move it here, once per transaction: the
// write transaction every API write, import batch and seed goes through (./paper-writer.ts
// inWriteTransaction), and each refresh of author metrics.
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import { withoutCounting } from './statement-counter';

const MOVE = 'UPDATE data_version SET version = version + 1 WHERE id = 1';

/**
 * Moves the data version, in the caller's transaction (rolled back with it). The server's own
 * bookkeeping, as the triggers' moves are: not a statement of the request that writes (on
 * PostgreSQL, a trigger moves it at commit), so that a write's statement count is the same on
 * both engines.
 */
export function moveDataVersion(sqlite: Database.Database): void {
  withoutCounting(() => prepared(sqlite, MOVE).run());
}

/** Rows this connection has changed since it opened (SQLite's total_changes()): read before and after a transaction's work. */
export function changesSoFar(sqlite: Database.Database): number {
  return withoutCounting(() => prepared(sqlite, 'SELECT total_changes()').pluck().get() as number);
}
