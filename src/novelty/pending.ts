// Papers whose novelty is still to be computed, listed in novelty_pending (migration 0011): an
// import marks the papers it adds without a novelty in their batch's transaction, and a paper
// leaves the list in the transaction that writes its score (./store writeResults). Killed in
// between, the list says what is left: the next import or server start scores those papers, and
// no paper is scored twice.
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { type NoveltyRunSummary } from './bulk';
import { computeNoveltyFor, type IncrementalOptions } from './incremental';

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
 */
export function computePendingNovelty(sqlite: Database.Database, options: IncrementalOptions = {}): NoveltyRunSummary {
  const ids = prepared(sqlite, 'SELECT paper_id FROM novelty_pending ORDER BY paper_id').pluck().all() as number[];
  if (ids.length === 0) return { computed: 0, withoutScore: 0, seconds: 0 };
  const summary = computeNoveltyFor(sqlite, ids, options);
  sqlite.transaction(() => prepared(sqlite, 'DELETE FROM novelty_pending WHERE paper_id IN (SELECT value FROM json_each(?))').run(keyList(ids))).immediate();
  return summary;
}
