// What a write through the API does to a paper's novelty (src/services/paper-write.service):
// a value given is supplied and kept as given; a paper left without a supplied value gets a
// computed one, in the write's transaction, and a computed one follows the paper's own text and
// date. Papers published after it keep their scores (see ./incremental).
import type Database from 'better-sqlite3';
import { prepared } from '../prepared';
import { type PaperFields } from '../records';

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

export interface NoveltyUpdatePlan {
  /** The changes to write: `novelty: null` is dropped where it would only erase a computed value. */
  changes: Partial<PaperFields>;
  /** Whether to score the paper once the changes are written (scoreWrittenPapers skips it if its value is supplied). */
  rescore: boolean;
}

/**
 * For updatePaper, read in its transaction before the changes are written. `novelty: null` means
 * "no supplied value": it removes a supplied one (the paper is then scored) and leaves a computed
 * one alone, so that an upsert of the same record twice changes nothing. A new title, abstract or
 * date rescores a paper whose value is not supplied.
 */
export function planNoveltyForUpdate(sqlite: Database.Database, paperId: number, changes: Partial<PaperFields>): NoveltyUpdatePlan {
  const stored = prepared(sqlite, STORED).get(paperId) as Stored | undefined;
  if (!stored) return { changes, rescore: false };
  const supplied = stored.novelty !== null && stored.computed === 0;
  const planned = { ...changes };
  let suppliedRemoved = false;
  if (planned.novelty === null) {
    if (supplied) suppliedRemoved = true;
    else delete planned.novelty;
  }
  const textChanged =
    (planned.title !== undefined && planned.title !== stored.title) ||
    (planned.abstract !== undefined && planned.abstract !== stored.abstract) ||
    (planned.publishedAt !== undefined && planned.publishedAt !== stored.publishedAt);
  const suppliedAfter = planned.novelty != null || (supplied && planned.novelty === undefined);
  return { changes: planned, rescore: !suppliedAfter && (textChanged || suppliedRemoved) };
}
