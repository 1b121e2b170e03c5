// What both stores' novelty runs (src/store/*/novelty: bulk, incremental, pending) do alike
// around the measure: which papers they score, how a stop ends them, what they count.
import { idfYear, type NoveltyResult } from './measure';
import { type MemoryCorpus } from './memory-corpus';
import { byPublication, inScope, isSupplied, type NoveltyScope, type NoveltyState } from './scope';

/** Seconds since the call, for a run's summary. */
export function stopwatch(): () => number {
  const started = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - started) / 1e9;
}

// Thrown from the callbacks of a run told to stop, and caught by the run itself.
const STOP = Symbol('stop');

/** A check for a run's callbacks: once `shouldStop` says so, it throws, ending the run there (see isStop). */
export function stopCheck(shouldStop?: () => boolean): () => void {
  return () => {
    if (shouldStop?.()) throw STOP;
  };
}

/** Whether a run ended by a stopCheck (anything else is to be thrown again). */
export function isStop(error: unknown): boolean {
  return error === STOP;
}

/** A paper as the bulk run reads it into its corpus. */
export interface CorpusPaper extends NoveltyState {
  date: string;
  title: string;
  abstract: string;
}

/** Adds papers, read in publication order, to `corpus`: those `scope` scores as targets. */
export function corpusReader(corpus: MemoryCorpus, scope: NoveltyScope): (paper: CorpusPaper) => void {
  const ids = typeof scope === 'string' ? null : new Set(scope);
  return (paper) => corpus.add(paper.id, paper.date, paper.title, paper.abstract, inScope(scope, ids, paper));
}

/** These papers less those whose novelty is supplied, in the order an incremental run scores them. */
export function papersToScore<P extends NoveltyState & { date: string }>(papers: readonly P[]): P[] {
  return papers.filter((paper) => !isSupplied(paper)).sort(byPublication);
}

/** The latest IDF year of these papers: the counts an incremental run needs up to date are those before it. */
export function latestIdfYear(papers: readonly { date: string }[]): number {
  return Math.max(...papers.map((paper) => idfYear(paper.date)));
}

/** What a run wrote: the papers scored, and how many of them have no score (no earlier paper, or no words). */
export class RunTally {
  computed = 0;
  withoutScore = 0;

  /** Counts a batch: its results, and those of its papers the store wrote. */
  add(results: readonly NoveltyResult[], written: ReadonlySet<number>): void {
    this.computed += written.size;
    this.withoutScore += results.filter((r) => r.novelty === null && written.has(r.paperId)).length;
  }
}
