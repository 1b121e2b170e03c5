// What a write through the API does to a paper's novelty, the one rule both engines apply
// (./sqlite/novelty/write-rules.ts, ./postgres/api-paper-writes.ts) over the stored row they read
// in the write's transaction: pure, so that the two cannot drift apart (as ./imported-changes.ts
// for the loads). A value given is supplied and kept as given; `novelty: null` means "no supplied
// value": it removes a supplied one (the paper is then scored) and leaves a computed one alone,
// so that an upsert of the same record twice changes nothing; a new title, abstract or date
// rescores a paper whose value is not supplied.
import { type PaperFields } from './types';

/** The stored paper as the rule needs it: its text, date and novelty, and whether that novelty is a computed one. */
export interface StoredNovelty {
  title: string;
  abstract: string;
  publishedAt: string;
  novelty: number | null;
  computed: boolean;
}

export interface NoveltyUpdatePlan {
  /** The changes to write: `novelty: null` is dropped where it would only erase a computed value. */
  changes: Partial<PaperFields>;
  /** Whether to score the paper once the changes are written (skipped when its value is supplied). */
  rescore: boolean;
}

export function planNoveltyUpdate(stored: StoredNovelty, changes: Partial<PaperFields>): NoveltyUpdatePlan {
  const supplied = stored.novelty !== null && !stored.computed;
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
