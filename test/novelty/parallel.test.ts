// The bulk run on several threads (src/novelty/parallel-scoring) gives what one thread gives: the
// same results in the same order, on real records with their quirks and on a generated corpus
// large enough that every query term's candidate list is full; and a run through the store says
// how many threads scored.
import path from 'node:path';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { importFile } from '../../src/import/import-file';
import { type NoveltyResult } from '../../src/novelty/measure';
import { MemoryCorpus } from '../../src/novelty/memory-corpus';
import { scoreCorpus } from '../../src/novelty/memory-index';
import { noveltyThreads, PARALLEL_FROM, scoreCorpusInParallel, scoreCorpusOnThreads } from '../../src/novelty/parallel-scoring';
import { usableCpus } from '../../src/ops/cpu-quota';
import { computeNoveltyInBulk } from '../../src/store/sqlite/novelty/bulk';
import { PAPER_TEXT, type PaperText } from '../../src/store/sqlite/novelty/results';
import { openTempDb, type TempDb } from '../search/temp-db';
import { storedAll } from './support';

const REAL = path.join(__dirname, '..', 'fixtures', 'real');

/** Every paper of the database, in publication order, all of them targets. */
function corpusOf(temp: TempDb): MemoryCorpus {
  const corpus = new MemoryCorpus();
  for (const paper of temp.db.sqlite.prepare(`${PAPER_TEXT} ORDER BY p.published_at, p.id`).iterate() as IterableIterator<PaperText>) {
    corpus.add(paper.id, paper.date, paper.title, paper.abstract, true);
  }
  corpus.finish();
  return corpus;
}

function scoredOnOneThread(corpus: MemoryCorpus): NoveltyResult[] {
  const results: NoveltyResult[] = [];
  scoreCorpus(corpus, (result) => results.push(result));
  return results;
}

describe('novelty scored on several threads', () => {
  describe('real arXiv and OpenAlex records', () => {
    let temp: TempDb;
    let corpus: MemoryCorpus;
    beforeAll(async () => {
      temp = openTempDb();
      await importFile(temp.db, path.join(REAL, 'arxiv-metadata-sample.jsonl'));
      await importFile(temp.db, path.join(REAL, 'openalex-works-sample.jsonl'));
      corpus = corpusOf(temp);
    });
    afterAll(() => temp.close());

    it.each([2, 3])('gives on %i threads the results of one, in the same order', (threads) => {
      const expected = scoredOnOneThread(corpus);
      expect(expected.length).toBeGreaterThan(500);
      expect(expected.filter((r) => r.nearest.length > 0).length).toBeGreaterThan(100);
      const results: NoveltyResult[] = [];
      const progress: number[] = [];
      scoreCorpusInParallel(corpus, threads, (result) => results.push(result), (done) => progress.push(done));
      expect(results).toEqual(expected);
      // Progress only moves forward, and ends with every paper gone through.
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress[progress.length - 1]).toBe(corpus.size);
    });

    it('ends the run where the caller throws, with the caller\'s error', () => {
      let taken = 0;
      const stop = new Error('stop here');
      expect(() =>
        scoreCorpusInParallel(corpus, 2, () => {
          if (++taken === 50) throw stop;
        }),
      ).toThrow(stop);
      expect(taken).toBe(50);
    });
  });

  describe('a generated corpus past PARALLEL_FROM papers', () => {
    let temp: TempDb;
    beforeAll(() => {
      temp = openTempDb();
      writeCorpus(temp.db, { papers: PARALLEL_FROM + 1_000, seed: 7 });
      // The generator supplies most papers' novelty, which a run keeps: here every paper is to be scored.
      temp.db.sqlite.exec('UPDATE papers SET novelty = NULL');
    });
    afterAll(() => temp.close());

    it('is shared out among threads, and scores as one thread does', () => {
      const corpus = corpusOf(temp);
      const expected = scoredOnOneThread(corpus);
      // The generated vocabulary is small: the common terms' candidate lists are full, so the
      // run reads the candidate heaps the way a million papers do.
      expect(expected.filter((r) => r.nearest.length === 5).length).toBeGreaterThan(corpus.size / 2);
      const results: NoveltyResult[] = [];
      expect(scoreCorpusOnThreads(corpus, 2, (result) => results.push(result))).toBe(2);
      expect(results).toEqual(expected);
    });

    it('writes the same scores through the store on two threads as on one, and says how many scored', () => {
      const one = computeNoveltyInBulk(temp.db.sqlite, { scope: 'all', threads: 1 });
      expect(one.threads).toBe(1);
      const onOne = storedAll(temp.db);
      const two = computeNoveltyInBulk(temp.db.sqlite, { scope: 'all', threads: 2 });
      expect(two).toMatchObject({ threads: 2, computed: one.computed, withoutScore: one.withoutScore, corpusPapers: one.corpusPapers });
      expect(storedAll(temp.db)).toEqual(onOne);
      // By default: NOVELTY_THREADS, else a thread a core.
      expect(computeNoveltyInBulk(temp.db.sqlite, { scope: 'all' }).threads).toBe(noveltyThreads());
    });

    it('keeps a run beside a serving API (short transactions) on one thread', () => {
      expect(computeNoveltyInBulk(temp.db.sqlite, { scope: 'all', shortTransactions: true }).threads).toBe(1);
    });
  });

  describe('NOVELTY_THREADS', () => {
    it('sets the threads, and a thread a CPU (at most 8) when unset', () => {
      expect(noveltyThreads({ NOVELTY_THREADS: '3' })).toBe(3);
      expect(noveltyThreads({ NOVELTY_THREADS: '1' })).toBe(1);
      expect(noveltyThreads({})).toBe(Math.min(8, usableCpus()));
    });

    it.each(['0', '-2', '1.5', 'two', '65'])('refuses %p and says what it takes', (value) => {
      expect(() => noveltyThreads({ NOVELTY_THREADS: value })).toThrow(
        new RegExp(`^NOVELTY_THREADS must be a number of threads between 1 and 64 \\(default: one per CPU this process may use, at most 8; here \\d+\\), got "${value}"$`),
      );
    });
  });
});
