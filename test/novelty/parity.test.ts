// Bulk and incremental agree on corpora large enough that the candidate search cuts: terms in
// more earlier papers than it reads per term, more candidates than it compares exactly.
import fc from 'fast-check';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { computeNoveltyInBulk } from '../../src/store/sqlite/novelty/bulk';
import { computeNoveltyFor } from '../../src/store/sqlite/novelty/incremental';
import { CANDIDATES_PER_TERM } from '../../src/novelty/measure';
import { resumeSearchIndexing, suspendSearchIndexing } from '../../src/store';
import { openTempDb, type TempDb } from '../search/temp-db';
import { addPapers, forgetComputed, storedAll, type PaperSpec } from './support';

const VOCABULARY = ['kernel', 'spectral', 'graph', 'sparse', 'robust', 'online', 'bandit', 'causal', 'convex', 'manifold'];

/** `n` papers of six words out of ten, over three years: every word in far more than CANDIDATES_PER_TERM papers. */
function crowdedCorpus(n: number): PaperSpec[] {
  const [papers] = fc.sample(
    fc.array(
      fc.record({
        title: fc.shuffledSubarray(VOCABULARY, { minLength: 6, maxLength: 6 }).map((w) => w.join(' ')),
        date: fc.date({ min: new Date('2019-01-01'), max: new Date('2021-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      }),
      { minLength: n, maxLength: n },
    ),
    { seed: 42, numRuns: 1 },
  );
  return papers;
}

/** The `n` papers published last (ties by id), and `n` more spread over the corpus. */
function someLateAndSomeSpread(temp: TempDb, n: number): number[] {
  const byDate = temp.db.sqlite.prepare('SELECT id FROM papers ORDER BY published_at, id').pluck().all() as number[];
  const step = Math.floor(byDate.length / n);
  return [...new Set([...byDate.slice(-n), ...byDate.filter((_, i) => i % step === step - 1)])];
}

describe('bulk and incremental novelty on larger corpora', () => {
  let temp: TempDb;
  beforeEach(() => {
    temp = openTempDb();
  });
  afterEach(() => temp.close());

  it('agree to the bit where every term is in more earlier papers than the search reads', () => {
    addPapers(temp.db, crowdedCorpus(2_400));
    const counts = temp.db.sqlite.prepare('SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?').pluck();
    for (const word of VOCABULARY) expect(counts.get(word)).toBeGreaterThan(CANDIDATES_PER_TERM);
    computeNoveltyInBulk(temp.db.sqlite);
    const bulk = storedAll(temp.db);
    const ids = someLateAndSomeSpread(temp, 25);
    forgetComputed(temp.db, ids);
    expect(computeNoveltyFor(temp.db.sqlite, ids).computed).toBe(ids.length);
    expect(storedAll(temp.db)).toEqual(bulk);
  });

  it('agree while the search index is suspended by a bulk load (computeNoveltyFor then runs in bulk)', () => {
    const corpus = crowdedCorpus(400);
    addPapers(temp.db, corpus.slice(0, 300));
    suspendSearchIndexing(temp.db.sqlite);
    // Not in the search index until it resumes.
    const added = addPapers(temp.db, corpus.slice(300, 350));
    computeNoveltyFor(temp.db.sqlite, added);
    const whileSuspended = storedAll(temp.db);
    resumeSearchIndexing(temp.db.sqlite);
    forgetComputed(temp.db, added);
    computeNoveltyFor(temp.db.sqlite, added);
    expect(storedAll(temp.db)).toEqual(whileSuspended);
    expect([...whileSuspended.values()].filter((s) => s.computed !== null)).toHaveLength(50);
  });

  it('agree to the bit on a generated corpus', () => {
    writeCorpus(temp.db, { papers: 3_000, seed: 5 });
    temp.db.sqlite.prepare('UPDATE papers SET novelty = NULL').run();
    const summary = computeNoveltyInBulk(temp.db.sqlite);
    expect(summary.computed).toBe(3_000);
    const bulk = storedAll(temp.db);
    const ids = someLateAndSomeSpread(temp, 25);
    forgetComputed(temp.db, ids);
    computeNoveltyFor(temp.db.sqlite, ids);
    expect(storedAll(temp.db)).toEqual(bulk);
    const novelties = [...bulk.values()].map((s) => s.novelty).filter((n): n is number => n !== null);
    expect(novelties.length).toBeGreaterThan(2_990);
  });
});
