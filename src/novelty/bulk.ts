// Novelty for a whole corpus in one pass: every paper read once in publication order into
// memory (term vectors only), the document frequencies rewritten, then the papers in scope
// scored in order against the index of those before them (./memory-index) and written in
// batches, each its own transaction: a run killed half way keeps what it wrote.
import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { refreshPendingAuthorMetrics } from '../services/author-metrics.service';
import { type NoveltyResult } from './measure';
import { MemoryCorpus } from './memory-corpus';
import { scoreCorpus } from './memory-index';
import { inScope, PAPER_TEXT, writeResults, type NoveltyScope, type PaperText } from './store';
import { replaceTermDf } from './term-df';

export interface NoveltyProgress {
  stage: 'reading' | 'scoring' | 'metrics';
  /** Papers read or gone through so far (authors, for metrics), of `total`. */
  done: number;
  total: number;
}

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
}

export interface NoveltyRunSummary {
  /** Papers whose novelty was computed and written. */
  computed: number;
  /** Of those, the ones left without a score: no earlier paper, or no words. */
  withoutScore: number;
  seconds: number;
}

export interface BulkRunSummary extends NoveltyRunSummary {
  /** Papers in the corpus, all read. */
  corpusPapers: number;
}

const DEFAULT_BATCH_SIZE = 10_000;
// The page cache while results are written (128 MB, as an import; SQLite's default is 2 MB): the
// novelty index and paper_novelty pages a batch dirties stay in memory until its commit.
const WRITE_CACHE_KIB = 131_072;
const READ_PROGRESS_EVERY = 10_000;

export function computeNoveltyInBulk(sqlite: Database.Database, options: NoveltyRunOptions = {}): BulkRunSummary {
  const started = process.hrtime.bigint();
  const scope = options.scope ?? 'missing';
  const total = prepared(sqlite, 'SELECT count(*) FROM papers').pluck().get() as number;
  const progress: Progress = (stage, done, of) => options.onProgress?.({ stage, done, total: of });
  const corpus = readCorpus(sqlite, scope, total, progress);
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${-WRITE_CACHE_KIB}`);
  try {
    sqlite.transaction(() => replaceTermDf(sqlite, corpus.terms, corpus.years)).immediate();
    const { computed, withoutScore } = scoreAndWrite(sqlite, corpus, options.batchSize ?? DEFAULT_BATCH_SIZE, progress);
    if (options.refreshMetrics ?? true) refreshPendingAuthorMetrics(sqlite, (done, of) => progress('metrics', done, of));
    return { corpusPapers: corpus.size, computed, withoutScore, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
}

type Progress = (stage: NoveltyProgress['stage'], done: number, total: number) => void;

/** Every paper, in publication order, as term vectors; those in scope marked as targets. */
function readCorpus(sqlite: Database.Database, scope: NoveltyScope, total: number, progress: Progress): MemoryCorpus {
  const ids = typeof scope === 'string' ? null : new Set(scope);
  const corpus = new MemoryCorpus();
  const rows = prepared(sqlite, `${PAPER_TEXT} ORDER BY p.published_at, p.id`).iterate() as IterableIterator<PaperText>;
  for (const paper of rows) {
    corpus.add(paper.id, paper.date, paper.title, paper.abstract, inScope(scope, ids, paper));
    if (corpus.size % READ_PROGRESS_EVERY === 0) progress('reading', corpus.size, Math.max(total, corpus.size));
  }
  corpus.finish();
  return corpus;
}

function scoreAndWrite(sqlite: Database.Database, corpus: MemoryCorpus, batchSize: number, progress: Progress) {
  const computedAt = new Date().toISOString();
  let computed = 0;
  let withoutScore = 0;
  let batch: NoveltyResult[] = [];
  const flush = (): void => {
    const results = batch;
    batch = [];
    const written = new Set(sqlite.transaction(() => writeResults(sqlite, results, computedAt)).immediate());
    computed += written.size;
    withoutScore += results.filter((r) => r.novelty === null && written.has(r.paperId)).length;
  };
  scoreCorpus(
    corpus,
    (result) => {
      batch.push(result);
      if (batch.length >= batchSize) flush();
    },
    (done) => progress('scoring', done, corpus.size),
  );
  if (batch.length > 0) flush();
  return { computed, withoutScore };
}
