// STUB (issue 19, being written).
import type { NoveltyStore } from '../novelty-types';
import type { PgDb } from './db';
import { notYet } from './not-yet';

export function noveltyStore(_db: PgDb): NoveltyStore {
  return notYet<NoveltyStore>(['scoreNovelty', 'markMissingNoveltyPending', 'estimatePendingWork', 'finishPendingWork']);
}
