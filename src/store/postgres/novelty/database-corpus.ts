// The corpus as the database holds it, for the incremental run (./incremental): the rules of
// src/novelty/measure with the document frequencies from novelty_term_df and, per query term,
// the earlier papers with the highest ids that contain it, which is what the bulk index keeps.
// The sums are src/novelty/database-scoring's, as for ../../sqlite/novelty/database-corpus.ts,
// taken in the same order as in src/novelty/memory-index, so that both give the same numbers to the bit.
//
// The papers containing a term are not read from search_vector alone: PostgreSQL's parser keeps
// a URL, a host name, an e-mail address, a file path or a number with a dot as one token
// ("github.com/org/repo"), where the novelty tokenizer (and FTS5) cut at every character that is
// not a letter or a digit, so the index would miss "github" or "com" in them and the candidates
// would differ from the bulk run's. The query takes a superset newest first, and the tokenizer
// itself decides: from papers_novelty_words_idx when a migration has created it (NOVELTY_WORDS_INDEX,
// the words without the punctuation), else reading every earlier paper (a scan a query term).
import type { Queryable } from '../db';
import { CANDIDATES_PER_TERM, EXACT_CANDIDATES, idfYear, noveltyResult, type NoveltyResult } from '../../../novelty/measure';
import { CandidateScores, candidateSimilarities, IdfTables, queryVector } from '../../../novelty/database-scoring';
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
  private readonly tables = new IdfTables();
  /** By IDF year: the papers published before it. */
  private readonly beforeYear = new Map<number, number>();
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

  /** The IDFs for a paper of `year`, with those of `termLists` looked up if not yet known. */
  private async idfs(year: number, termLists: Iterable<Iterable<string>>): Promise<Map<string, number>> {
    const missing = this.tables.missing(year, termLists);
    if (missing.length > 0) {
      const n = await this.papersBeforeYear(year);
      this.tables.learn(year, n, await documentFrequencies(this.tx, missing, year));
    }
    return this.tables.idfs(year);
  }

  private async papersBeforeYear(year: number): Promise<number> {
    let n = this.beforeYear.get(year);
    if (n === undefined) this.beforeYear.set(year, (n = await papersBeforeYear(this.tx, year)));
    return n;
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
    const query = queryVector(counts, idfs);
    const scores = new CandidateScores();
    for (const { term, weight } of query.order) if (scores.add(await this.earlierWith(term, paper.date), weight, idfs.get(term)!)) break;
    const candidates = scores.best(EXACT_CANDIDATES);
    const vectors = await this.vectorsOf(candidates);
    await this.idfs(year, vectors.map((v) => v.keys()));
    const similarities = candidateSimilarities(query, candidates, vectors, this.tables, year);
    return noveltyResult(paper.id, paper.date, earlier, true, similarities);
  }
}

