// Papers whose novelty is still to be computed, listed in novelty_pending (migration 0011): an
// import marks the papers it adds without a novelty in their batch's transaction, and a paper
// leaves the list in the transaction that writes its score (./results writeResults). Killed in
// between, the list says what is left: the next import or server start scores those papers, and
// no paper is scored twice.
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../prepared';
import { pendingAuthorMetricsCount, refreshPendingAuthorMetrics } from '../author-metrics';
import { expectedPendingSeconds } from '../../../novelty/run-plan';
import { type FinishedWork, type FinishPendingOptions, type NoveltyRunSummary, type PendingWorkEstimate } from '../../novelty-types';
import { computeNoveltyFor, corpusSizeFor, type IncrementalOptions } from './incremental';

export function pendingNoveltyCount(sqlite: Database.Database): number {
  return prepared(sqlite, 'SELECT count(*) FROM novelty_pending').pluck().get() as number;
}

/**
 * Marks every paper that has neither a supplied nor a computed novelty, in one statement: for
 * papers written around the importer and the API (the demo data). Returns how many were marked.
 */
export function markMissingNoveltyPending(sqlite: Database.Database): number {
  return prepared(
    sqlite,
    `INSERT OR IGNORE INTO novelty_pending (paper_id) SELECT p.id FROM papers p
      WHERE p.novelty IS NULL AND NOT EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id AND n.novelty IS NULL)`,
  ).run().changes;
}

/**
 * Scores every pending paper (computeNoveltyFor: one at a time from the indexes when they are few,
 * in one bulk pass when they are many), then drops what is left of the list: papers deleted, or
 * given a supplied novelty, since they were marked. Call it with the search index up to date.
 * Only papers still listed when their batch is written are written (a run beside a serving API
 * leaves alone what an API write did since); a run stopped early drops nothing.
 */
export function computePendingNovelty(sqlite: Database.Database, options: IncrementalOptions = {}): NoveltyRunSummary {
  const ids = prepared(sqlite, 'SELECT paper_id FROM novelty_pending ORDER BY paper_id').pluck().all() as number[];
  if (ids.length === 0) return { computed: 0, withoutScore: 0, seconds: 0 };
  const summary = computeNoveltyFor(sqlite, ids, { ...options, onlyPending: true });
  if (summary.stopped) return summary;
  sqlite.transaction(() => prepared(sqlite, 'DELETE FROM novelty_pending WHERE paper_id IN (SELECT value FROM json_each(?))').run(keyList(ids))).immediate();
  return summary;
}

/** What a start finds left to do: papers to score, authors whose metrics to recompute. */
export function estimatePendingWork(sqlite: Database.Database): PendingWorkEstimate {
  const papers = pendingNoveltyCount(sqlite);
  const authors = pendingAuthorMetricsCount(sqlite);
  return { papers, authors, seconds: expectedPendingSeconds(papers, authors, corpusSizeFor(sqlite, papers)) };
}

/**
 * Scores the pending papers, then recomputes the metrics of the pending authors (those of the
 * papers just scored among them: their novelty means changed), each transaction taking what it
 * did off its list. Call it with the search index up to date. The same scores and metrics however
 * it is sliced, and whether it is stopped and resumed or not.
 */
export function finishPendingWork(sqlite: Database.Database, options: FinishPendingOptions = {}): FinishedWork {
  const novelty = computePendingNovelty(sqlite, {
    refreshMetrics: false,
    batchSize: options.papersPerTransaction,
    shouldStop: options.shouldStop,
    // Sliced for a serving API: the document frequencies too, a year per transaction.
    shortTransactions: options.papersPerTransaction !== undefined,
  });
  if (novelty.stopped) return { novelty, authors: 0, stopped: true };
  const { authors, stopped } = refreshPendingAuthorMetrics(sqlite, {
    perTransaction: options.authorsPerTransaction,
    shouldStop: options.shouldStop,
  });
  return { novelty, authors, stopped };
}
