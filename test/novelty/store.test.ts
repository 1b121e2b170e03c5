// The NoveltyStore methods on SQLite, where papers can be written around the write path (as the
// demo data is) and computed scores forgotten: what the contract (test/store/contract-novelty.ts)
// cannot set up through the store. A paper left without a novelty is listed, finishing the list
// scores it and empties it, a supplied score is kept, and the summaries count what was written.
import { sqliteStore, type Store } from '../../src/store';
import { type Db } from '../../src/store/sqlite/client';
import { scratchFolder } from '../import/support';
import { addPapers, forgetComputed, type PaperSpec } from './support';

const scratch = scratchFolder('novelty-store-');

const SPECS: PaperSpec[] = [
  // No earlier paper: computed, without a score.
  { title: 'Sparse attention for graphs', date: '2019-01-01' },
  { title: 'Sparse attention for images', date: '2020-01-01' },
  { title: 'Sparse attention for text', date: '2021-01-01' },
  // No word in common with an earlier paper: as novel as can be.
  { title: 'Quantum error correction codes', date: '2022-01-01' },
  // Supplied, the same text as the first.
  { title: 'Sparse attention for graphs', date: '2023-01-01', novelty: 0.9 },
  // The same text as an earlier paper: nothing new.
  { title: 'Sparse attention for graphs', date: '2023-06-01' },
];
const NOTHING = { papers: 0, authors: 0, seconds: 0 };

describe('the novelty store on SQLite', () => {
  let db: Db;
  let store: Store;
  let ids: number[];
  const novelties = async () => (await store.papersById(ids)).map((paper) => paper!.novelty);

  beforeAll(() => {
    db = scratch.freshDb('store');
    ids = addPapers(db, SPECS);
    store = sqliteStore(db);
  });
  afterAll(() => db.close());

  it('lists the papers without a novelty, and finishing the list scores them and their author', async () => {
    expect(await store.estimatePendingWork()).toEqual(NOTHING);
    expect(await store.markMissingNoveltyPending()).toBe(5);
    const pending = await store.estimatePendingWork();
    expect(pending).toMatchObject({ papers: 5, authors: 0 });
    expect(pending.seconds).toBeGreaterThan(0);

    expect(await store.finishPendingWork()).toEqual({
      novelty: { computed: 5, withoutScore: 1, seconds: expect.any(Number) },
      // addPapers gives every paper the same one author.
      authors: 1,
      stopped: false,
    });
    expect(await store.estimatePendingWork()).toEqual(NOTHING);
    const [first, images, text, quantum, supplied, copy] = await novelties();
    expect([first, quantum, supplied, copy]).toEqual([null, 1, 0.9, 0]);
    for (const novelty of [images, text]) {
      expect(novelty).toBeGreaterThan(0);
      expect(novelty).toBeLessThan(1);
    }
    // A paper scored without a score (no earlier paper) is not missing one.
    expect(await store.markMissingNoveltyPending()).toBe(0);
  });

  it('lists a paper whose computed score is cleared, and finishing scores it again, sliced and stopped', async () => {
    const before = await novelties();
    forgetComputed(db, [ids[1], ids[2]]);
    expect(await store.markMissingNoveltyPending()).toBe(2);
    expect(await store.estimatePendingWork()).toMatchObject({ papers: 2, authors: 0 });

    let asked = 0;
    const stopped = await store.finishPendingWork({ papersPerTransaction: 1, authorsPerTransaction: 1, shouldStop: () => ++asked > 1 });
    expect(stopped).toMatchObject({ novelty: { computed: 1, stopped: true }, authors: 0, stopped: true });
    expect(await store.estimatePendingWork()).toMatchObject({ papers: 1 });

    expect(await store.finishPendingWork({ papersPerTransaction: 1, authorsPerTransaction: 1 })).toMatchObject({
      novelty: { computed: 1, withoutScore: 0 },
      authors: 1,
      stopped: false,
    });
    expect(await store.estimatePendingWork()).toEqual(NOTHING);
    expect(await novelties()).toEqual(before);
  });

  it('rescores in one pass the papers in scope, the supplied one kept, and stops when told', async () => {
    const before = await novelties();
    const stages = new Set<string>();
    expect(await store.scoreNovelty('all', { onProgress: ({ stage }) => stages.add(stage) })).toEqual({
      corpusPapers: SPECS.length,
      computed: 5,
      withoutScore: 1,
      seconds: expect.any(Number),
      // Six papers: too few to share out among threads.
      threads: 1,
    });
    expect(stages.has('scoring')).toBe(true);
    expect(await store.scoreNovelty('missing')).toMatchObject({ corpusPapers: SPECS.length, computed: 0 });
    expect(await store.scoreNovelty([ids[4], ids[3]])).toMatchObject({ computed: 1, withoutScore: 0 });
    expect(await store.scoreNovelty('all', { shouldStop: () => true })).toMatchObject({ computed: 0, stopped: true });
    expect(await novelties()).toEqual(before);
    expect(await store.estimatePendingWork()).toEqual(NOTHING);
  });
});
