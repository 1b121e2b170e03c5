// Novelty for a whole corpus in one pass (../../sqlite/novelty/bulk.ts): every paper read once in
// publication order into memory (term vectors only, src/novelty/memory-corpus), the document
// frequencies rewritten, the papers in scope scored in order against the index of those before
// them (src/novelty/memory-index), then written in batches, each its own transaction: a run
// killed half way keeps what it wrote. The authors of the papers written are listed pending; the
// caller refreshes them (./pending-authors: it imports the write path, which imports this).
//
// The scoring is synchronous and a write is not, so the results are kept until the scoring ends
// and written after it (a few hundred bytes a paper); a stop asked for while scoring writes none.
import { inTransaction, row, type PgDb, type Queryable } from '../db';
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
  /** Asked while reading, while scoring and between write transactions: true ends the run there. */
  shouldStop?: () => boolean;
  /** The document frequencies a year per transaction rather than all at once (a run beside a serving API). */
  shortTransactions?: boolean;
  /**
   * Write only the papers still listed in novelty_pending, each batch taking its papers off the
   * list FOR UPDATE SKIP LOCKED: a paper an API write scored since, or holds, is left alone.
   */
  onlyPending?: boolean;
  /**
   * Threads that score (src/novelty/parallel-scoring): by default NOVELTY_THREADS, else one a
   * core; 1 for a run with shortTransactions, which runs beside a serving API and leaves it the
   * other cores.
   */
  threads?: number;
}

const DEFAULT_BATCH_SIZE = 10_000;
const PAPERS_PER_READ = 10_000;

type Progress = (stage: NoveltyProgress['stage'], done: number, total: number) => void;

export async function computeNoveltyInBulk(db: PgDb, options: NoveltyRunOptions = {}): Promise<CorpusRunSummary> {
  const seconds = stopwatch();
  const scope = options.scope ?? 'missing';
  const total = (await row<{ n: number }>(db, 'SELECT count(*) AS n FROM papers'))!.n;
  const progress: Progress = (stage, done, of) => options.onProgress?.({ stage, done, total: of });
  const stop = stopCheck(options.shouldStop);
  let threads = 1;
  const stopped = (corpusPapers: number, computed = 0, withoutScore = 0): CorpusRunSummary => ({
    corpusPapers,
    threads,
    computed,
    withoutScore,
    seconds: seconds(),
    stopped: true,
  });

  let corpus: MemoryCorpus;
  try {
    corpus = await readCorpus(db, scope, total, progress, stop);
  } catch (error) {
    if (!isStop(error)) throw error;
    return stopped(0);
  }
  const results: NoveltyResult[] = [];
  threads = threadsFor(corpus, options.threads ?? (options.shortTransactions ? 1 : noveltyThreads()));
  try {
    scoreCorpusOnThreads(
      corpus,
      threads,
      (result) => {
        stop();
        results.push(result);
      },
      (done) => {
        stop();
        progress('scoring', done, corpus.size);
      },
    );
  } catch (error) {
    if (!isStop(error)) throw error;
    return stopped(corpus.size);
  }

  if (options.shortTransactions) await replaceTermDfYearByYear((work) => inTransaction(db, work), corpus.terms, corpus.years);
  else await inTransaction(db, (tx) => replaceTermDf(tx, corpus.terms, corpus.years));

  const computedAt = new Date().toISOString();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const tally = new RunTally();
  for (let from = 0; from < results.length; from += batchSize) {
    if (options.shouldStop?.()) return stopped(corpus.size, tally.computed, tally.withoutScore);
    const batch = results.slice(from, from + batchSize);
    tally.add(batch, new Set(await inTransaction(db, (tx) => writeBatch(tx, batch, computedAt, options.onlyPending ?? false))));
  }
  return { corpusPapers: corpus.size, computed: tally.computed, withoutScore: tally.withoutScore, seconds: seconds(), threads };
}

async function writeBatch(tx: Queryable, batch: readonly NoveltyResult[], computedAt: string, onlyPending: boolean): Promise<number[]> {
  if (!onlyPending) return writeResults(tx, batch, computedAt);
  const { rows } = await tx.query<{ id: number }>(
    'SELECT paper_id AS id FROM novelty_pending WHERE paper_id = ANY($1::int4[]) ORDER BY paper_id FOR UPDATE SKIP LOCKED',
    [batch.map((r) => r.paperId)],
  );
  return writeResults(tx, batch, computedAt, { only: rows.map((r) => r.id) });
}

/**
 * Every paper, in publication order, as term vectors; those in scope marked as targets. Read a
 * page at a time along the (published_at, id) index, all pages in one REPEATABLE READ
 * transaction: one snapshot of the corpus, as SQLite's single statement reads.
 */
async function readCorpus(db: PgDb, scope: NoveltyScope, total: number, progress: Progress, stop: () => void): Promise<MemoryCorpus> {
  const corpus = new MemoryCorpus();
  const add = corpusReader(corpus, scope);
  await inTransaction(
    db,
    async (tx) => {
      let after: PaperText | null = null;
      for (;;) {
        const page: PaperText[] = await readPage(tx, after);
        for (const paper of page) {
          stop();
          add(paper);
        }
        if (page.length > 0) progress('reading', corpus.size, Math.max(total, corpus.size));
        if (page.length < PAPERS_PER_READ) break;
        after = page[page.length - 1];
      }
    },
    { isolation: 'REPEATABLE READ' },
  );
  corpus.finish();
  return corpus;
}

async function readPage(tx: Queryable, after: PaperText | null): Promise<PaperText[]> {
  const { rows } = after
    ? await tx.query<PaperText>(`${PAPER_TEXT} WHERE (p.published_at, p.id) > ($1, $2) ORDER BY p.published_at, p.id LIMIT $3`, [
        after.date,
        after.id,
        PAPERS_PER_READ,
      ])
    : await tx.query<PaperText>(`${PAPER_TEXT} ORDER BY p.published_at, p.id LIMIT $1`, [PAPERS_PER_READ]);
  return rows;
}
