// STUB (issue 19, being written by the novelty helper). markMissingNoveltyPending and
// estimatePendingWork are minimal (the lead's, so that the start can seed the demo meanwhile):
// replace them freely.
import type { NoveltyStore } from '../novelty-types';
import { row, rows, type PgDb } from './db';
import { notYet } from './not-yet';

export function noveltyStore(db: PgDb): NoveltyStore {
  return {
    ...notYet<NoveltyStore>(['scoreNovelty', 'markMissingNoveltyPending', 'estimatePendingWork', 'finishPendingWork']),
    markMissingNoveltyPending: async () =>
      (
        await rows(
          db,
          `INSERT INTO novelty_pending (paper_id) SELECT p.id FROM papers p
             WHERE p.novelty IS NULL AND NOT EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id)
           ON CONFLICT DO NOTHING RETURNING paper_id`,
        )
      ).length,
    estimatePendingWork: async () => {
      const counts = await row<{ papers: number; authors: number }>(
        db,
        'SELECT (SELECT count(*) FROM novelty_pending) AS papers, (SELECT count(*) FROM author_metrics_pending) AS authors',
      );
      return { papers: counts!.papers, authors: counts!.authors, seconds: (counts!.papers + counts!.authors) / 1000 };
    },
  };
}
