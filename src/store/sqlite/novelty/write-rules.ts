// What a write through the API does to a paper's novelty (src/services/paper-write.service):
// a value given is supplied and kept as given; a paper left without a supplied value gets a
// computed one, in the write's transaction, and a computed one follows the paper's own text and
// date. Papers published after it keep their scores (see ./incremental).
import type Database from 'better-sqlite3';
import { prepared } from '../prepared';
import { type PaperFields } from '../records';
import { planNoveltyUpdate, type NoveltyUpdatePlan } from '../../novelty-write-rule';

export { type NoveltyUpdatePlan } from '../../novelty-write-rule';

interface Stored {
  title: string;
  abstract: string;
  publishedAt: string;
  novelty: number | null;
  /** paper_novelty holds the paper's current value. */
  computed: 0 | 1;
}

const STORED = `SELECT p.title AS title, p.abstract AS abstract, p.published_at AS publishedAt, p.novelty AS novelty,
    EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id AND n.novelty IS p.novelty) AS computed
  FROM papers p WHERE p.id = ?`;

/** For updatePaper, read in its transaction before the changes are written (the rule: ../../novelty-write-rule.ts). */
export function planNoveltyForUpdate(sqlite: Database.Database, paperId: number, changes: Partial<PaperFields>): NoveltyUpdatePlan {
  const stored = prepared(sqlite, STORED).get(paperId) as Stored | undefined;
  if (!stored) return { changes, rescore: false };
  return planNoveltyUpdate({ ...stored, computed: stored.computed === 1 }, changes);
}
