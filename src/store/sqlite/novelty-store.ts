// Novelty scoring and the pending work queues (papers to score, authors whose metrics are behind).
import { type Db } from './client';
import { type NoveltyStore } from '../novelty-types';

export function noveltyStore(db: Db): NoveltyStore {
  void db;
  return {};
}
