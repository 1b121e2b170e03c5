// Keeps author_metrics equal to what the pure metrics functions compute from the authors'
// papers. Call it inside the transaction that changed papers or authorships, with the authors
// that change touched (both the old and the new authors of a paper).
import type Database from 'better-sqlite3';
import { keyList, prepared } from './prepared';
import { moveDataVersion } from './data-version';
import { authorMetrics, type PaperFacts } from '../../metrics';

// Bounds the rows one read brings into memory when a whole database is refreshed.
const AUTHORS_PER_READ = 20_000;

const FACTS = `SELECT s.author_id AS authorId, p.citation_count AS citationCount, p.novelty AS novelty,
         p.ai_score AS aiScore, p.category AS category, p.published_at AS publishedAt, p.topic_id AS topicId,
         t.subfield_id AS subfieldId, t.field_id AS fieldId, t.domain_id AS domainId
    FROM authorships s JOIN papers p ON p.id = s.paper_id LEFT JOIN openalex_topics t ON t.id = p.topic_id`;

// changed_at: when the metrics were last recomputed, i.e. when the author's papers last changed
// (callers refresh exactly the authors a change touched).
const UPSERT = `INSERT INTO author_metrics
    (author_id, paper_count, citation_count, h_index, i10_index, g_index, novelty, ai_score, primary_category,
     primary_topic_id, primary_subfield_id, primary_field_id, primary_domain_id, changed_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (author_id) DO UPDATE SET
    paper_count = excluded.paper_count, citation_count = excluded.citation_count,
    h_index = excluded.h_index, i10_index = excluded.i10_index, g_index = excluded.g_index,
    novelty = excluded.novelty, ai_score = excluded.ai_score, primary_category = excluded.primary_category,
    primary_topic_id = excluded.primary_topic_id, primary_subfield_id = excluded.primary_subfield_id,
    primary_field_id = excluded.primary_field_id, primary_domain_id = excluded.primary_domain_id,
    changed_at = excluded.changed_at`;

// The bulk refreshes (a load's authors, the pending list) read a slice's facts
// once per paper rather than once per authorship: the papers the slice's authors wrote, then
// each author's list of paper ids. A fresh load's 60,384 authors (457,079 authorships of
// 100,000 papers) read in 0.8 s instead of 1.7, a row object per authorship from SQLite being
// most of it; the facts of a paper are one object its authors share.
const BULK_PAPER_FACTS = `SELECT p.id, p.citation_count, p.novelty, p.ai_score, p.category, p.published_at, p.topic_id,
         t.subfield_id, t.field_id, t.domain_id
    FROM papers p LEFT JOIN openalex_topics t ON t.id = p.topic_id
   WHERE p.id IN (SELECT paper_id FROM authorships WHERE author_id IN (SELECT value FROM json_each(?)))`;
const BULK_PAPER_LISTS = `SELECT author_id, group_concat(paper_id) FROM authorships
   WHERE author_id IN (SELECT value FROM json_each(?)) GROUP BY author_id`;

type PaperFactsRow = [number, number, number | null, number | null, string | null, string, string | null, string | null, string | null, string | null];

/**
 * The facts of these authors' papers, by author (every author listed; one without papers has
 * none), each author's in the order of the papers' ids, as FACTS reads them (a mean's rounding
 * depends on the order).
 */
function bulkFactsByAuthor(sqlite: Database.Database, authorIds: readonly number[]): Map<number, PaperFacts[]> {
  const key = keyList(authorIds);
  const papers = new Map<number, PaperFacts>();
  for (const r of prepared(sqlite, BULK_PAPER_FACTS).raw().all(key) as PaperFactsRow[]) {
    papers.set(r[0], { citationCount: r[1], novelty: r[2], aiScore: r[3], category: r[4], publishedAt: r[5], topicId: r[6], subfieldId: r[7], fieldId: r[8], domainId: r[9] });
  }
  const byAuthor = new Map<number, PaperFacts[]>(authorIds.map((id) => [id, []]));
  for (const [authorId, list] of prepared(sqlite, BULK_PAPER_LISTS).raw().all(key) as [number, string][]) {
    const facts = byAuthor.get(authorId);
    if (!facts) continue;
    const ids = list.split(',').map(Number).sort((a, b) => a - b);
    for (const id of ids) facts.push(papers.get(id)!);
  }
  return byAuthor;
}

function write(sqlite: Database.Database, authorIds: readonly number[], facts: (PaperFacts & { authorId: number })[]): void {
  const byAuthor = new Map<number, PaperFacts[]>(authorIds.map((id) => [id, []]));
  for (const row of facts) byAuthor.get(row.authorId)?.push(row);
  writeMetrics(sqlite, byAuthor);
}

function writeMetrics(sqlite: Database.Database, byAuthor: Map<number, PaperFacts[]>): void {
  const upsert = prepared(sqlite, UPSERT);
  for (const [authorId, papers] of byAuthor) {
    const m = authorMetrics(papers);
    upsert.run(authorId, m.paperCount, m.citationCount, m.hIndex, m.i10Index, m.gIndex, m.novelty, m.aiScore, m.primaryCategory,
      m.primaryTopicId, m.primarySubfieldId, m.primaryFieldId, m.primaryDomainId);
  }
  // author_metrics has no trigger (./data-version.ts).
  if (byAuthor.size > 0) moveDataVersion(sqlite);
}

/** Recomputes the metrics of these authors (deleted authors are skipped: their row went with them). */
export function refreshAuthorMetrics(sqlite: Database.Database, authorIds: Iterable<number>): void {
  const unique = [...new Set(authorIds)];
  for (let i = 0; i < unique.length; i += AUTHORS_PER_READ) {
    const existing = prepared(sqlite, 'SELECT id FROM authors WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(keyList(unique.slice(i, i + AUTHORS_PER_READ))) as number[];
    if (existing.length === 0) continue;
    const facts = prepared(sqlite, `${FACTS} WHERE s.author_id IN (SELECT value FROM json_each(?))`).all(keyList(existing));
    write(sqlite, existing, facts as (PaperFacts & { authorId: number })[]);
  }
}

/** refreshAuthorMetrics for many authors (see BULK_PAPER_FACTS). */
function refreshAuthorMetricsInBulk(sqlite: Database.Database, authorIds: Iterable<number>): void {
  const unique = [...new Set(authorIds)];
  for (let i = 0; i < unique.length; i += AUTHORS_PER_READ) {
    const existing = prepared(sqlite, 'SELECT id FROM authors WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(keyList(unique.slice(i, i + AUTHORS_PER_READ))) as number[];
    if (existing.length > 0) writeMetrics(sqlite, bulkFactsByAuthor(sqlite, existing));
  }
}

/**
 * Recomputes every author's metrics, a range of author ids per read, through the authorships'
 * facts as the API's refresh reads them: what the tests hold the bulk refreshes to.
 */
export function refreshAllAuthorMetrics(sqlite: Database.Database): void {
  const { lo, hi } = sqlite.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi FROM authors').get() as { lo: number | null; hi: number | null };
  if (lo === null || hi === null) return;
  const ids = sqlite.prepare('SELECT id FROM authors WHERE id BETWEEN ? AND ?').pluck();
  const facts = sqlite.prepare(`${FACTS} WHERE s.author_id BETWEEN ? AND ?`);
  for (let from = lo; from <= hi; from += AUTHORS_PER_READ) {
    const to = from + AUTHORS_PER_READ - 1;
    write(sqlite, ids.all(from, to) as number[], facts.all(from, to) as (PaperFacts & { authorId: number })[]);
  }
}

/**
 * Marks authors whose metrics a bulk load will recompute later (refreshPendingAuthorMetrics):
 * one statement for any number of authors, in the caller's transaction.
 */
export function markAuthorMetricsPending(sqlite: Database.Database, authorIds: Iterable<number>): void {
  const ids = [...authorIds];
  if (ids.length === 0) return;
  prepared(sqlite, 'INSERT OR IGNORE INTO author_metrics_pending (author_id) SELECT value FROM json_each(?)').run(keyList(ids));
}

export function pendingAuthorMetricsCount(sqlite: Database.Database): number {
  return prepared(sqlite, 'SELECT count(*) FROM author_metrics_pending').pluck().get() as number;
}

/**
 * Recomputes the metrics of every pending author, AUTHORS_PER_READ (or perTransaction) at a time, each slice in its
 * own transaction that also clears it from the pending list: a run killed half way keeps what it
 * did, and so does one asked to stop (shouldStop, asked between slices). Returns how many authors
 * were refreshed, and whether it stopped before the list was empty.
 */
export interface PendingRefreshOptions {
  onProgress?: (done: number, total: number) => void;
  /** Authors recomputed per transaction. */
  perTransaction?: number;
  /** Asked before each transaction: true stops there, the rest left listed (a server stopping). */
  shouldStop?: () => boolean;
}

/**
 * Recomputes these authors' metrics (a load's own, see src/store/sqlite/paper-writer) and takes
 * them off the pending list, AUTHORS_PER_READ at a time, each slice a transaction. Returns how
 * many were listed.
 */
export function refreshListedAuthorMetrics(sqlite: Database.Database, authorIds: readonly number[]): number {
  const clear = prepared(sqlite, 'DELETE FROM author_metrics_pending WHERE author_id IN (SELECT value FROM json_each(?))');
  const slice = sqlite.transaction((ids: number[]) => {
    refreshAuthorMetricsInBulk(sqlite, ids);
    clear.run(keyList(ids));
  });
  for (let i = 0; i < authorIds.length; i += AUTHORS_PER_READ) slice.immediate(authorIds.slice(i, i + AUTHORS_PER_READ));
  return authorIds.length;
}

export function refreshPendingAuthorMetrics(
  sqlite: Database.Database,
  { onProgress, perTransaction = AUTHORS_PER_READ, shouldStop }: PendingRefreshOptions = {},
): { authors: number; stopped: boolean } {
  const total = pendingAuthorMetricsCount(sqlite);
  const next = prepared(sqlite, 'SELECT author_id FROM author_metrics_pending ORDER BY author_id LIMIT ?').pluck();
  const clear = prepared(sqlite, 'DELETE FROM author_metrics_pending WHERE author_id IN (SELECT value FROM json_each(?))');
  let done = 0;
  const slice = sqlite.transaction((): number => {
    const ids = next.all(perTransaction) as number[];
    if (ids.length === 0) return 0;
    refreshAuthorMetricsInBulk(sqlite, ids);
    clear.run(keyList(ids));
    return ids.length;
  });
  for (;;) {
    if (shouldStop?.()) return { authors: done, stopped: true };
    const n = slice.immediate();
    if (n === 0) return { authors: done, stopped: false };
    done += n;
    onProgress?.(done, total);
  }
}
