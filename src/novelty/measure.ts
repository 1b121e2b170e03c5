// The novelty measure, "tfidf-backward-cosine" version 1: one minus the highest cosine
// similarity between the paper's TF-IDF vector and those of the papers published before it,
// with a backward IDF (Kelly et al. 2021): document frequencies counted over the papers
// published before the paper's year only. Its parts are shared by the bulk run (an in-memory
// index, ./memory-index) and the incremental one (the database, ./incremental), which must
// agree: every rule that picks or orders something lives here.

export const METHOD = 'tfidf-backward-cosine';
export const METHOD_VERSION = 1;

/** The paper's highest-weighted terms that occur in earlier papers, whose papers are the candidates. */
export const QUERY_TERMS = 6;
/** Per query term, the earlier papers with the highest ids (the most recently added) that contain it. */
export const CANDIDATES_PER_TERM = 1000;
/**
 * The candidates with the highest sum, over the query terms they contain, of the term's weight in
 * the paper times its IDF (tf x idf^2: what the term adds to a dot product with a paper that has
 * it once), whose exact cosine is computed.
 */
export const EXACT_CANDIDATES = 1000;
/** The nearest earlier papers kept to explain a score. */
export const NEAREST = 5;

export interface Neighbor {
  paperId: number;
  /** Cosine similarity, 0..1, rounded to 6 decimals. */
  similarity: number;
}

export interface NoveltyResult {
  paperId: number;
  /** 1 - the similarity of the nearest earlier paper; null without earlier papers or without words. */
  novelty: number | null;
  /** The paper's publication date: earlier work is what was published before it. */
  corpusDate: string;
  /** Papers published before corpusDate. */
  corpusPapers: number;
  nearest: Neighbor[];
}

/** Smoothed IDF (scikit-learn's): positive, and finite for a term no earlier paper has. */
export function idf(earlierPapers: number, documentFrequency: number): number {
  return 1 + Math.log((1 + earlierPapers) / (1 + documentFrequency));
}

/** The year whose start bounds the papers the IDF of a paper published on `date` counts. */
export function idfYear(date: string): number {
  return Number(date.slice(0, 4));
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Query terms in weight order, ties by the term itself, so that both implementations pick the same. */
export function byWeight(a: { weight: number; term: string }, b: { weight: number; term: string }): number {
  return b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);
}

/** Candidates: higher tf x idf^2 over the shared query terms first, then the higher (more recently added) id. */
export function byCandidateScore(a: { score: number; paperId: number }, b: { score: number; paperId: number }): number {
  return b.score - a.score || b.paperId - a.paperId;
}

/** Neighbours: more similar first, then the smaller id. */
export function byNearness(a: Neighbor, b: Neighbor): number {
  return b.similarity - a.similarity || a.paperId - b.paperId;
}

export function similarity(dot: number, norm: number, otherNorm: number): number {
  return round6(Math.min(1, Math.max(0, dot / (norm * otherNorm))));
}

/**
 * The score from the candidates' similarities: no earlier paper, or no words to compare, is no
 * score (null); earlier papers of which none shares a query term leave the paper fully novel (1).
 */
export function noveltyResult(
  paperId: number,
  corpusDate: string,
  corpusPapers: number,
  hasTerms: boolean,
  similarities: Neighbor[],
): NoveltyResult {
  if (corpusPapers === 0 || !hasTerms) return { paperId, novelty: null, corpusDate, corpusPapers, nearest: [] };
  const nearest = similarities.filter((n) => n.similarity > 0).sort(byNearness).slice(0, NEAREST);
  const novelty = nearest.length === 0 ? 1 : round6(1 - nearest[0].similarity);
  return { paperId, novelty, corpusDate, corpusPapers, nearest };
}
