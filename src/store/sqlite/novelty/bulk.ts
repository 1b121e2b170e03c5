// Novelty for a whole corpus in one pass: every paper read once in publication order into
// memory (term vectors only), the document frequencies rewritten, then the papers in scope
// scored in order against the index of those before them (./memory-index) and written in
// batches, each its own transaction: a run killed half way keeps what it wrote.
import type Database from 'better-sqlite3';
import { prepared } from '../prepared';
import { refreshPendingAuthorMetrics } from '../author-metrics';
import { type NoveltyResult } from '../../../novelty/measure';
import { MemoryCorpus } from '../../../novelty/memory-corpus';
import { noveltyThreads, scoreCorpusOnThreads, threadsFor } from '../../../novelty/parallel-scoring';
import { corpusReader, isStop, RunTally, stopCheck, stopwatch } from '../../../novelty/runs';
import { type NoveltyScope } from '../../../novelty/scope';
import { type CorpusRunSummary, type NoveltyProgress } from '../../novelty-types';
import { PAPER_TEXT, writeResults, type PaperText } from './results';
import { replaceTermDf, replaceTermDfYearByYear } from './term-df';

export interface NoveltyRunOptions {
  scope?: NoveltyScope;
  onProgress?: (progress: NoveltyProgress) => void;
  /** Results per write transaction. */
  batchSize?: number;
  /**
   * Recompute the metrics of the authors whose papers were scored once the scores are written (the
   * default). An import that refreshes its own pending authors afterwards passes false, so that
   * each author is recomputed once.
   */
  refreshMetrics?: boolean;
  /**
   * Asked between write transactions (and while reading): true ends the run there, the papers
   * not yet written left for the next run. For a run beside a serving API (src/novelty/background).
   */
  shouldStop?: () => boolean;
  /**
   * Keep every write transaction short, for a run beside a serving API: the document frequencies
   * are written a year per transaction rather than all at once (batchSize bounds the others).
   */
  shortTransactions?: boolean;
  /** Write only the papers still listed in novelty_pending (see ./pending). */
  onlyPending?: boolean;
  /**
   * Threads that score (src/novelty/parallel-scoring): by default NOVELTY_THREADS, else one a
   * core; 1 for a run with shortTransactions, which runs beside a serving API and leaves it the
   * other cores.
   */
  threads?: number;
}

const DEFAULT_BATCH_SIZE = 10_000;
// The page cache while results are written (128 MB, as an import; SQLite's default is 2 MB): the
// novelty index and paper_novelty pages a batch dirties stay in memory until its commit.
const WRITE_CACHE_KIB = 131_072;
const READ_PROGRESS_EVERY = 10_000;

export function computeNoveltyInBulk(sqlite: Database.Database, options: NoveltyRunOptions = {}): CorpusRunSummary {
  const seconds = stopwatch();
  const scope = options.scope ?? 'missing';
  const total = prepared(sqlite, 'SELECT count(*) FROM papers').pluck().get() as number;
  const progress: Progress = (stage, done, of) => options.onProgress?.({ stage, done, total: of });
  const stop = stopCheck(options.shouldStop);
  let corpus: MemoryCorpus;
  try {
    corpus = readCorpus(sqlite, scope, total, progress, stop);
  } catch (error) {
    if (!isStop(error)) throw error;
    return { corpusPapers: 0, computed: 0, withoutScore: 0, seconds: seconds(), stopped: true, threads: 1 };
  }
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${-WRITE_CACHE_KIB}`);
  try {
    if (options.shortTransactions) replaceTermDfYearByYear(sqlite, corpus.terms, corpus.years);
    else sqlite.transaction(() => replaceTermDf(sqlite, corpus.terms, corpus.years)).immediate();
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const threads = threadsFor(corpus, options.threads ?? (options.shortTransactions ? 1 : noveltyThreads()));
    const writeOptions = { batchSize, onlyPending: options.onlyPending ?? false, threads };
    const { computed, withoutScore, stopped } = scoreAndWrite(sqlite, corpus, writeOptions, progress, stop);
    if (stopped) return { corpusPapers: corpus.size, computed, withoutScore, seconds: seconds(), stopped, threads };
    if (options.refreshMetrics ?? true) refreshPendingAuthorMetrics(sqlite, { onProgress: (done, of) => progress('metrics', done, of) });
    return { corpusPapers: corpus.size, computed, withoutScore, seconds: seconds(), threads };
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
}

type Progress = (stage: NoveltyProgress['stage'], done: number, total: number) => void;

/** Every paper, in publication order, as term vectors; those in scope marked as targets. */
function readCorpus(sqlite: Database.Database, scope: NoveltyScope, total: number, progress: Progress, stop: () => void): MemoryCorpus {
  const corpus = new MemoryCorpus();
  const add = corpusReader(corpus, scope);
  const rows = prepared(sqlite, `${PAPER_TEXT} ORDER BY p.published_at, p.id`).iterate() as IterableIterator<PaperText>;
  for (const paper of rows) {
    stop();
    add(paper);
    if (corpus.size % READ_PROGRESS_EVERY === 0) progress('reading', corpus.size, Math.max(total, corpus.size));
  }
  corpus.finish();
  return corpus;
}

interface WriteOptions {
  batchSize: number;
  onlyPending: boolean;
  threads: number;
}

/** Scores and writes in batches; `stop` throws STOP between two of them, the batch under way dropped. */
function scoreAndWrite(sqlite: Database.Database, corpus: MemoryCorpus, { batchSize, onlyPending, threads }: WriteOptions, progress: Progress, stop: () => void) {
  const computedAt = new Date().toISOString();
  const tally = new RunTally();
  let batch: NoveltyResult[] = [];
  const flush = (): void => {
    const results = batch;
    batch = [];
    tally.add(results, new Set(sqlite.transaction(() => writeResults(sqlite, results, computedAt, { onlyPending })).immediate()));
  };
  try {
    scoreCorpusOnThreads(
      corpus,
      threads,
      (result) => {
        stop();
        batch.push(result);
        if (batch.length >= batchSize) flush();
      },
      (done) => {
        stop();
        progress('scoring', done, corpus.size);
      },
    );
  } catch (error) {
    if (!isStop(error)) throw error;
    return { computed: tally.computed, withoutScore: tally.withoutScore, stopped: true };
  }
  if (batch.length > 0) flush();
  return { computed: tally.computed, withoutScore: tally.withoutScore, stopped: false };
}
