// The bulk engine: the papers of a MemoryCorpus in publication order, each scored against an
// inverted index of the papers published before it, then added to it. Per term the
// index keeps the CANDIDATES_PER_TERM earlier papers with the highest ids (a min-heap by id), so
// memory and the work per paper are bounded whatever the corpus size. See ./measure for the rules.
//
// A run can be shared out among threads (./parallel-scoring): every thread builds the whole index
// (counting terms and keeping the heaps is ~5% of the work) and scores every `parts`-th target, so
// the threads need nothing from each other and each result is the one a single thread gives.
import {
  CANDIDATES_PER_TERM,
  EXACT_CANDIDATES,
  NEAREST,
  QUERY_TERMS,
  idf,
  idfYear,
  noveltyResult,
  similarity,
  type Neighbor,
  type NoveltyResult,
} from './measure';
import { sharedInt32Array } from './growable';
import { type MemoryCorpus } from './memory-corpus';

/** The candidate search; other values than the method's (SEARCH) are for measuring its effect only. */
export interface SearchParameters {
  queryTerms: number;
  candidatesPerTerm: number;
  exactCandidates: number;
}

export const SEARCH: SearchParameters = { queryTerms: QUERY_TERMS, candidatesPerTerm: CANDIDATES_PER_TERM, exactCandidates: EXACT_CANDIDATES };

/**
 * A corpus as the scoring reads it: flat typed arrays only, so that threads share them (the
 * MemoryCorpus's are on SharedArrayBuffers) rather than copy them.
 */
export interface ScoringInput {
  paperIds: Int32Array;
  /** Paper i's terms are docTerms[starts[i]..starts[i+1]), their counts in docTfs. */
  starts: Int32Array;
  docTerms: Int32Array;
  docTfs: Uint16Array;
  /** 1 for a paper whose novelty is to be computed. */
  targets: Uint8Array;
  /** Per paper, the ordinal of its publication date among the corpus's dates (papers of one day share it). */
  days: Int32Array;
  /** Per paper, the year of its IDF (idfYear of its date). */
  years: Int32Array;
  /** Per term, its place in the order of the terms themselves: ties of weight between query terms are broken by it. */
  termRanks: Int32Array;
}

/** Which targets a thread scores: the k-th target (0-based) when k % parts === part. */
export interface Share {
  part: number;
  parts: number;
}

/**
 * One scored paper, as the scoring hands it on: the paper's place in the corpus, the number of
 * papers before its date, whether it has words, and its nearest earlier papers (ids and
 * similarities in `ids[0..count)`, `sims[0..count)`, overwritten by the next call).
 */
export type Emit = (doc: number, earlier: number, hasTerms: boolean, count: number, ids: Int32Array, sims: Float64Array) => void;

/** The ScoringInput of a finished corpus (its arrays, not copies). */
export function scoringInput(corpus: MemoryCorpus): ScoringInput {
  const { dates, terms } = corpus;
  const D = corpus.size;
  const days = sharedInt32Array(D);
  const years = sharedInt32Array(D);
  for (let doc = 0, day = -1; doc < D; doc++) {
    if (doc === 0 || dates[doc] !== dates[doc - 1]) day++;
    days[doc] = day;
    years[doc] = idfYear(dates[doc]);
  }
  // The order of the comparison the query terms' ties always used (`<` on the strings).
  const byTerm = Array.from(terms.keys()).sort((a, b) => (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0));
  const termRanks = sharedInt32Array(terms.length);
  byTerm.forEach((term, rank) => (termRanks[term] = rank));
  return {
    paperIds: corpus.paperIds.view(),
    starts: corpus.starts.view(),
    docTerms: corpus.docTerms.view(),
    docTfs: corpus.docTfs.view(),
    targets: corpus.targets.view(),
    days,
    years,
    termRanks,
  };
}

/**
 * Scores `share` of the targets of `input` in publication order, calling `emit` with each and
 * `onProgress` with the number of papers gone through (targets or not) after each day.
 */
export function scoreShare(input: ScoringInput, share: Share, emit: Emit, onProgress?: (done: number) => void, search: SearchParameters = SEARCH): void {
  const { paperIds, starts, docTerms, docTfs, targets, days, years, termRanks } = input;
  const V = termRanks.length;
  const D = paperIds.length;
  // Locals, not the imported bindings: a module's exports are getters once compiled to CommonJS,
  // and a getter a candidate costs 12% of the run.
  const { candidatesPerTerm: L, queryTerms: K, exactCandidates: C } = search;
  const similarityOf = similarity;
  const idfOf = idf;
  const { part, parts } = share;

  const df = new Int32Array(V);
  const idfs = new Float64Array(V);
  const lists: (Int32Array | undefined)[] = new Array(V);
  const sizes = new Int32Array(V);
  const norms = new Float64Array(D);
  const normStamps = new Int32Array(D);
  let stamp = 0;
  const acc = new Float64Array(D);
  const touched = new Int32Array(K * L);
  const weights = new Float64Array(V);
  const scratch = new Float64Array(K * L);
  const chosen = new Int32Array(C);
  const N = NEAREST;
  const bestSims = new Float64Array(N);
  const bestIds = new Int32Array(N);
  const order: number[] = [];
  const byWeightThenTerm = (a: number, b: number): number => weights[b] - weights[a] || termRanks[a] - termRanks[b];

  const heapLess = (a: number, b: number): boolean => paperIds[a] < paperIds[b];
  const siftDown = (heap: Int32Array, n: number, i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && heapLess(heap[r], heap[l]) ? r : l;
      if (!heapLess(heap[m], heap[i])) return;
      const x = heap[i];
      heap[i] = heap[m];
      heap[m] = x;
      i = m;
    }
  };

  /** The earlier papers of term t: all of them up to L, then the L with the highest ids. */
  const index = (t: number, doc: number): void => {
    const n = sizes[t];
    let list = lists[t];
    if (n < L) {
      if (!list || list.length === n) {
        const bigger = new Int32Array(Math.min(L, Math.max(4, n * 2)));
        if (list) bigger.set(list);
        list = lists[t] = bigger;
      }
      list[n] = doc;
      sizes[t] = n + 1;
      if (n + 1 === L) for (let i = (L >> 1) - 1; i >= 0; i--) siftDown(list, L, i);
    } else if (paperIds[doc] > paperIds[list![0]]) {
      list![0] = doc;
      siftDown(list!, L, 0);
    }
  };

  const normOf = (doc: number): number => {
    if (normStamps[doc] !== stamp) {
      let sum = 0;
      for (let k = starts[doc]; k < starts[doc + 1]; k++) {
        const x = docTfs[k] * idfs[docTerms[k]];
        sum += x * x;
      }
      norms[doc] = Math.sqrt(sum);
      normStamps[doc] = stamp;
    }
    return norms[doc];
  };

  const score = (doc: number, earlier: number): void => {
    const s = starts[doc];
    const e = starts[doc + 1];
    if (e === s || earlier === 0) return emit(doc, earlier, e > s, 0, bestIds, bestSims);
    let sum = 0;
    order.length = 0;
    for (let k = s; k < e; k++) {
      const x = docTfs[k] * idfs[docTerms[k]];
      weights[docTerms[k]] = x;
      sum += x * x;
      order.push(docTerms[k]);
    }
    const norm = Math.sqrt(sum);
    order.sort(byWeightThenTerm);

    let nTouched = 0;
    let used = 0;
    for (const t of order) {
      const n = sizes[t];
      if (n === 0) continue;
      const list = lists[t]!;
      // A term's expected share of the cosine: its weight in the paper times its IDF.
      const w = weights[t] * idfs[t];
      for (let j = 0; j < n; j++) {
        const d = list[j];
        if (acc[d] === 0) touched[nTouched++] = d;
        acc[d] += w;
      }
      if (++used === K) break;
    }

    // The C best candidates: those above the C-th best score, then the ties at it with the highest ids.
    let nChosen = 0;
    if (nTouched <= C) {
      chosen.set(touched.subarray(0, nTouched));
      nChosen = nTouched;
    } else {
      for (let j = 0; j < nTouched; j++) scratch[j] = acc[touched[j]];
      const threshold = kthLargest(scratch, nTouched, C);
      let nTies = 0;
      for (let j = 0; j < nTouched; j++) {
        const d = touched[j];
        if (acc[d] > threshold) chosen[nChosen++] = d;
        else if (acc[d] === threshold) scratch[nTies++] = paperIds[d];
      }
      const lowestTie = kthLargest(scratch, nTies, C - nChosen);
      for (let j = 0; j < nTouched; j++) {
        const d = touched[j];
        if (acc[d] === threshold && paperIds[d] >= lowestTie) chosen[nChosen++] = d;
      }
    }

    // The NEAREST most similar, kept in order (more similar, then the smaller id) as they come.
    let nBest = 0;
    const consider = (d: number, dot: number): void => {
      const sim = similarityOf(dot, norm, normOf(d));
      const id = paperIds[d];
      if (sim <= 0) return;
      let at = nBest;
      while (at > 0 && (sim > bestSims[at - 1] || (sim === bestSims[at - 1] && id < bestIds[at - 1]))) at--;
      if (at >= N) return;
      for (let m = Math.min(nBest, N - 1); m > at; m--) {
        bestSims[m] = bestSims[m - 1];
        bestIds[m] = bestIds[m - 1];
      }
      bestSims[at] = sim;
      bestIds[at] = id;
      if (nBest < N) nBest++;
    };
    // The candidates' vectors are scattered over the corpus: at a million papers each is a few
    // cache misses, and the dot products are bound by them. Four at once in one loop let the
    // processor wait for their memory together (a third faster at 1M); each sum is still taken
    // term by term in the candidate's order, so every similarity is the same to the bit.
    let j = 0;
    for (; j + 3 < nChosen; j += 4) {
      const d1 = chosen[j];
      const d2 = chosen[j + 1];
      const d3 = chosen[j + 2];
      const d4 = chosen[j + 3];
      let k1 = starts[d1];
      const e1 = starts[d1 + 1];
      let k2 = starts[d2];
      const e2 = starts[d2 + 1];
      let k3 = starts[d3];
      const e3 = starts[d3 + 1];
      let k4 = starts[d4];
      const e4 = starts[d4 + 1];
      let dot1 = 0;
      let dot2 = 0;
      let dot3 = 0;
      let dot4 = 0;
      while (k1 < e1 && k2 < e2 && k3 < e3 && k4 < e4) {
        dot1 += docTfs[k1] * idfs[docTerms[k1]] * weights[docTerms[k1]];
        dot2 += docTfs[k2] * idfs[docTerms[k2]] * weights[docTerms[k2]];
        dot3 += docTfs[k3] * idfs[docTerms[k3]] * weights[docTerms[k3]];
        dot4 += docTfs[k4] * idfs[docTerms[k4]] * weights[docTerms[k4]];
        k1++;
        k2++;
        k3++;
        k4++;
      }
      for (; k1 < e1; k1++) dot1 += docTfs[k1] * idfs[docTerms[k1]] * weights[docTerms[k1]];
      for (; k2 < e2; k2++) dot2 += docTfs[k2] * idfs[docTerms[k2]] * weights[docTerms[k2]];
      for (; k3 < e3; k3++) dot3 += docTfs[k3] * idfs[docTerms[k3]] * weights[docTerms[k3]];
      for (; k4 < e4; k4++) dot4 += docTfs[k4] * idfs[docTerms[k4]] * weights[docTerms[k4]];
      consider(d1, dot1);
      consider(d2, dot2);
      consider(d3, dot3);
      consider(d4, dot4);
    }
    for (; j < nChosen; j++) {
      const d = chosen[j];
      let dot = 0;
      for (let k = starts[d]; k < starts[d + 1]; k++) dot += docTfs[k] * idfs[docTerms[k]] * weights[docTerms[k]];
      consider(d, dot);
    }
    for (let j = 0; j < nTouched; j++) acc[touched[j]] = 0;
    for (let k = s; k < e; k++) weights[docTerms[k]] = 0;
    emit(doc, earlier, true, nBest, bestIds, bestSims);
  };

  let year = NaN;
  let target = 0;
  for (let g = 0; g < D; ) {
    const day = days[g];
    let end = g + 1;
    while (end < D && days[end] === day) end++;
    if (years[g] !== year) {
      // The IDF of a year counts the papers of the years before it: frozen for the whole year.
      year = years[g];
      stamp++;
      for (let t = 0; t < V; t++) idfs[t] = idfOf(g, df[t]);
    }
    // Papers of one day are not earlier than each other: all are scored before any is indexed.
    for (let doc = g; doc < end; doc++) {
      if (targets[doc] && target++ % parts === part) score(doc, g);
    }
    for (let doc = g; doc < end; doc++) {
      for (let k = starts[doc]; k < starts[doc + 1]; k++) {
        df[docTerms[k]]++;
        index(docTerms[k], doc);
      }
    }
    g = end;
    onProgress?.(g);
  }
}

/** What a scored paper comes to, from what scoreShare emits for it (`paperIds` and `dates`: the corpus's). */
export function resultOf(
  paperIds: Int32Array,
  dates: readonly string[],
  doc: number,
  earlier: number,
  hasTerms: boolean,
  count: number,
  ids: ArrayLike<number>,
  sims: ArrayLike<number>,
): NoveltyResult {
  const similarities: Neighbor[] = [];
  for (let j = 0; j < count; j++) similarities.push({ paperId: ids[j], similarity: sims[j] });
  return noveltyResult(paperIds[doc], dates[doc], earlier, hasTerms, similarities);
}

/**
 * Scores the target papers of a finished corpus in publication order on this thread, calling
 * `onResult` with each and `onProgress` with the number of papers gone through (targets or not).
 * See ./parallel-scoring for the same on several threads.
 */
export function scoreCorpus(
  corpus: MemoryCorpus,
  onResult: (result: NoveltyResult) => void,
  onProgress?: (done: number) => void,
  search: SearchParameters = SEARCH,
): void {
  const paperIds = corpus.paperIds.view();
  const { dates } = corpus;
  scoreShare(
    scoringInput(corpus),
    { part: 0, parts: 1 },
    (doc, earlier, hasTerms, count, ids, sims) => onResult(resultOf(paperIds, dates, doc, earlier, hasTerms, count, ids, sims)),
    onProgress,
    search,
  );
}

/** The k-th largest of a[0..n) (1-based k), by quickselect; reorders a. */
function kthLargest(a: Float64Array, n: number, k: number): number {
  const target = k - 1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const x = a[i];
        a[i] = a[j];
        a[j] = x;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}
