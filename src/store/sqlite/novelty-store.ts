// Novelty scoring and the pending work queues (papers to score, authors whose metrics are behind).
// The work itself is synchronous (better-sqlite3): each method runs it when called.
import { type Db } from './client';
import { type NoveltyStore } from '../novelty-types';
import { computeNoveltyInBulk } from './novelty/bulk';
import { estimatePendingWork, finishPendingWork, markMissingNoveltyPending } from './novelty/pending';

export function noveltyStore(db: Db): NoveltyStore {
  const s = db.sqlite;
  return {
    scoreNovelty: async (scope, { onProgress, shouldStop } = {}) => computeNoveltyInBulk(s, { scope, onProgress, shouldStop }),
    markMissingNoveltyPending: async () => markMissingNoveltyPending(s),
    estimatePendingWork: async () => estimatePendingWork(s),
    finishPendingWork: async (options) => finishPendingWork(s, options),
  };
}
