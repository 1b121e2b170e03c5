// The store's contract, the one write path for papers (openPaperWrites): the importer, the corpus
// generator and the seed. Run by ./contract.ts on a database of its own (writes would change what
// the reads expect). The steps build on each other, on the demo data (seeds/demo-profile.json);
// every expectation is worked out here from the records written and the seed file.
import { readDemoProfile } from '../../seeds/demo-profile';
import { authorKey } from '../../src/domain/text';
import { type NumberedRecord, type PaperFields, type PaperWriteRecord, type Store } from '../../src/store';
import { type ContractPart, type OpenedStore } from './contract';

const profile = readDemoProfile();
const PROFILE = profile.profileAuthor;
const profilePapers = profile.papers.filter((paper) => paper.authors.includes(PROFILE));
const profileCitations = profilePapers.reduce((sum, paper) => sum + paper.citationCount, 0);

function fields(externalId: string, title: string, more: Partial<PaperFields> = {}): PaperFields & { externalId: string } {
  return {
    title,
    abstract: `${title}: an abstract long enough to be scored against the demo papers on reasoning and reinforcement learning.`,
    category: 'cs.LG',
    publishedAt: '2025-06-01',
    score: 1,
    novelty: null,
    aiScore: null,
    citationCount: 0,
    hasCode: false,
    codeUrl: null,
    ...more,
    externalId,
  };
}

const named = (...names: string[]) => names.map((name) => ({ name, key: authorKey(name) }));
const numbered = (...records: PaperWriteRecord[]): NumberedRecord[] => records.map((record, i) => ({ line: i + 1, record }));

// An arXiv-like source: no author ids, no citations, no novelty.
const paperA: PaperWriteRecord = { fields: fields('contract-a', 'Contract paper A', { doi: '10.5555/contract-a' }), authors: named(PROFILE, 'Ada Q. Writer') };
const paperB: PaperWriteRecord = { fields: fields('contract-b', 'Contract paper B'), authors: named('Ada Q. Writer', 'Bo Z. Reader') };

export const writeContract: ContractPart = (open, track) => {
  describe('the one write path for papers', () => {
    let opened: OpenedStore;
    let store: Store;
    beforeAll(async () => {
      opened = await open();
      store = track(opened.store);
    }, 120_000);
    afterAll(async () => opened?.close());

    const idOfPaper = async (externalId: string) => (await store.papersByExternalId([externalId]))[0]!.id;
    const metricsOf = async (authorId: number) => (await store.authorMetrics([authorId]))[0];
    const pending = async () => {
      const { pendingAuthorMetrics, pendingNovelty } = await store.pendingWork();
      return { pendingAuthorMetrics, pendingNovelty };
    };
    const importSession = () => store.openPaperWrites({ match: 'sourceIds', authors: 'source' });

    it('adds a batch, leaving the metrics and the novelty pending until finished', async () => {
      expect(await pending()).toEqual({ pendingAuthorMetrics: 0, pendingNovelty: 0 });
      const papersBefore = await store.countPapers();
      const authorsBefore = await store.countAuthors(null);
      const profileId = (await store.authorIdByName(PROFILE))!;
      const session = await importSession();

      expect(await session.write(numbered(paperA, paperB))).toEqual({ added: 2, updated: 0, unchanged: 0, skipped: [] });
      expect(await store.countPapers()).toBe(papersBefore + 2);
      expect(await pending()).toEqual({ pendingAuthorMetrics: 3, pendingNovelty: 2 });
      expect((await metricsOf(profileId)).paperCount).toBe(profilePapers.length);
      expect((await store.papersByExternalId(['contract-a']))[0]!.novelty).toBeNull();

      expect(await session.finish()).toEqual({ noveltyComputed: 2, authorsRefreshed: 3 });
      expect(await pending()).toEqual({ pendingAuthorMetrics: 0, pendingNovelty: 0 });
      // The profile's author is found by name; Ada and Bo are new, Ada once for both papers.
      expect(await store.countAuthors(null)).toBe(authorsBefore + 2);
      expect(await metricsOf(profileId)).toMatchObject({ paperCount: profilePapers.length + 1, citationCount: profileCitations });
      const [a, b] = await store.papersByExternalId(['contract-a', 'contract-b']);
      expect(a!.novelty).not.toBeNull();
      expect(b!.novelty).not.toBeNull();
    });

    it('changes nothing when the same records come again', async () => {
      const [a] = await store.papersByExternalId(['contract-a']);
      const metrics = await metricsOf((await store.authorIdByName(PROFILE))!);
      const session = await importSession();
      expect(await session.write(numbered(paperA, paperB))).toEqual({ added: 0, updated: 0, unchanged: 2, skipped: [] });
      expect(await pending()).toEqual({ pendingAuthorMetrics: 0, pendingNovelty: 0 });
      expect(await session.finish()).toEqual({ noveltyComputed: 0, authorsRefreshed: 0 });
      expect((await store.papersByExternalId(['contract-a']))[0]).toEqual(a);
      // Not even the metrics' time moves.
      expect(await metricsOf((await store.authorIdByName(PROFILE))!)).toEqual(metrics);
    });

    it('writes the one field a source knows and changed, and refreshes its authors only', async () => {
      const session = await importSession();
      const cited: PaperWriteRecord = { ...paperA, fields: { ...paperA.fields, citationCount: 50 }, knows: 'citationCount' };
      const before = (await store.papersByExternalId(['contract-a']))[0]!;
      expect(await session.write(numbered(cited))).toEqual({ added: 0, updated: 1, unchanged: 0, skipped: [] });
      // The text did not change: the novelty stays; the paper's two authors wait for their metrics.
      expect(await pending()).toEqual({ pendingAuthorMetrics: 2, pendingNovelty: 0 });
      expect(await session.finish()).toEqual({ noveltyComputed: 0, authorsRefreshed: 2 });
      expect((await store.papersByExternalId(['contract-a']))[0]).toEqual({ ...before, citationCount: 50 });
      expect((await metricsOf((await store.authorIdByName(PROFILE))!)).citationCount).toBe(profileCitations + 50);
    });

    it("finds another source's record of a paper by its DOI, and adds only what it knows", async () => {
      const papersBefore = await store.countPapers();
      const before = (await store.papersByExternalId(['contract-a']))[0]!;
      const work: PaperWriteRecord = {
        fields: fields('W-contract-a', 'Contract paper A, as another source titles it', { doi: '10.5555/contract-a', category: null, workType: 'article', citationCount: 50 }),
        authors: paperA.authors,
        knows: 'citationCount',
      };
      const session = await importSession();
      expect(await session.write(numbered(work))).toEqual({ added: 0, updated: 1, unchanged: 0, skipped: [] });
      await session.finish();
      expect(await store.countPapers()).toBe(papersBefore);
      // Its own source keeps the id, title and category; the work type is new.
      expect((await store.papersByExternalId(['contract-a']))[0]).toEqual({ ...before, workType: 'article' });
      expect(await store.papersByExternalId(['W-contract-a'])).toEqual([null]);
    });

    it('skips a record the database refuses, whole, and writes the rest of its batch', async () => {
      const papersBefore = await store.countPapers();
      const good: PaperWriteRecord = { fields: fields('contract-c', 'Contract paper C'), authors: named('Cy R. Good') };
      const bad: PaperWriteRecord = { fields: { ...fields('contract-d', 'Contract paper D'), title: null as unknown as string }, authors: named('Di N. Bad') };
      const session = await importSession();
      const summary = await session.write(numbered(good, bad));
      expect(summary).toEqual({ added: 1, updated: 0, unchanged: 0, skipped: [{ line: 2, reason: expect.stringContaining('contract-d') }] });
      expect(await store.countPapers()).toBe(papersBefore + 1);
      expect(await store.papersByExternalId(['contract-d'])).toEqual([null]);
      expect(await store.authorIdByName('Di N. Bad')).toBeNull();
      expect(await session.finish()).toEqual({ noveltyComputed: 1, authorsRefreshed: 1 });
    });

    it('loads new papers with people of their own: an author by the load key, never a stored namesake', async () => {
      const authorsBefore = await store.countAuthors(null);
      const profileId = (await store.authorIdByName(PROFILE))!;
      const namesake = { name: PROFILE, key: 'load-1' };
      const loaded = [1, 2].map((n) => ({
        fields: fields(`contract-load-${n}`, `Loaded paper ${n}`, { novelty: null, citationCount: n }),
        authors: [namesake],
        knows: 'all' as const,
      }));
      const session = await store.openPaperWrites({ match: 'none', authors: 'load' });
      expect(await session.write(numbered(...loaded))).toEqual({ added: 2, updated: 0, unchanged: 0, skipped: [] });
      // The load says its novelty (none): nothing to score; its one author waits for the metrics.
      expect(await pending()).toEqual({ pendingAuthorMetrics: 1, pendingNovelty: 0 });
      expect(await session.finish({ scoreNovelty: false })).toEqual({ noveltyComputed: 0, authorsRefreshed: 1 });
      expect(await store.countAuthors(null)).toBe(authorsBefore + 1);
      const [first] = await store.paperAuthorPages([await idOfPaper('contract-load-1')], { first: 10, afterPosition: null });
      const [second] = await store.paperAuthorPages([await idOfPaper('contract-load-2')], { first: 10, afterPosition: null });
      const loadedId = first.items[0].id;
      expect(loadedId).not.toBe(profileId);
      expect(second.items.map((a) => a.id)).toEqual([loadedId]);
      expect(await metricsOf(loadedId)).toMatchObject({ paperCount: 2, citationCount: 3 });
      expect((await metricsOf(profileId)).paperCount).toBe(profilePapers.length + 1);
    });
  });
};
