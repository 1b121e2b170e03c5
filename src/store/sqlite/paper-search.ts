// The SQL pieces of a paper search over papers_fts (migration 0002). Bind toFtsQuery(text),
// never the user's text itself, to every MATCH parameter.
//
// Ranking reads every match (bm25 needs each one's score before the best 20 are known), so
// what runs per match decides the cost. On a million generated papers, ranking "learning"
// (300k matches) takes ~150 ms in papers_fts alone but ~700 ms joined to papers first, and
// snippet() per row of a page ~50 ms when each row reruns the MATCH. Hence:
//   - paperSearchTopSql: rank inside papers_fts, join papers to the page only (no filters);
//   - PAPER_SEARCH_JOIN / PAPER_SEARCH_WHERE: for searches that also filter on papers columns;
//   - paperExcerptsSql: highlights for the page's ids, in one pass over the matches.
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import { toFtsQuery } from './fts-query';
import { andAll } from './conditions';

/** For statements that read `FROM papers p` and filter on its columns as well as the text. */
export const PAPER_SEARCH_JOIN = 'JOIN papers_fts ON papers_fts.rowid = p.id';
/** One parameter: a MATCH expression from toFtsQuery. */
export const PAPER_SEARCH_WHERE = 'papers_fts MATCH ?';

// A word in the title says more about a paper than the same word somewhere in its abstract.
export const TITLE_WEIGHT = 10;
export const ABSTRACT_WEIGHT = 1;
/**
 * BM25 relevance, title weighted above abstract. Lower is better (FTS5 negates the score so that
 * ascending order is best first): order by it ASC, then by id for a total order. It may appear in
 * WHERE, so a keyset cursor can hold [rank, id]; ranks shift as papers are added (document
 * frequencies change), so such a cursor is exact only while the index does not change.
 */
export const PAPER_SEARCH_RANK = `bm25(papers_fts, ${TITLE_WEIGHT.toFixed(1)}, ${ABSTRACT_WEIGHT.toFixed(1)})`;

/**
 * A page of matches ranked inside papers_fts: columns `id` and `rank`, best first. Parameters:
 * the MATCH expression, then [rank, id] of the last hit seen when `after`, then the limit.
 * Join papers to it (`FROM (...) s JOIN papers p ON p.id = s.id ORDER BY s.rank, s.id`).
 */
export function paperSearchTopSql(after: boolean): string {
  // "relevance", not "rank": rank is also a hidden column of every FTS5 table.
  return `SELECT id, relevance AS rank FROM (
    SELECT rowid AS id, ${PAPER_SEARCH_RANK} AS relevance FROM papers_fts
    WHERE ${PAPER_SEARCH_WHERE}${after ? ` AND (${PAPER_SEARCH_RANK}, rowid) > (?, ?)` : ''}
    ORDER BY relevance, id LIMIT ?)`;
}

/**
 * A search's count past its bound (src/store/sqlite/lists.ts countPapersUpTo) counts the matches
 * after the first bound + 1 in a sample of one paper id in ESTIMATE_SAMPLING, and scales it up.
 * Which ids: those whose Fibonacci hash (the id times 2^32 / the golden ratio, modulo 2^32)
 * falls in the first sixteenth, not every 16th id: a generated corpus turned out to hold 11%
 * more matches at ids divisible by 16 than at the others, and real data may have its periods
 * too; the hash spreads the sample evenly over the ids (the three-distance theorem) without
 * following any period. The error is then a random sample's, a standard error of about
 * sqrt(15 × the matches estimated): at worst (twice the bound) 6% of the count, so within 12%
 * 19 times in 20, less the more there are. What
 * it saves is reading the papers for the filters (15 in 16); the index's list of the matches
 * is read whole. Same expression, same ids, on PostgreSQL.
 */
export const ESTIMATE_SAMPLING = 16;

/** True for the ids of the estimate's sample (ESTIMATE_SAMPLING); integer arithmetic alike on both engines, for ids below 2^33. */
export function sampledIdSql(id: string): string {
  return `(${id} * 2654435761) % 4294967296 < ${2 ** 32 / ESTIMATE_SAMPLING}`;
}

/**
 * `FROM ...` of the papers matching an FTS5 expression (one parameter, first) and conditions
 * on papers p: the index read in id order, each match joined to its paper only when there are
 * conditions (CROSS JOIN keeps the index outermost, where the MATCH and a sample of its ids
 * can narrow the matches before any paper is read). The matches' ids are `f.rowid`.
 */
export function paperMatchesFrom(conditions: readonly string[]): string {
  const join = conditions.length > 0 ? ' CROSS JOIN papers p ON p.id = f.rowid' : '';
  return `FROM papers_fts f${join} WHERE papers_fts MATCH ?${andAll(conditions)}`;
}

/**
 * A filtered search first ranks its matches inside papers_fts, keeps the best this many, and
 * reads the papers of those only for the filters (searchPapers in ./lists.ts): when a page
 * passes among them it is the page, the order [rank, id] being total; otherwise every match is
 * joined to its paper, as before. On a million papers, the bench's 24 filtered searches: p50
 * 36 ms where joining every match took 48 ms, the slowest 99 ms where it took 135 ms
 * (BENCHMARKS.md, "Issue 21: search at scale"); ranking still reads every match (bm25 needs
 * each one's score), so that is what a search costs now, and a search whose filters leave
 * fewer than a page among the candidates pays both ways (10 ms more on one with no match). 4,096 finds a
 * page for filters down to about 1% of the matches at a cost (the papers of the candidates
 * read) of a few milliseconds.
 */
export const RANKED_CANDIDATES = 4096;

export interface Marks {
  open: string;
  close: string;
}

export const DEFAULT_MARKS: Marks = { open: '<mark>', close: '</mark>' };

export interface SnippetOptions {
  /** Put where the abstract is cut. */
  ellipsis?: string;
  /** Tokens in the excerpt; FTS5 allows 1 to 64. */
  tokens?: number;
}

// Marks are configuration, not user input, but they still go through a proper SQL literal.
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The whole title with the matched words wrapped in the marks, for a SELECT that matches
 * papers_fts itself. The text between the marks is the paper's raw text, not HTML: a client
 * that renders it as HTML must escape it first (or use marks that cannot occur in text, such
 * as \u0002 and \u0003, and split on them).
 */
export function titleHighlightSql(marks: Marks = DEFAULT_MARKS): string {
  return `highlight(papers_fts, 0, ${literal(marks.open)}, ${literal(marks.close)})`;
}

/** The best-matching stretch of the abstract, matched words wrapped in the marks; same caveat. */
export function abstractSnippetSql(marks: Marks = DEFAULT_MARKS, { ellipsis = '…', tokens = 32 }: SnippetOptions = {}): string {
  const n = Math.min(64, Math.max(1, Math.trunc(tokens) || 1));
  return `snippet(papers_fts, 1, ${literal(marks.open)}, ${literal(marks.close)}, ${literal(ellipsis)}, ${n})`;
}

/**
 * Columns `id`, `title` and `abstract` (highlighted) of the given matches. Parameters: the MATCH
 * expression, the smallest and largest id, the ids as a JSON array. One pass over the matches
 * between those ids: `+rowid` keeps SQLite from handing FTS5 the id list, which would rerun
 * the MATCH once per id.
 */
export function paperExcerptsSql(marks: Marks = DEFAULT_MARKS, options: SnippetOptions = {}): string {
  return `SELECT rowid AS id, ${titleHighlightSql(marks)} AS title, ${abstractSnippetSql(marks, options)} AS abstract
    FROM papers_fts WHERE ${PAPER_SEARCH_WHERE} AND rowid BETWEEN ? AND ?
      AND +rowid IN (SELECT value FROM json_each(?))`;
}

export interface PaperSearchHit {
  id: number;
  rank: number;
}

/** [rank, id] of the last hit seen. */
export type PaperSearchKey = [rank: number, id: number];

export interface PaperExcerpt {
  id: number;
  title: string;
  abstract: string;
}

/** Ids of the papers matching every word of `text`, best first. [] when the text has no words. */
export function searchPaperIds(
  sqlite: Database.Database,
  text: string,
  limit: number,
  after: PaperSearchKey | null = null,
): PaperSearchHit[] {
  const query = toFtsQuery(text);
  if (query === null) return [];
  return prepared(sqlite, paperSearchTopSql(after !== null)).all(query, ...(after ?? []), limit) as PaperSearchHit[];
}

/** Highlighted title and abstract excerpt of each of `ids` that matches `text`, in the order of `ids`. */
export function paperExcerpts(
  sqlite: Database.Database,
  text: string,
  ids: readonly number[],
  marks: Marks = DEFAULT_MARKS,
  options: SnippetOptions = {},
): PaperExcerpt[] {
  const query = toFtsQuery(text);
  if (query === null || ids.length === 0) return [];
  const rows = prepared(sqlite, paperExcerptsSql(marks, options))
    .all(query, Math.min(...ids), Math.max(...ids), JSON.stringify(ids)) as PaperExcerpt[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
