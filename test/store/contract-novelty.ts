// The store's contract, novelty scoring and the pending work queues (papers to score, authors whose metrics are behind).
// Run by ./contract.ts on a database of its own (writes would change what the reads expect).
// The demo's papers all come with a supplied novelty (seeds/demo-profile.json): a run keeps every
// one of them, and a start leaves nothing pending. How a computed score and a pending paper go
// (cleared, listed, scored, taken off the list) is tried on SQLite in test/novelty/store.test.ts,
// the store having no write that leaves a paper unscored.
import { readDemoProfile } from '../../seeds/demo-profile';
import { type NoveltyProgress, type Store } from '../../src/store';
import { type ContractPart, type OpenedStore } from './contract';

const papers = readDemoProfile().papers;
const STAGES: readonly NoveltyProgress['stage'][] = ['reading', 'scoring', 'metrics'];

export const noveltyContract: ContractPart = (open, track) => {
  describe('novelty scoring and the pending work queues', () => {
    let opened: OpenedStore;
    let store: Store;
    beforeAll(async () => {
      opened = await open();
      store = track(opened.store);
    }, 120_000);
    afterAll(async () => opened?.close());

    const novelties = async () => (await store.papersByExternalId(papers.map((paper) => paper.externalId!))).map((paper) => paper!.novelty);
    const supplied = papers.map((paper) => paper.novelty);

    it('finds nothing pending where every paper has a novelty, and finishes it at once', async () => {
      expect(supplied.every((novelty) => novelty !== null)).toBe(true);
      expect(await store.estimatePendingWork()).toEqual({ papers: 0, authors: 0, seconds: 0 });
      expect(await store.markMissingNoveltyPending()).toBe(0);
      expect(await store.finishPendingWork({ papersPerTransaction: 2, authorsPerTransaction: 2 })).toEqual({
        novelty: { computed: 0, withoutScore: 0, seconds: expect.any(Number) },
        authors: 0,
        stopped: false,
      });
      expect(await store.estimatePendingWork()).toEqual({ papers: 0, authors: 0, seconds: 0 });
    });

    it('reads every paper and keeps the supplied scores, whatever the scope', async () => {
      const seen: NoveltyProgress[] = [];
      for (const scope of ['all', 'missing'] as const) {
        expect(await store.scoreNovelty(scope, { onProgress: (progress) => seen.push(progress) })).toEqual({
          corpusPapers: papers.length,
          computed: 0,
          withoutScore: 0,
          seconds: expect.any(Number),
          threads: 1,
        });
      }
      for (const { stage, done, total } of seen) {
        expect(STAGES).toContain(stage);
        expect(done).toBeLessThanOrEqual(total);
      }
      const [first, second] = await store.papersByExternalId([papers[0].externalId!, papers[1].externalId!]);
      expect(await store.scoreNovelty([first!.id, second!.id, 987_654])).toMatchObject({ corpusPapers: papers.length, computed: 0 });
      expect(await novelties()).toEqual(supplied);
      expect(await store.estimatePendingWork()).toEqual({ papers: 0, authors: 0, seconds: 0 });
    });

    it('ends a run told to stop, writing nothing', async () => {
      expect(await store.scoreNovelty('all', { shouldStop: () => true })).toMatchObject({ computed: 0, withoutScore: 0, stopped: true });
      expect(await novelties()).toEqual(supplied);
    });
  });
};
