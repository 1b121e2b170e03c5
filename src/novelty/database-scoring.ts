// The arithmetic of scoring one paper against the corpus as a database holds it, for both
// engines' DatabaseCorpus (src/store/*/novelty/database-corpus): the engines look up the IDFs,
// the candidates and their texts, these rules do the sums, in the order of ./memory-index so
// that both runs give the same numbers to the bit.
import { byCandidateScore, byWeight, idf, QUERY_TERMS, similarity, type Neighbor } from './measure';

/** By IDF year: each term's IDF as looked up so far, and each candidate paper's norm under those IDFs. */
export class IdfTables {
  private readonly years = new Map<number, { idfs: Map<string, number>; norms: Map<number, number> }>();

  private yearOf(year: number) {
    let y = this.years.get(year);
    if (!y) this.years.set(year, (y = { idfs: new Map(), norms: new Map() }));
    return y;
  }

  /** The IDFs known for a paper of `year` (the same map as terms are learnt). */
  idfs(year: number): Map<string, number> {
    return this.yearOf(year).idfs;
  }

  /** The terms of `termLists` whose IDF for `year` is not known yet, each once. */
  missing(year: number, termLists: Iterable<Iterable<string>>): string[] {
    const { idfs } = this.yearOf(year);
    const missing = new Set<string>();
    for (const terms of termLists) for (const term of terms) if (!idfs.has(term)) missing.add(term);
    return [...missing];
  }

  /** Records the IDFs of terms from their document frequencies among the `earlierPapers` before `year`. */
  learn(year: number, earlierPapers: number, documentFrequencies: ReadonlyMap<string, number>): void {
    const { idfs } = this.yearOf(year);
    for (const [term, df] of documentFrequencies) idfs.set(term, idf(earlierPapers, df));
  }

  /** A candidate's TF-IDF norm for `year`, computed once (every term's IDF must be known). */
  normOf(year: number, paperId: number, vector: ReadonlyMap<string, number>): number {
    const { idfs, norms } = this.yearOf(year);
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
}

/** The paper's TF-IDF vector: each term's weight, the vector's norm, and the terms in query order (byWeight). */
export interface QueryVector {
  weights: Map<string, number>;
  norm: number;
  order: { term: string; weight: number }[];
}

export function queryVector(counts: ReadonlyMap<string, number>, idfs: ReadonlyMap<string, number>): QueryVector {
  const weights = new Map<string, number>();
  let sum = 0;
  for (const [term, tf] of counts) {
    const x = tf * idfs.get(term)!;
    weights.set(term, x);
    sum += x * x;
  }
  const order = [...weights].map(([term, weight]) => ({ term, weight })).sort(byWeight);
  return { weights, norm: Math.sqrt(sum), order };
}

/** The candidates' scores (byCandidateScore) over the query terms, taken in query order. */
export class CandidateScores {
  private readonly scores = new Map<number, number>();
  private used = 0;

  /**
   * Adds the earlier papers with a query term of `weight` in the paper and IDF `idf`. A term no
   * earlier paper has does not count as one of the QUERY_TERMS; returns true once they are all in.
   */
  add(ids: readonly number[], weight: number, idf: number): boolean {
    if (ids.length === 0) return false;
    const w = weight * idf;
    for (const id of ids) this.scores.set(id, (this.scores.get(id) ?? 0) + w);
    return ++this.used === QUERY_TERMS;
  }

  /**
   * The `count` best candidates by byCandidateScore. Scores are sums of a few query terms' weights,
   * so few distinct: the candidates are grouped by score and only the last group needed is sorted.
   */
  best(count: number): number[] {
    const groups = new Map<number, number[]>();
    for (const [id, score] of this.scores) {
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
}

/** The exact cosine of each candidate (`vectors[i]`: candidates[i]'s term counts; every IDF of `year` known). */
export function candidateSimilarities(
  query: QueryVector,
  candidates: readonly number[],
  vectors: readonly ReadonlyMap<string, number>[],
  tables: IdfTables,
  year: number,
): Neighbor[] {
  const idfs = tables.idfs(year);
  return candidates.map((paperId, i) => {
    let dot = 0;
    for (const [term, tf] of vectors[i]) {
      const w = query.weights.get(term);
      // Terms the paper lacks add 0 to the bulk run's sum: skipped, the sum is the same.
      if (w !== undefined) dot += tf * idfs.get(term)! * w;
    }
    return { paperId, similarity: similarity(dot, query.norm, tables.normOf(year, paperId, vectors[i])) };
  });
}
