// The bulk engine: the papers of a MemoryCorpus in publication order, each scored against an
// inverted index of the papers published before it, then added to it. Per term the
// index keeps the CANDIDATES_PER_TERM earlier papers with the highest ids (a min-heap by id), so
// memory and the work per paper are bounded whatever the corpus size. See ./measure for the rules.
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
import { type MemoryCorpus } from './memory-corpus';

/** The candidate search; other values than the method's (SEARCH) are for measuring its effect only. */
export interface SearchParameters {
  queryTerms: number;
  candidatesPerTerm: number;
  exactCandidates: number;
}

const SEARCH: SearchParameters = { queryTerms: QUERY_TERMS, candidatesPerTerm: CANDIDATES_PER_TERM, exactCandidates: EXACT_CANDIDATES };

/**
 * Scores the target papers of a finished corpus in publication order, calling `onResult` with
 * each and `onProgress` with the number of papers gone through (targets or not).
 */
export function scoreCorpus(
  corpus: MemoryCorpus,
  onResult: (result: NoveltyResult) => void,
  onProgress?: (done: number) => void,
  search: SearchParameters = SEARCH,
): void {
  const V = corpus.terms.length;
  const D = corpus.size;
  const { terms, dates } = corpus;
  const paperIds = corpus.paperIds.view();
  const starts = corpus.starts.view();
  const docTerms = corpus.docTerms.view();
  const docTfs = corpus.docTfs.view();
  const targets = corpus.targets.view();
  // Locals, not the imported bindings: a module's exports are getters once compiled to CommonJS.
  const { candidatesPerTerm: L, queryTerms: K, exactCandidates: C } = search;

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

  const score = (doc: number, earlier: number): NoveltyResult => {
    const s = starts[doc];
    const e = starts[doc + 1];
    if (e === s || earlier === 0) return noveltyResult(paperIds[doc], dates[doc], earlier, e > s, []);
    let sum = 0;
    order.length = 0;
    for (let k = s; k < e; k++) {
      const x = docTfs[k] * idfs[docTerms[k]];
      weights[docTerms[k]] = x;
      sum += x * x;
      order.push(docTerms[k]);
    }
    const norm = Math.sqrt(sum);
    order.sort((a, b) => weights[b] - weights[a] || (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0));

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
    for (let j = 0; j < nChosen; j++) {
      const d = chosen[j];
      let dot = 0;
      for (let k = starts[d]; k < starts[d + 1]; k++) dot += docTfs[k] * idfs[docTerms[k]] * weights[docTerms[k]];
      const sim = similarity(dot, norm, normOf(d));
      const id = paperIds[d];
      if (sim <= 0) continue;
      let at = nBest;
      while (at > 0 && (sim > bestSims[at - 1] || (sim === bestSims[at - 1] && id < bestIds[at - 1]))) at--;
      if (at >= N) continue;
      for (let m = Math.min(nBest, N - 1); m > at; m--) {
        bestSims[m] = bestSims[m - 1];
        bestIds[m] = bestIds[m - 1];
      }
      bestSims[at] = sim;
      bestIds[at] = id;
      if (nBest < N) nBest++;
    }
    const similarities: Neighbor[] = [];
    for (let j = 0; j < nBest; j++) similarities.push({ paperId: bestIds[j], similarity: bestSims[j] });
    for (let j = 0; j < nTouched; j++) acc[touched[j]] = 0;
    for (let k = s; k < e; k++) weights[docTerms[k]] = 0;
    return noveltyResult(paperIds[doc], dates[doc], earlier, true, similarities);
  };

  let year = NaN;
  for (let g = 0; g < D; ) {
    const date = dates[g];
    let end = g + 1;
    while (end < D && dates[end] === date) end++;
    if (idfYear(date) !== year) {
      // The IDF of a year counts the papers of the years before it: frozen for the whole year.
      year = idfYear(date);
      stamp++;
      for (let t = 0; t < V; t++) idfs[t] = idf(g, df[t]);
    }
    // Papers of one day are not earlier than each other: all are scored before any is indexed.
    for (let doc = g; doc < end; doc++) if (targets[doc]) onResult(score(doc, g));
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
