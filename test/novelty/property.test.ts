// Properties of the measure over random small corpora: scores in [0, 1], a paper's score fixed
// by the papers before it alone, and the bulk run and computeNoveltyFor giving the same results.
import fc from 'fast-check';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';
import { computeNoveltyInBulk } from '../../src/store/sqlite/novelty/bulk';
import { computeNoveltyFor } from '../../src/store/sqlite/novelty/incremental';
import { addPapers, forgetComputed, storedAll, type PaperSpec } from './support';

const WORDS = ['graph', 'neural', 'Networks', 'quantum', 'error', 'codes', 'diffusion', 'Modèles', 'the', 'of', 'sparse', 'attention', '42', 'x'];
// Few dates, across a new year, so that papers share days and years.
const DATES = ['2019-12-30', '2019-12-31', '2020-01-01', '2020-03-15', '2020-12-31', '2021-01-01', '2021-06-30'];

const words = (min: number, max: number) => fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((w) => w.join(' '));
const paper: fc.Arbitrary<PaperSpec> = fc.record({
  title: words(1, 5).map((t) => (t.trim() === '' ? 'untitled' : t)),
  abstract: words(0, 8),
  date: fc.constantFrom(...DATES),
  novelty: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 4 }),
});
const corpus = fc.array(paper, { minLength: 1, maxLength: 20 });

function withDb<T>(use: (db: Db) => T): T {
  const db = openDatabase(':memory:');
  try {
    migrateDatabase(db);
    return use(db);
  } finally {
    db.close();
  }
}

describe('novelty properties', () => {
  it('is null or in [0, 1], and 1 - the similarity of the nearest earlier paper (1 when none shares a word)', () => {
    fc.assert(
      fc.property(corpus, (papers) =>
        withDb((db) => {
          const ids = addPapers(db, papers);
          computeNoveltyInBulk(db.sqlite, { scope: 'all' });
          for (const [id, { novelty, computed }] of storedAll(db)) {
            const supplied = papers[ids.indexOf(id)].novelty;
            if (supplied != null) {
              expect({ novelty, computed }).toEqual({ novelty: supplied, computed: null });
              continue;
            }
            expect(computed).not.toBeNull();
            const { corpusPapers, nearest } = computed!;
            if (novelty === null) {
              expect(nearest).toEqual([]);
              continue;
            }
            expect(novelty).toBeGreaterThanOrEqual(0);
            expect(novelty).toBeLessThanOrEqual(1);
            expect(corpusPapers).toBeGreaterThan(0);
            expect(nearest.length).toBeLessThanOrEqual(5);
            expect(novelty).toBe(nearest.length === 0 ? 1 : Math.round((1 - nearest[0].similarity) * 1e6) / 1e6);
            const date = papers[ids.indexOf(id)].date;
            for (const n of nearest) expect(papers[ids.indexOf(n.paperId)].date < date).toBe(true);
          }
        }),
      ),
      { numRuns: 60 },
    );
  });

  it('never changes a score when papers published later are added', () => {
    fc.assert(
      fc.property(corpus, corpus, (papers, more) =>
        withDb((db) => {
          const ids = addPapers(db, papers);
          computeNoveltyInBulk(db.sqlite, { scope: 'all' });
          const before = storedAll(db);
          const last = papers.map((p) => p.date).sort().at(-1)!;
          // Published the same day as the latest paper or after it.
          addPapers(db, more.map((p) => ({ ...p, date: p.date < last ? last : p.date })));
          computeNoveltyInBulk(db.sqlite, { scope: 'all' });
          const after = storedAll(db);
          for (const id of ids) expect(after.get(id)).toEqual(before.get(id));
        }),
      ),
      { numRuns: 40 },
    );
  });

  it('gives the same results in bulk and through computeNoveltyFor, with or without kept document frequencies', () => {
    fc.assert(
      fc.property(corpus, fc.boolean(), (papers, recount) =>
        withDb((db) => {
          const ids = addPapers(db, papers);
          computeNoveltyInBulk(db.sqlite, { scope: 'all' });
          const bulk = storedAll(db);
          forgetComputed(db, ids);
          if (recount) db.sqlite.exec('DELETE FROM novelty_years; DELETE FROM novelty_term_df;');
          computeNoveltyFor(db.sqlite, ids);
          expect(storedAll(db)).toEqual(bulk);
        }),
      ),
      { numRuns: 60 },
    );
  });
});
