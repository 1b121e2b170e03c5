// Novelty scoring and the pending work queues (papers to score, authors whose metrics are behind).
// Part of the Store interface (./index.ts); implemented on SQLite by ./sqlite/novelty-store.ts.
// The rules themselves (what is scored, what a run costs) are the domain's: src/novelty.
import { type NoveltyScope } from '../novelty/scope';

export { type NoveltyScope } from '../novelty/scope';

export interface NoveltyProgress {
  stage: 'reading' | 'scoring' | 'metrics';
  /** Papers read or gone through so far (authors, for metrics), of `total`. */
  done: number;
  total: number;
}

export interface ScoreNoveltyOptions {
  onProgress?: (progress: NoveltyProgress) => void;
  /**
   * Asked between write transactions (and while reading): true ends the run there, the papers
   * not yet written left for the next run.
   */
  shouldStop?: () => boolean;
}

export interface NoveltyRunSummary {
  /** Papers whose novelty was computed and written. */
  computed: number;
  /** Of those, the ones left without a score: no earlier paper, or no words. */
  withoutScore: number;
  seconds: number;
  /** The run ended early on shouldStop; what it did not write is left as it was. */
  stopped?: boolean;
}

/** A run over the whole corpus: every paper read, those in scope scored. */
export interface CorpusRunSummary extends NoveltyRunSummary {
  /** Papers in the corpus, all read. */
  corpusPapers: number;
  /** Threads that scored (src/novelty/parallel-scoring): 1 when the run had too few papers to share out, or stopped before scoring. */
  threads: number;
}

/**
 * What a start finds left to do: papers to score, authors whose metrics to recompute. (The
 * readiness check's counts are the Store's pendingWork.)
 */
export interface PendingWorkEstimate {
  papers: number;
  authors: number;
  /** About how long it takes on one core (the authors of the papers, marked as they are scored, not counted). */
  seconds: number;
}

export interface FinishPendingOptions {
  /**
   * Papers written per transaction, for a run beside a serving API: given, the run's other writes
   * are sliced short too. By default the papers are written all at once (a whole-corpus run: in
   * its own large batches).
   */
  papersPerTransaction?: number;
  /** Authors recomputed per transaction (the metrics refresh's own slices by default). */
  authorsPerTransaction?: number;
  /** Asked between transactions: true ends the work there, the rest left listed for the next start. */
  shouldStop?: () => boolean;
}

export interface FinishedWork {
  novelty: NoveltyRunSummary;
  /** Authors whose metrics were recomputed. */
  authors: number;
  stopped: boolean;
}

export interface NoveltyStore {
  /**
   * Computes the novelty of the papers in `scope` (those whose novelty is supplied are kept)
   * against the papers published before each, then refreshes the metrics of their authors: one
   * pass over the whole corpus (npm run novelty). Written in batches, each its own transaction: a
   * run stopped or killed half way keeps what it wrote.
   */
  scoreNovelty(scope: NoveltyScope, options?: ScoreNoveltyOptions): Promise<CorpusRunSummary>;
  /**
   * Lists as pending every paper that has neither a supplied nor a computed novelty (papers
   * written around the write path: the demo data). Returns how many were added to the list.
   */
  markMissingNoveltyPending(): Promise<number>;
  /** The pending papers and authors, and about how long finishing them takes. */
  estimatePendingWork(): Promise<PendingWorkEstimate>;
  /**
   * Scores the pending papers, then recomputes the metrics of the pending authors, each
   * transaction taking what it did off its list: the same scores and metrics however it is
   * sliced, stopped and resumed. Call it with the search index up to date.
   */
  finishPendingWork(options?: FinishPendingOptions): Promise<FinishedWork>;
}
