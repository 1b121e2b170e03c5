// The corpus as the database holds it, for the incremental run (./incremental): the rules of
// ./measure with the candidates read from the papers_fts index (per query term, the earlier
// papers with the highest ids, which is what the bulk index keeps) and the document frequencies
// from novelty_term_df. Every sum is taken in the same order as in ./memory-index, so that both
// give the same numbers to the bit.
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../prepared';
import { ftsString } from '../fts-query';
import {
  byCandidateScore,
  byWeight,
  CANDIDATES_PER_TERM,
  EXACT_CANDIDATES,
  idf,
  idfYear,
  noveltyResult,
  QUERY_TERMS,
  similarity,
  type NoveltyResult,
} from '../../../novelty/measure';
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
  /** By IDF year: each term's IDF, and each candidate paper's norm under those IDFs. */
  private readonly years = new Map<number, { idfs: Map<string, number>; norms: Map<number, number> }>();
  private readonly vectors = new Map<number, Map<string, number>>();
  private readonly later = new Map<string, ReadonlySet<number> | null>();
  private readonly before = new Map<string, number>();

  constructor(private readonly sqlite: Database.Database) {}

  private yearOf(year: number) {
    let y = this.years.get(year);
    if (!y) this.years.set(year, (y = { idfs: new Map(), norms: new Map() }));
    return y;
  }

  /** The IDFs for a paper of `year`, with those of `termLists` looked up if not yet known. */
  private idfs(year: number, termLists: Iterable<Iterable<string>>): Map<string, number> {
    const { idfs } = this.yearOf(year);
    const missing = new Set<string>();
    for (const terms of termLists) for (const term of terms) if (!idfs.has(term)) missing.add(term);
    if (missing.size > 0) {
      const n = papersBeforeYear(this.sqlite, year);
      for (const [term, df] of documentFrequencies(this.sqlite, [...missing], year)) idfs.set(term, idf(n, df));
    }
    return idfs;
  }

  private normOf(year: number, paperId: number, vector: Map<string, number>, idfs: Map<string, number>): number {
    const { norms } = this.yearOf(year);
    let norm = norms.get(paperId);
    if (norm === undefined) {
      let sq = 0;
      for (const [term, tf] of vector) {
        const x = tf * idfs.get(term)!;
        sq += x * x;
      }
      norms.set(paperId, (norm = Math.sqrt(sq)));
    }
    return norm;
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
    const weights = new Map<string, number>();
    let sum = 0;
    for (const [term, tf] of counts) {
      const x = tf * idfs.get(term)!;
      weights.set(term, x);
      sum += x * x;
    }
    const norm = Math.sqrt(sum);
    const order = [...weights].map(([term, weight]) => ({ term, weight })).sort(byWeight);

    const shared = new Map<number, number>();
    let used = 0;
    for (const { term, weight } of order) {
      const ids = this.earlierWith(term, paper.date);
      if (ids.length === 0) continue;
      const w = weight * idfs.get(term)!;
      for (const id of ids) shared.set(id, (shared.get(id) ?? 0) + w);
      if (++used === QUERY_TERMS) break;
    }
    const candidates = best(shared, EXACT_CANDIDATES);

    const vectors = this.vectorsOf(candidates);
    this.idfs(year, vectors.map((v) => v.keys()));
    const similarities = candidates.map((paperId, i) => {
      let dot = 0;
      for (const [term, tf] of vectors[i]) {
        const w = weights.get(term);
        // Terms the paper lacks add 0 to the bulk run's sum: skipped, the sum is the same.
        if (w !== undefined) dot += tf * idfs.get(term)! * w;
      }
      return { paperId, similarity: similarity(dot, norm, this.normOf(year, paperId, vectors[i], idfs)) };
    });
    return noveltyResult(paper.id, paper.date, earlier, true, similarities);
  }
}

/**
 * The `count` best candidates by byCandidateScore. Scores are sums of a few query terms' weights,
 * so few distinct: the candidates are grouped by score and only the last group needed is sorted.
 */
function best(scores: ReadonlyMap<number, number>, count: number): number[] {
  const groups = new Map<number, number[]>();
  for (const [id, score] of scores) {
    const group = groups.get(score);
    if (group) group.push(id);
    else groups.set(score, [id]);
  }
  const chosen: number[] = [];
  for (const score of [...groups.keys()].sort((a, b) => b - a)) {
    const ids = groups.get(score)!;
    const room = count - chosen.length;
    if (ids.length <= room) chosen.push(...ids);
    else chosen.push(...ids.sort((a, b) => byCandidateScore({ score, paperId: a }, { score, paperId: b })).slice(0, room));
    if (chosen.length === count) break;
  }
  return chosen;
}
