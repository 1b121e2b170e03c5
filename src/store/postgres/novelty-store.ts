// Novelty scoring and the pending work queues on PostgreSQL (the work itself: ./novelty/).
import type { CorpusRunSummary, NoveltyScope, NoveltyStore, ScoreNoveltyOptions } from '../novelty-types';
import type { PgDb } from './db';
import { computeNoveltyInBulk } from './novelty/bulk';
import { refreshPendingAuthorMetrics } from './novelty/pending-authors';
import { estimatePendingWork, finishPendingWork, markMissingNoveltyPending } from './novelty/pending';

/** A run over the whole corpus, then the metrics of the authors of the papers it scored (and of any others pending). */
async function scoreNovelty(db: PgDb, scope: NoveltyScope, { onProgress, shouldStop }: ScoreNoveltyOptions): Promise<CorpusRunSummary> {
  const started = process.hrtime.bigint();
  const summary = await computeNoveltyInBulk(db, { scope, onProgress, shouldStop });
  if (summary.stopped) return summary;
  await refreshPendingAuthorMetrics(db, { onProgress: (done, total) => onProgress?.({ stage: 'metrics', done, total }) });
  return { ...summary, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export function noveltyStore(db: PgDb): NoveltyStore {
  return {
    scoreNovelty: (scope, options = {}) => scoreNovelty(db, scope, options),
    markMissingNoveltyPending: () => markMissingNoveltyPending(db),
    estimatePendingWork: () => estimatePendingWork(db),
    finishPendingWork: (options) => finishPendingWork(db, options),
  };
}
