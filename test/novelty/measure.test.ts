// The measure on corpora small enough to check by hand, through both engines: the bulk run (an
// in-memory index) and computeNoveltyFor (the database's own indexes).
import { type Db } from '../../src/store/sqlite/client';
import { computeNoveltyInBulk } from '../../src/store/sqlite/novelty/bulk';
import { computeNoveltyFor } from '../../src/store/sqlite/novelty/incremental';
import { openTempDb, type TempDb } from '../search/temp-db';
import { addPapers, stored, storedAll } from './support';

const engines: [string, (db: Db, ids: number[]) => void][] = [
  ['the bulk run', (db) => computeNoveltyInBulk(db.sqlite)],
  ['computeNoveltyFor', (db, ids) => computeNoveltyFor(db.sqlite, ids)],
];

const MOLECULES = { title: 'Graph neural networks for molecule property prediction', abstract: 'Message passing predicts solubility.' };

describe.each(engines)('novelty through %s', (_, run) => {
  let temp: TempDb;
  beforeEach(() => {
    temp = openTempDb();
  });
  afterEach(() => temp.close());

  it('gives an exact copy of an earlier paper 0, with that paper nearest at similarity 1', () => {
    const [original, , copy] = addPapers(temp.db, [
      { ...MOLECULES, date: '2020-03-01' },
      { title: 'Surface codes for quantum error correction', date: '2021-05-01' },
      { ...MOLECULES, date: '2022-01-10' },
    ]);
    run(temp.db, [copy]);
    expect(stored(temp.db, copy)).toEqual({
      novelty: 0,
      computed: { corpusDate: '2022-01-10', corpusPapers: 2, nearest: [{ paperId: original, similarity: 1 }] },
    });
  });

  it('gives a paper that shares no word with any earlier paper 1, with no nearest paper', () => {
    const ids = addPapers(temp.db, [
      { ...MOLECULES, date: '2020-03-01' },
      { title: 'Fugues and canons in baroque organ music', abstract: 'Counterpoint, chorales.', date: '2022-02-01' },
    ]);
    run(temp.db, ids);
    expect(stored(temp.db, ids[1])).toEqual({ novelty: 1, computed: { corpusDate: '2022-02-01', corpusPapers: 1, nearest: [] } });
  });

  it('leaves the first paper of the corpus without a score, and says why: no earlier paper', () => {
    const ids = addPapers(temp.db, [{ ...MOLECULES, date: '2020-03-01' }]);
    run(temp.db, ids);
    expect(stored(temp.db, ids[0])).toEqual({ novelty: null, computed: { corpusDate: '2020-03-01', corpusPapers: 0, nearest: [] } });
  });

  it('weighs words by their backward IDF: 1 + ln((1 + N) / (1 + df)) over the papers of the years before', () => {
    // In 2021 the corpus before the year is one paper, {lattice, spin}: lattice and spin have
    // df 1 (IDF 1), boson df 0 (IDF 1 + ln 2). Cosine of (1, 1, 0) and (1, 0, 1 + ln 2).
    const [earlier, later] = addPapers(temp.db, [
      { title: 'Lattice spin', date: '2020-06-01' },
      { title: 'Lattice boson', date: '2021-06-01' },
    ]);
    run(temp.db, [earlier, later]);
    const cosine = 1 / (Math.sqrt(2) * Math.sqrt(1 + (1 + Math.log(2)) ** 2));
    const similarity = Math.round(cosine * 1e6) / 1e6;
    expect(similarity).toBe(0.359594);
    expect(stored(temp.db, later)).toEqual({
      novelty: 0.640406,
      computed: { corpusDate: '2021-06-01', corpusPapers: 1, nearest: [{ paperId: earlier, similarity }] },
    });
  });

  it('does not count papers of the same day as earlier', () => {
    const [first, a, b] = addPapers(temp.db, [
      { title: 'Sparse attention for long documents', date: '2020-01-01' },
      { ...MOLECULES, date: '2020-02-02' },
      { ...MOLECULES, date: '2020-02-02' },
    ]);
    run(temp.db, [first, a, b]);
    expect(stored(temp.db, a)).toEqual({ novelty: 1, computed: { corpusDate: '2020-02-02', corpusPapers: 1, nearest: [] } });
    expect(stored(temp.db, b)).toEqual(stored(temp.db, a));
  });

  it('orders the nearest papers by similarity, at most five, and ignores case, accents and function words', () => {
    const ids = addPapers(temp.db, [
      { title: 'Robust optimal transport', date: '2020-01-01' },
      { title: 'Optimal transport', date: '2020-01-02' },
      { title: 'Entropic optimal transport', date: '2020-01-03' },
      { title: 'Transport of goods', date: '2020-01-04' },
      { title: 'Robust regression', date: '2020-01-05' },
      { title: 'Robust transport', date: '2020-01-06' },
      { title: 'Optimal control', date: '2020-01-07' },
      { title: 'THE ROBUST, OPTIMAL TRANSPORT — revisited', abstract: 'Robúst óptimal transport!', date: '2020-02-01' },
    ]);
    run(temp.db, ids);
    const last = stored(temp.db, ids[7]);
    expect(last.computed!.nearest.map((n) => n.paperId)).toEqual([ids[0], ids[1], ids[5], ids[2], ids[3]]);
    const similarities = last.computed!.nearest.map((n) => n.similarity);
    expect(similarities).toEqual([...similarities].sort((x, y) => y - x));
    expect(last.novelty).toBe(Math.round((1 - similarities[0]) * 1e6) / 1e6);
  });

  it('never changes the score of a paper for a paper published after it', () => {
    const ids = addPapers(temp.db, [
      { title: 'Diffusion models for image generation', date: '2020-01-01' },
      { title: 'Latent diffusion for video generation', date: '2020-07-01' },
      { title: 'Consistency models for fast image generation', date: '2021-03-01' },
    ]);
    run(temp.db, ids);
    const before = storedAll(temp.db);
    const later = addPapers(temp.db, [
      { title: 'Consistency models for fast image generation', date: '2021-03-02' },
      { title: 'Diffusion models for image generation', date: '2023-01-01' },
    ]);
    computeNoveltyInBulk(temp.db.sqlite, { scope: 'all' });
    const after = storedAll(temp.db);
    for (const id of ids) expect(after.get(id)).toEqual(before.get(id));
    expect(after.get(later[0])!.novelty).toBe(0);
  });
});
