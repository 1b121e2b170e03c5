// The corpus as the database holds it, for the incremental run (./incremental): the rules of
// src/novelty/measure with the document frequencies from novelty_term_df and, per query term,
// the earlier papers with the highest ids that contain it, which is what the bulk index keeps.
// Every sum is taken in the same order as in src/novelty/memory-index, so that both give the same
// numbers to the bit (as ../../sqlite/novelty/database-corpus.ts does).
//
// The papers containing a term are not read from search_vector alone: PostgreSQL's parser keeps
// a URL, a host name, an e-mail address, a file path or a number with a dot as one token
// ("github.com/org/repo"), where the novelty tokenizer (and FTS5) cut at every character that is
// not a letter or a digit, so the index would miss "github" or "com" in them and the candidates
// would differ from the bulk run's. The query takes a superset newest first, and the tokenizer
// itself decides: from papers_novelty_words_idx when a migration has created it (NOVELTY_WORDS_INDEX,
// the words without the punctuation), else reading every earlier paper (a scan a query term).
import type { Queryable } from '../db';
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
import { termCounts } from '../../../novelty/tokenize';
import { type PaperText } from './results';
import { documentFrequencies, papersBeforeYear } from './term-df';

// Term vectors of candidate papers kept between the papers of one call.
const MAX_CACHED_VECTORS = 50_000;
// Rows read per statement beyond the candidates needed: the superset's papers the tokenizer drops.
const SLACK = 64;

// The papers' words as the novelty tokenizer cuts them, for an index (NOVELTY_WORDS_INDEX): the
// text with every ASCII punctuation character a space, so that PostgreSQL's parser finds no URL,
// host, e-mail, path, tag or number with a dot, only words; final sigma folded (JavaScript
// lowercases a word-final Σ to ς, PostgreSQL to σ). The query must spell it exactly as the index.
const ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const NOVELTY_WORDS = `to_tsvector('public.simple_unaccent'::regconfig, translate(title || ' ' || abstract, ${literal(ASCII_PUNCTUATION + 'ς')}, ${literal(' '.repeat(ASCII_PUNCTUATION.length) + 'σ')}))`;

/** The index that lets a write find the earlier papers with a term without reading them all (migration 0005 creates it, spelled as here). */
export const NOVELTY_WORDS_INDEX = `CREATE INDEX IF NOT EXISTS papers_novelty_words_idx ON papers USING gin ((${NOVELTY_WORDS}))`;

/** The earlier papers with a term, by that index (exported for the schema test's EXPLAIN). */
export const EARLIER_WITH_TERM_INDEXED = `SELECT p.id, p.title, p.abstract FROM papers p
  WHERE ${NOVELTY_WORDS.replace(/title|abstract/g, (column) => `p.${column}`)} @@ plainto_tsquery('public.simple_unaccent', translate($1, 'ς', 'σ'))
    AND p.published_at < $2 AND p.id < $3
  ORDER BY p.id DESC LIMIT $4`;

// Without that index, every earlier paper is read: those search_vector finds, and those whose
// unaccented lowercased text has the term as a word (between two characters that are not
// letters or digits), every character of the term that is not one escaped (unaccent spells a
// few letters with others).
const FOLDED_TEXT = `translate(lower(public.unaccent(p.title || ' ' || p.abstract) COLLATE "default"), 'ς', 'σ')`;
const FOLDED_TERM = `regexp_replace(translate(lower(public.unaccent($1)), 'ς', 'σ'), '([^[:alnum:]])', '\\\\\\1', 'g')`;
const EARLIER_WITH_TERM_READ_ALL = `SELECT p.id, p.title, p.abstract FROM papers p
  WHERE p.published_at < $2 AND p.id < $3
    AND (p.search_vector @@ plainto_tsquery('public.simple_unaccent', $1)
      OR ${FOLDED_TEXT} ~ ('(^|[^[:alnum:]])' || ${FOLDED_TERM} || '($|[^[:alnum:]])'))
  ORDER BY p.id DESC LIMIT $4`;

/** The corpus as the database holds it, with what one call has already looked up. */
export class DatabaseCorpus {
  /** By IDF year: each term's IDF, each candidate paper's norm under those IDFs, and the papers before the year. */
  private readonly years = new Map<number, { idfs: Map<string, number>; norms: Map<number, number>; papersBefore?: number }>();
  private readonly vectors = new Map<number, Map<string, number>>();
  private readonly before = new Map<string, number>();

  private indexed: Promise<boolean> | null = null;

  constructor(private readonly tx: Queryable) {}

  private async earlierWithTerm(): Promise<string> {
    this.indexed ??= this.tx
      .query<{ indexed: boolean }>("SELECT to_regclass('papers_novelty_words_idx') IS NOT NULL AS indexed")
      .then(({ rows }) => rows[0].indexed);
    return (await this.indexed) ? EARLIER_WITH_TERM_INDEXED : EARLIER_WITH_TERM_READ_ALL;
  }

  private yearOf(year: number) {
    let y = this.years.get(year);
    if (!y) this.years.set(year, (y = { idfs: new Map(), norms: new Map() }));
    return y;
  }

  /** The IDFs for a paper of `year`, with those of `termLists` looked up if not yet known. */
  private async idfs(year: number, termLists: Iterable<Iterable<string>>): Promise<Map<string, number>> {
    const { idfs } = this.yearOf(year);
    const missing = new Set<string>();
    for (const terms of termLists) for (const term of terms) if (!idfs.has(term)) missing.add(term);
    if (missing.size > 0) {
      const n = await this.papersBeforeYear(year);
      for (const [term, df] of await documentFrequencies(this.tx, [...missing], year)) idfs.set(term, idf(n, df));
    }
    return idfs;
  }

  private async papersBeforeYear(year: number): Promise<number> {
    const y = this.yearOf(year);
    y.papersBefore ??= await papersBeforeYear(this.tx, year);
    return y.papersBefore;
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

  async papersBefore(date: string): Promise<number> {
    let n = this.before.get(date);
    if (n === undefined) {
      const { rows } = await this.tx.query<{ n: number }>('SELECT count(*) AS n FROM papers WHERE published_at >= $1 AND published_at < $2', [
        `${date.slice(0, 4)}-01-01`,
        date,
      ]);
      this.before.set(date, (n = (await this.papersBeforeYear(idfYear(date))) + rows[0].n));
    }
    return n;
  }

  private keep(id: number, vector: Map<string, number>): void {
    if (this.vectors.size >= MAX_CACHED_VECTORS) this.vectors.clear();
    this.vectors.set(id, vector);
  }

  /** The CANDIDATES_PER_TERM papers with the highest ids among those published before `date` that contain `term`. */
  async earlierWith(term: string, date: string): Promise<number[]> {
    const ids: number[] = [];
    const query = await this.earlierWithTerm();
    let below = 2 ** 31 - 1;
    for (;;) {
      const limit = CANDIDATES_PER_TERM - ids.length + SLACK;
      const { rows } = await this.tx.query<{ id: number; title: string; abstract: string }>(query, [term, date, below, limit]);
      for (const row of rows) {
        const vector = this.vectors.get(row.id) ?? termCounts(row.title, row.abstract);
        this.keep(row.id, vector);
        if (vector.has(term) && ids.length < CANDIDATES_PER_TERM) ids.push(row.id);
      }
      if (ids.length === CANDIDATES_PER_TERM || rows.length < limit) return ids;
      below = rows[rows.length - 1].id;
    }
  }

  async vectorsOf(ids: readonly number[]): Promise<Map<string, number>[]> {
    let missing = ids.filter((id) => !this.vectors.has(id));
    if (missing.length > 0) {
      if (this.vectors.size + missing.length > MAX_CACHED_VECTORS) {
        this.vectors.clear();
        missing = [...ids];
      }
      const { rows } = await this.tx.query<{ id: number; title: string; abstract: string }>(
        'SELECT id, title, abstract FROM papers WHERE id = ANY($1::int4[])',
        [missing],
      );
      for (const row of rows) this.vectors.set(row.id, termCounts(row.title, row.abstract));
    }
    return ids.map((id) => this.vectors.get(id)!);
  }

  async score(paper: PaperText): Promise<NoveltyResult> {
    const counts = termCounts(paper.title, paper.abstract);
    const earlier = await this.papersBefore(paper.date);
    if (counts.size === 0 || earlier === 0) return noveltyResult(paper.id, paper.date, earlier, counts.size > 0, []);
    const year = idfYear(paper.date);
    const idfs = await this.idfs(year, [counts.keys()]);
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
      const ids = await this.earlierWith(term, paper.date);
      if (ids.length === 0) continue;
      const w = weight * idfs.get(term)!;
      for (const id of ids) shared.set(id, (shared.get(id) ?? 0) + w);
      if (++used === QUERY_TERMS) break;
    }
    const candidates = best(shared, EXACT_CANDIDATES);

    const vectors = await this.vectorsOf(candidates);
    await this.idfs(year, vectors.map((v) => v.keys()));
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
