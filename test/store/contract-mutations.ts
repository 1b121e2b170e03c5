// The store's contract, the API's writes (the createPaper, upsertPaper, ... mutations), each one transaction.
// Run by ./contract.ts on a database of its own (writes would change what the reads expect).
// The expectations come from the demo profile (seeds/demo-profile.json) and from what each test
// writes: a refused write must leave no trace, so every refusal is followed by a look at what it
// would have written.
import { readDemoProfile, type DemoPaper } from '../../seeds/demo-profile';
import { type PaperFields, type Store } from '../../src/store';
import { type ContractPart, type OpenedStore } from './contract';

const profile = readDemoProfile();
const papers = profile.papers;
const PROFILE = profile.profileAuthor;
const UNKNOWN = 987_654;

function fieldsOf({ authors: _authors, ...fields }: DemoPaper, externalId: string): PaperFields {
  return { ...fields, externalId, title: `${fields.title} (again)` };
}

export const mutationContract: ContractPart = (open, track) => {
  describe('the API writes, each one transaction', () => {
    let opened: OpenedStore;
    let store: Store;
    const authorId = new Map<string, number>();
    const paperId = new Map<string, number>();
    beforeAll(async () => {
      opened = await open();
      store = track(opened.store);
      const names = [...new Set(papers.flatMap((paper) => paper.authors))];
      for (const name of names) authorId.set(name, (await store.authorIdByName(name))!);
      const found = await store.papersByExternalId(papers.map((paper) => paper.externalId!));
      found.forEach((paper, i) => paperId.set(papers[i].externalId!, paper!.id));
    }, 120_000);
    afterAll(async () => opened?.close());

    const idOf = (name: string) => authorId.get(name)!;
    const pid = (paper: DemoPaper) => paperId.get(paper.externalId!)!;
    const authorNames = async (id: number) => (await store.paperAuthorPages([id], { first: 100, afterPosition: null }))[0].items.map((a) => a.name);
    const paperCountOf = async (id: number) => (await store.authorMetrics([id]))[0]?.paperCount;
    const paperTotal = () => store.countPapers(null);

    it('creates a paper, readable by id with its authors in order, and refreshes their metrics', async () => {
      const before = await paperCountOf(idOf(PROFILE));
      const fields = fieldsOf(papers[0], 'contract-create');
      const written = await store.createPaper(fields, [{ name: 'Contract Newcomer' }, idOf(PROFILE)]);
      expect(written).toEqual({ kind: 'written', paperId: expect.any(Number), created: true, authorIds: expect.any(Array) });
      if (written.kind !== 'written') return;
      const [stored] = await store.papersById([written.paperId]);
      expect(stored).toMatchObject(fields);
      expect(await authorNames(written.paperId)).toEqual(['Contract Newcomer', PROFILE]);
      const newcomer = (await store.authorIdByName('Contract Newcomer'))!;
      expect([...written.authorIds].sort()).toEqual([newcomer, idOf(PROFILE)].sort());
      expect(await paperCountOf(idOf(PROFILE))).toBe(before + 1);
      expect(await paperCountOf(newcomer)).toBe(1);
    });

    it('refuses an author list naming missing authors, at their places, and writes nothing', async () => {
      const total = await paperTotal();
      const refused = await store.createPaper(fieldsOf(papers[1], 'contract-refused'), [{ name: 'Contract Never' }, UNKNOWN, idOf(PROFILE), null]);
      expect(refused).toEqual({ kind: 'missing-authors', positions: [1, 3] });
      expect(await paperTotal()).toBe(total);
      expect(await store.papersByExternalId(['contract-refused'])).toEqual([null]);
      expect(await store.authorIdByName('Contract Never')).toBeNull();
    });

    it('refuses an external id another paper has, and writes nothing', async () => {
      const total = await paperTotal();
      const taken = papers[1].externalId!;
      expect(await store.createPaper(fieldsOf(papers[1], taken), [{ name: 'Contract Twin' }])).toEqual({ kind: 'duplicate', field: 'externalId' });
      expect(await paperTotal()).toBe(total);
      expect(await store.authorIdByName('Contract Twin')).toBeNull();
      expect((await store.papersById([pid(papers[1])]))[0]!.title).toBe(papers[1].title);
    });

    it('upserts: creates by external id, a replay changes nothing, a change is written', async () => {
      const fields = { ...fieldsOf(papers[2], 'contract-upsert'), externalId: 'contract-upsert' };
      const list = [{ name: 'Contract Upsert One' }, { name: 'Contract Upsert Two' }, idOf(PROFILE)];
      const first = await store.upsertPaper(fields, list);
      expect(first).toMatchObject({ kind: 'written', created: true });
      if (first.kind !== 'written') return;
      const [stored] = await store.papersById([first.paperId]);
      const authorsBefore = (await store.paperAuthorPages([first.paperId], { first: 100, afterPosition: null }))[0].items.map((a) => a.id);
      const metricsBefore = await store.authorMetrics(authorsBefore);

      // The names on the stored list are the same authors: nothing differs, no one is refreshed.
      expect(await store.upsertPaper(fields, list)).toEqual({ kind: 'written', paperId: first.paperId, created: false, authorIds: [] });
      expect(await store.papersById([first.paperId])).toEqual([stored]);
      expect((await store.paperAuthorPages([first.paperId], { first: 100, afterPosition: null }))[0].items.map((a) => a.id)).toEqual(authorsBefore);
      expect(await store.authorMetrics(authorsBefore)).toEqual(metricsBefore);

      const changed = await store.upsertPaper({ ...fields, citationCount: fields.citationCount + 7 }, list);
      expect(changed).toMatchObject({ kind: 'written', paperId: first.paperId, created: false });
      expect((await store.papersById([first.paperId]))[0]!.citationCount).toBe(fields.citationCount + 7);
      if (changed.kind === 'written') expect([...changed.authorIds].sort()).toEqual([...authorsBefore].sort());

      expect(await store.upsertPaper({ ...fields, externalId: 'contract-upsert-2' }, [UNKNOWN])).toEqual({ kind: 'missing-authors', positions: [0] });
      expect(await store.papersByExternalId(['contract-upsert-2'])).toEqual([null]);
    });

    it('updates the fields given and replaces the author list; refuses a missing paper, missing authors, a taken external id', async () => {
      const paper = papers[3];
      const id = pid(paper);
      const list = [idOf(paper.authors[1]), idOf(paper.authors[0])];
      const written = await store.updatePaper(id, { title: 'Contract title' }, list);
      expect(written).toMatchObject({ kind: 'written', paperId: id, created: false });
      expect((await store.papersById([id]))[0]!.title).toBe('Contract title');
      expect(await authorNames(id)).toEqual([paper.authors[1], paper.authors[0]]);
      // The authors left off the list lost the paper from their metrics; one left without papers is gone.
      for (const name of paper.authors.slice(2)) {
        const left = papers.filter((p) => p.authors.includes(name) && p !== paper).length;
        if (left > 0) expect(await paperCountOf(idOf(name))).toBe(left);
        else expect(await store.authorsById([idOf(name)])).toEqual([null]);
      }

      expect(await store.updatePaper(UNKNOWN, { title: 'Nobody' }, null)).toEqual({ kind: 'no-such-paper' });
      expect(await store.updatePaper(id, { title: 'Not written' }, [idOf(PROFILE), UNKNOWN])).toEqual({ kind: 'missing-authors', positions: [1] });
      expect(await store.updatePaper(id, { externalId: papers[0].externalId }, null)).toEqual({ kind: 'duplicate', field: 'externalId' });
      const [after] = await store.papersById([id]);
      expect(after).toMatchObject({ title: 'Contract title', externalId: paper.externalId });
      expect(await authorNames(id)).toEqual([paper.authors[1], paper.authors[0]]);
    });

    it('writes citation counts by id and by external id, all or none', async () => {
      const [a, b] = [papers[4], papers[5]];
      const updated = await store.updateCitationCounts([
        { paper: { id: pid(a) }, citationCount: a.citationCount + 1 },
        { paper: { externalId: b.externalId! }, citationCount: b.citationCount + 2 },
      ]);
      const authorsOfBoth = [...new Set([...a.authors, ...b.authors])].map(idOf);
      expect(updated).toEqual({ kind: 'updated', paperIds: [pid(a), pid(b)], authorIds: expect.any(Array) });
      if (updated.kind === 'updated') expect([...updated.authorIds].sort()).toEqual(authorsOfBoth.sort());
      const counts = async () => (await store.papersById([pid(a), pid(b)])).map((p) => p!.citationCount);
      expect(await counts()).toEqual([a.citationCount + 1, b.citationCount + 2]);

      expect(
        await store.updateCitationCounts([
          { paper: { id: pid(a) }, citationCount: 1 },
          { paper: { externalId: 'contract-no-such-paper' }, citationCount: 1 },
          { paper: { id: UNKNOWN }, citationCount: 1 },
          { paper: null, citationCount: 1 },
        ]),
      ).toEqual({ kind: 'refused', found: [true, false, false, false] });
      // Refused by the caller: looked up, not written, though every paper is there.
      expect(
        await store.updateCitationCounts([
          { paper: { id: pid(a) }, citationCount: 2 },
          { paper: { externalId: b.externalId! }, citationCount: 2, refused: true },
        ]),
      ).toEqual({ kind: 'refused', found: [true, true] });
      expect(await counts()).toEqual([a.citationCount + 1, b.citationCount + 2]);
    });

    it('deletes a paper; its authors that remain are refreshed, those it made go with it', async () => {
      const fields = fieldsOf(papers[0], 'contract-delete');
      const written = await store.createPaper(fields, [idOf(PROFILE), { name: 'Contract Passing' }]);
      if (written.kind !== 'written') throw new Error(`not written: ${written.kind}`);
      const before = await paperCountOf(idOf(PROFILE));
      expect(await store.deletePaper(written.paperId)).toEqual({ kind: 'deleted', authorIds: [idOf(PROFILE)] });
      expect(await store.papersById([written.paperId])).toEqual([null]);
      expect(await store.authorIdByName('Contract Passing')).toBeNull();
      expect(await paperCountOf(idOf(PROFILE))).toBe(before - 1);
      expect(await store.deletePaper(written.paperId)).toEqual({ kind: 'no-such-paper' });
    });

    it('creates and updates authors; an external id is one author\'s', async () => {
      const created = await store.createAuthor('Contract Author', 'contract-orcid');
      expect(created).toEqual({ kind: 'created', authorId: expect.any(Number) });
      if (created.kind !== 'created') return;
      expect(await store.authorsById([created.authorId])).toEqual([{ id: created.authorId, name: 'Contract Author', externalId: 'contract-orcid' }]);
      expect(await store.createAuthor('Contract Twin', 'contract-orcid')).toEqual({ kind: 'duplicate', field: 'externalId' });
      expect(await store.authorIdByName('Contract Twin')).toBeNull();

      expect(await store.updateAuthor(created.authorId, { name: 'Contract Renamed' })).toEqual({ kind: 'updated' });
      expect(await store.authorsById([created.authorId])).toEqual([{ id: created.authorId, name: 'Contract Renamed', externalId: 'contract-orcid' }]);
      expect(await store.updateAuthor(idOf(PROFILE), { externalId: 'contract-orcid' })).toEqual({ kind: 'duplicate', field: 'externalId' });
      expect((await store.authorsById([idOf(PROFILE)]))[0]!.externalId).toBeNull();
      expect(await store.updateAuthor(UNKNOWN, { name: 'Nobody' })).toEqual({ kind: 'no-such-author' });
    });

    it('deletes an author: refused while they have papers or are a paper\'s only author, detached on request', async () => {
      const paper = papers[5];
      const name = paper.authors[paper.authors.length - 1];
      const mine = papers.filter((p) => p.authors.includes(name));
      expect(await store.deleteAuthor(idOf(name), false)).toEqual({ kind: 'has-papers' });

      const alone = await store.createAuthor('Contract Alone', null);
      if (alone.kind !== 'created') throw new Error(alone.kind);
      const solo = await store.createPaper(fieldsOf(papers[1], 'contract-solo'), [alone.authorId]);
      if (solo.kind !== 'written') throw new Error(solo.kind);
      expect(await store.deleteAuthor(alone.authorId, true)).toEqual({ kind: 'sole-author', paperIds: [solo.paperId] });
      expect(await authorNames(solo.paperId)).toEqual(['Contract Alone']);

      const deleted = await store.deleteAuthor(idOf(name), true);
      expect(deleted).toMatchObject({ kind: 'deleted' });
      if (deleted.kind === 'deleted') expect([...deleted.detachedPaperIds].sort()).toEqual(mine.map(pid).sort());
      expect(await store.authorsById([idOf(name)])).toEqual([null]);
      // Each list closes up: the others in their order, at positions 1..n.
      const [list] = await store.paperAuthorPages([pid(paper)], { first: 100, afterPosition: null });
      expect(list.items.map((a) => a.name)).toEqual(paper.authors.filter((n) => n !== name));
      expect(list.items.map((a) => a.position)).toEqual(paper.authors.slice(1).map((_, i) => i + 1));
      expect(await store.deleteAuthor(idOf(name), true)).toEqual({ kind: 'no-such-author' });
    });

    it('merges authors: papers move to the survivor, the merged ids resolve to it; refusals first, in order', async () => {
      const [into, from] = [papers[0].authors[5], papers[0].authors[6]];
      const papersOf = (n: string) => papers.filter((p) => p.authors.includes(n));
      expect(await store.mergeAuthors(UNKNOWN, [idOf(from)])).toEqual({ kind: 'no-such-author', of: 'into' });
      expect(await store.mergeAuthors(idOf(into), [idOf(from), UNKNOWN, null])).toEqual({ kind: 'no-such-author', of: 'from', position: 1 });
      expect(await store.mergeAuthors(idOf(into), [idOf(from), null, UNKNOWN])).toEqual({ kind: 'no-such-author', of: 'from', position: 1 });
      expect(await store.mergeAuthors(idOf(into), [idOf(from), idOf(into)])).toEqual({ kind: 'into-among-from' });
      expect(await store.authorsById([idOf(from)])).toEqual([expect.objectContaining({ id: idOf(from), name: from })]);

      expect(await store.mergeAuthors(idOf(into), [idOf(from), idOf(from)])).toEqual({ kind: 'merged', fromIds: [idOf(from)] });
      expect(await store.authorsById([idOf(from)])).toEqual([expect.objectContaining({ id: idOf(into), name: into })]);
      const union = new Set([...papersOf(into), ...papersOf(from)]);
      expect(await paperCountOf(idOf(into))).toBe(union.size);
      const [list] = await store.paperAuthorPages([pid(papers[0])], { first: 100, afterPosition: null });
      // Both were on the paper: the survivor keeps the better place, the list closes up.
      expect(list.items.map((a) => a.name)).toEqual(papers[0].authors.filter((n) => n !== from));
    });
  });
};
