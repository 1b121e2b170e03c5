// The corpus as the database holds it, for the incremental run (./incremental): the rules of
// src/novelty/measure with the candidates read from the papers_fts index (per query term, the
// earlier papers with the highest ids, which is what the bulk index keeps) and the document
// frequencies from novelty_term_df. The sums are src/novelty/database-scoring's, taken in the
// same order as in src/novelty/memory-index, so that both give the same numbers to the bit.
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../prepared';
import { ftsString } from '../fts-query';
import { CANDIDATES_PER_TERM, EXACT_CANDIDATES, idfYear, noveltyResult, type NoveltyResult } from '../../../novelty/measure';
import { CandidateScores, candidateSimilarities, IdfTables, queryVector } from '../../../novelty/database-scoring';
import { type PaperText } from './results';
import { documentFrequencies, papersBeforeYear } from './term-df';
import { termCounts } from '../../../novelty/tokenize';

// Term vectors of candidate papers kept between the papers of one call.
const MAX_CACHED_VECTORS = 50_000;

// Newest first in the index's own order, each paper's date looked up as it comes: the scan
// stops at the limit (a join would read every paper with the term first).
const EARLIER_WITH_TERM = `SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?
  AND (SELECT published_at FROM papers WHERE id = papers_fts.rowid) < ? ORDER BY rowid DESC LIMIT ?`;
const WITH_TERM = 'SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?';
// Up to this many papers published on or after a paper's date are skipped by id.
const MAX_LATER = 2_000;

/** The corpus as the database holds it, with what one call has already looked up. */
export class DatabaseCorpus {
  private readonly tables = new IdfTables();
  private readonly vectors = new Map<number, Map<string, number>>();
  private readonly later = new Map<string, ReadonlySet<number> | null>();
  private readonly before = new Map<string, number>();

  constructor(private readonly sqlite: Database.Database) {}

  /** The IDFs for a paper of `year`, with those of `termLists` looked up if not yet known. */
  private idfs(year: number, termLists: Iterable<Iterable<string>>): Map<string, number> {
    const missing = this.tables.missing(year, termLists);
    if (missing.length > 0) this.tables.learn(year, papersBeforeYear(this.sqlite, year), documentFrequencies(this.sqlite, missing, year));
    return this.tables.idfs(year);
  }

  papersBefore(date: string): number {
    let n = this.before.get(date);
    if (n === undefined) {
      const sameYear = prepared(this.sqlite, 'SELECT count(*) FROM papers WHERE published_at >= ? AND published_at < ?')
        .pluck()
        .get(`${date.slice(0, 4)}-01-01`, date) as number;
      this.before.set(date, (n = papersBeforeYear(this.sqlite, idfYear(date)) + sameYear));
    }
    return n;
  }

  /** The papers published on or after `date`, when there are few (the usual case: a new paper); else null. */
  private laterThan(date: string): ReadonlySet<number> | null {
    if (!this.later.has(date)) {
      const ids = prepared(this.sqlite, 'SELECT id FROM papers WHERE published_at >= ? LIMIT ?').pluck().all(date, MAX_LATER + 1) as number[];
      this.later.set(date, ids.length > MAX_LATER ? null : new Set(ids));
    }
    return this.later.get(date)!;
  }

  /** The CANDIDATES_PER_TERM papers with the highest ids among those published before `date` that contain `term`. */
  earlierWith(term: string, date: string): number[] {
    const later = this.laterThan(date);
    if (!later) return prepared(this.sqlite, EARLIER_WITH_TERM).pluck().all(ftsString(term), date, CANDIDATES_PER_TERM) as number[];
    // Few later papers: read that many more from the index and drop them, rather than look up
    // every paper's date.
    const ids = prepared(this.sqlite, WITH_TERM).pluck().all(ftsString(term), CANDIDATES_PER_TERM + later.size) as number[];
    return ids.filter((id) => !later.has(id)).slice(0, CANDIDATES_PER_TERM);
  }

  vectorsOf(ids: readonly number[]): Map<string, number>[] {
    let missing = ids.filter((id) => !this.vectors.has(id));
    if (missing.length > 0) {
      if (this.vectors.size + missing.length > MAX_CACHED_VECTORS) {
        this.vectors.clear();
        missing = [...ids];
      }
      const rows = prepared(this.sqlite, 'SELECT id, title, abstract FROM papers WHERE id IN (SELECT value FROM json_each(?))').all(
        keyList(missing),
      ) as { id: number; title: string; abstract: string }[];
      for (const row of rows) this.vectors.set(row.id, termCounts(row.title, row.abstract));
    }
    return ids.map((id) => this.vectors.get(id)!);
  }

  score(paper: PaperText): NoveltyResult {
    const counts = termCounts(paper.title, paper.abstract);
    const earlier = this.papersBefore(paper.date);
    if (counts.size === 0 || earlier === 0) return noveltyResult(paper.id, paper.date, earlier, counts.size > 0, []);
    const year = idfYear(paper.date);
    const idfs = this.idfs(year, [counts.keys()]);
    const query = queryVector(counts, idfs);
    const scores = new CandidateScores();
    for (const { term, weight } of query.order) if (scores.add(this.earlierWith(term, paper.date), weight, idfs.get(term)!)) break;
    const candidates = scores.best(EXACT_CANDIDATES);
    const vectors = this.vectorsOf(candidates);
    this.idfs(year, vectors.map((v) => v.keys()));
    const similarities = candidateSimilarities(query, candidates, vectors, this.tables, year);
    return noveltyResult(paper.id, paper.date, earlier, true, similarities);
  }
}

