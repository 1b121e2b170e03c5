// What a run reads of the papers, and how results are written (../../sqlite/novelty/results.ts,
// whose rules these are): a computed value replaces only a NULL or the value last computed, never
// a supplied one. A batch of results is one statement (data-modifying CTEs over unnest arrays).
import type { Queryable } from '../db';
import { METHOD, METHOD_VERSION, type NoveltyResult } from '../../../novelty/measure';
import { type NoveltyState } from '../../../novelty/scope';

/** A paper as a run reads it (PAPER_TEXT): its text, and what decides whether it is scored. */
export interface PaperText extends NoveltyState {
  id: number;
  date: string;
  title: string;
  abstract: string;
  hasValue: boolean;
  computed: boolean;
}

export const PAPER_TEXT = `SELECT p.id, p.published_at AS date, p.title, p.abstract,
    p.novelty IS NOT NULL AS "hasValue", n.paper_id IS NOT NULL AS computed
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id AND n.novelty IS NOT DISTINCT FROM p.novelty`;

// The update's condition reads paper_novelty before the upsert beside it changes it (one
// snapshot for the whole statement), as SQLite's UPDATE runs before its INSERT OR REPLACE.
const WRITE = `WITH r AS (
    SELECT * FROM unnest($1::int4[], $2::float8[], $3::text[], $4::int4[], $5::text[]) AS r(paper_id, novelty, corpus_date, corpus_papers, nearest)
    WHERE $8::int4[] IS NULL OR r.paper_id = ANY($8::int4[])),
  u AS (
    UPDATE papers p SET novelty = r.novelty FROM r WHERE p.id = r.paper_id AND (p.novelty IS NULL
      OR EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id AND n.novelty IS NOT DISTINCT FROM p.novelty))
    RETURNING p.id),
  n AS (
    INSERT INTO paper_novelty (paper_id, novelty, method, version, corpus_date, corpus_papers, nearest, computed_at)
    SELECT r.paper_id, r.novelty, '${METHOD}', ${METHOD_VERSION}, r.corpus_date, r.corpus_papers, r.nearest, $6 FROM r JOIN u ON u.id = r.paper_id
    ON CONFLICT (paper_id) DO UPDATE SET novelty = excluded.novelty, method = excluded.method, version = excluded.version,
      corpus_date = excluded.corpus_date, corpus_papers = excluded.corpus_papers, nearest = excluded.nearest, computed_at = excluded.computed_at),
  d AS (DELETE FROM novelty_pending WHERE paper_id IN (SELECT paper_id FROM r)),
  a AS (
    INSERT INTO author_metrics_pending (author_id)
    SELECT DISTINCT s.author_id FROM authorships s JOIN u ON u.id = s.paper_id WHERE $7::bool
    ON CONFLICT DO NOTHING)
  SELECT id FROM u ORDER BY id`;

export interface WriteResultsOptions {
  /** Mark the authors of the written papers as pending (the default); see the SQLite store's option. */
  markAuthors?: boolean;
  /**
   * Write only these papers of the results (those this run holds off novelty_pending, FOR UPDATE):
   * a paper an API write scored since, or another node holds, is left alone. All by default.
   */
  only?: readonly number[];
}

/**
 * Writes results in the caller's transaction (one statement), skipping papers whose novelty became
 * supplied (or that were deleted) since they were read, and takes every result's paper (of `only`)
 * off novelty_pending. Returns the papers written.
 */
export async function writeResults(
  tx: Queryable,
  results: readonly NoveltyResult[],
  computedAt: string,
  { markAuthors = true, only }: WriteResultsOptions = {},
): Promise<number[]> {
  if (results.length === 0) return [];
  const { rows } = await tx.query<{ id: number }>(WRITE, [
    results.map((r) => r.paperId),
    results.map((r) => r.novelty),
    results.map((r) => r.corpusDate),
    results.map((r) => r.corpusPapers),
    results.map((r) => JSON.stringify(r.nearest)),
    computedAt,
    markAuthors,
    only ?? null,
  ]);
  return rows.map((r) => r.id);
}
