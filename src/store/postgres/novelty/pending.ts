// The pending work as a start or a load's end finishes it (../../sqlite/novelty/pending.ts): the
// papers to score (./pending-papers), then the authors whose metrics are behind (./pending-authors).
import { queryable, type PgDb } from '../db';
import { expectedPendingSeconds } from '../../../novelty/run-plan';
import { type FinishedWork, type FinishPendingOptions, type PendingWorkEstimate } from '../../novelty-types';
import { corpusSizeFor } from './incremental';
import { pendingAuthorCount, refreshPendingAuthorMetrics } from './pending-authors';
import { computePendingNovelty, pendingNoveltyCount } from './pending-papers';

export { markMissingNoveltyPending } from './pending-papers';

export async function estimatePendingWork(db: PgDb): Promise<PendingWorkEstimate> {
  const papers = await pendingNoveltyCount(db);
  const authors = await pendingAuthorCount(db);
  const corpus = await corpusSizeFor(queryable(db), papers);
  return { papers, authors, seconds: expectedPendingSeconds(papers, authors, corpus) };
}

/**
 * Scores the pending papers, then recomputes the metrics of the pending authors (those of the
 * papers just scored among them), each transaction taking what it did off its list.
 */
export async function finishPendingWork(db: PgDb, options: FinishPendingOptions = {}): Promise<FinishedWork> {
  const novelty = await computePendingNovelty(db, {
    batchSize: options.papersPerTransaction,
    shouldStop: options.shouldStop,
    shortTransactions: options.papersPerTransaction !== undefined,
  });
  if (novelty.stopped) return { novelty, authors: 0, stopped: true };
  const { authors, stopped } = await refreshPendingAuthorMetrics(db, {
    perTransaction: options.authorsPerTransaction,
    shouldStop: options.shouldStop,
  });
  return { novelty, authors, stopped };
}
