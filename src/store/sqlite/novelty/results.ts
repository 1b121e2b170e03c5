// What a run reads of the papers, and how results are written. A paper's novelty is supplied
// (src/novelty/scope) when it is set and paper_novelty holds no row with that very value; a
// computed value is written only where the novelty is NULL or still the computed one, so it never
// replaces a supplied score.
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../prepared';
import { METHOD, METHOD_VERSION, type NoveltyResult } from '../../../novelty/measure';
import { type NoveltyState } from '../../../novelty/scope';

/** A paper as a run reads it (PAPER_TEXT): its text, and what decides whether it is scored (src/novelty/scope). */
export interface PaperText extends NoveltyState {
  id: number;
  date: string;
  title: string;
  abstract: string;
  /** The novelty is set (supplied or computed). */
  hasValue: 0 | 1;
  /** paper_novelty holds the paper's current value (which may be NULL: no earlier paper). */
  computed: 0 | 1;
}

export const PAPER_TEXT = `SELECT p.id AS id, p.published_at AS date, p.title AS title, p.abstract AS abstract,
    p.novelty IS NOT NULL AS hasValue, n.paper_id IS NOT NULL AS computed
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id AND n.novelty IS p.novelty`;

const UPDATE = `UPDATE papers SET novelty = ? WHERE id = ? AND (novelty IS NULL
  OR EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = papers.id AND n.novelty IS papers.novelty))`;

const UPSERT = `INSERT OR REPLACE INTO paper_novelty
  (paper_id, novelty, method, version, corpus_date, corpus_papers, nearest, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

const MARK_AUTHORS = `INSERT OR IGNORE INTO author_metrics_pending (author_id)
  SELECT DISTINCT author_id FROM authorships WHERE paper_id IN (SELECT value FROM json_each(?))`;

/**
 * Marks papers whose novelty is to be computed (see ./pending), in the caller's transaction: one
 * statement for any number of papers.
 */
export function markNoveltyPending(sqlite: Database.Database, paperIds: readonly number[]): void {
  if (paperIds.length === 0) return;
  prepared(sqlite, 'INSERT OR IGNORE INTO novelty_pending (paper_id) SELECT value FROM json_each(?)').run(keyList(paperIds));
}

const LISTED = 'SELECT paper_id FROM novelty_pending WHERE paper_id IN (SELECT value FROM json_each(?))';
// In the transaction that writes the scores: a paper is scored once, even by a run killed right after.
const UNMARK_PENDING = 'DELETE FROM novelty_pending WHERE paper_id IN (SELECT value FROM json_each(?))';

export interface WriteResultsOptions {
  /**
   * Mark the authors of the written papers as pending (their novelty means change; see
   * refreshPendingAuthorMetrics): the default. A write that refreshes its authors' metrics itself
   * in the same transaction passes false.
   */
  markAuthors?: boolean;
  /**
   * Write only the papers still listed in novelty_pending: a run that finishes the list beside a
   * serving API leaves alone a paper an API write scored (or made supplied) since it was read.
   */
  onlyPending?: boolean;
}

/**
 * Writes results in the caller's transaction, skipping papers whose novelty became supplied (or
 * that were deleted) since they were read, and takes every result's paper off novelty_pending.
 * Returns the papers written.
 */
export function writeResults(
  sqlite: Database.Database,
  results: readonly NoveltyResult[],
  computedAt: string,
  { markAuthors = true, onlyPending = false }: WriteResultsOptions = {},
): number[] {
  const update = prepared(sqlite, UPDATE);
  const upsert = prepared(sqlite, UPSERT);
  const written: number[] = [];
  const listed = onlyPending ? new Set(prepared(sqlite, LISTED).pluck().all(keyList(results.map((r) => r.paperId))) as number[]) : null;
  for (const r of results) {
    if (listed && !listed.has(r.paperId)) continue;
    if (update.run(r.novelty, r.paperId).changes !== 1) continue;
    upsert.run(r.paperId, r.novelty, METHOD, METHOD_VERSION, r.corpusDate, r.corpusPapers, JSON.stringify(r.nearest), computedAt);
    written.push(r.paperId);
  }
  if (results.length > 0) prepared(sqlite, UNMARK_PENDING).run(keyList(results.map((r) => r.paperId)));
  if (markAuthors && written.length > 0) prepared(sqlite, MARK_AUTHORS).run(keyList(written));
  return written;
}
