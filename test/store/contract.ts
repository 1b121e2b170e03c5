// The store's contract (src/store/index.ts): what every engine's implementation answers, over
// the demo data (seeds/demo-profile.json: six papers, 23 authors). The expectations are worked
// out here from the seed file, never read back through the store, so an engine that answers
// differently fails. test/store/sqlite.test.ts runs it on SQLite; the next engine runs it as is.
import fs from 'node:fs';
import path from 'node:path';
import { readDemoProfile, type DemoPaper } from '../../seeds/demo-profile';
import { toFtsQuery, toNameQuery, type AuthorRecord, type Store } from '../../src/store';

export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * A part of the contract in a file of its own (./contract-*.ts), run inside storeContract: `open`
 * gives it a database of its own (a fresh demo database, as the reads have), and `track` wraps a
 * store so that the calls count for the last test (every method tried).
 */
export type ContractPart = (open: () => Promise<OpenedStore>, track: (store: Store) => Store) => void;

const profile = readDemoProfile();
const PROFILE = profile.profileAuthor;
const papers = profile.papers;
const names = [...new Set(papers.flatMap((paper) => paper.authors))];
const papersOf = (name: string) => papers.filter((paper) => paper.authors.includes(name));
const byCitations = (a: DemoPaper, b: DemoPaper) => b.citationCount - a.citationCount;

export interface ContractOptions {
  /** The engine's migrations folder, under the project's root (its drizzle-kit journal). */
  migrations?: string;
}

export function storeContract(engine: string, open: () => Promise<OpenedStore>, parts: readonly ContractPart[] = [], { migrations = 'migrations' }: ContractOptions = {}): void {
  describe(`the store on ${engine}`, () => {
    let opened: OpenedStore;
    let store: Store;
    const called = new Set<string>();
    const authorId = new Map<string, number>();
    const paperId = new Map<string, number>();
    // Every call noted, so that the last test can say which methods the contract left untried.
    const track = (target: Store): Store =>
      new Proxy(target, {
        get(object, name, receiver) {
          const value = Reflect.get(object, name, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            called.add(String(name));
            return value.apply(object, args);
          };
        },
      });

    beforeAll(async () => {
      opened = await open();
      store = track(opened.store);
      // Every author, by name, A to Z: the list itself is under test below.
      const page = await store.listAuthors({ first: 100, after: null, order: { field: 'NAME', direction: 'ASC' }, filter: null });
      for (const author of page.items) authorId.set(author.name, author.id);
      const found = await store.papersByExternalId(papers.map((paper) => paper.externalId!));
      found.forEach((paper, i) => paperId.set(papers[i].externalId!, paper!.id));
    }, 120_000);
    afterAll(async () => opened?.close());

    const idOf = (name: string) => authorId.get(name)!;
    const pid = (paper: DemoPaper) => paperId.get(paper.externalId!)!;

    describe('batch reads: every key of a batch answered, in key order', () => {
      it('finds authors by id, null for an unknown id, the same author for a repeated id', async () => {
        expect([...authorId.keys()].sort()).toEqual([...names].sort());
        const answer = await store.authorsById([idOf(PROFILE), 987_654, idOf(PROFILE), idOf(names[0])]);
        expect(answer.map((a) => a?.name ?? null)).toEqual([PROFILE, null, PROFILE, names[0]]);
        expect(answer[0]).toEqual<AuthorRecord>({ id: idOf(PROFILE), name: PROFILE, externalId: null });
      });

      it('finds papers by id and by external id, with every field as written', async () => {
        const [first, missing] = await store.papersById([pid(papers[0]), 987_654]);
        expect(missing).toBeNull();
        const { authors: _authors, ...fields } = papers[0];
        expect(first).toMatchObject(fields);
        expect(typeof first!.hasCode).toBe('boolean');
        const byExternal = await store.papersByExternalId(['no-such-id', papers[1].externalId!]);
        expect(byExternal.map((p) => p?.title ?? null)).toEqual([null, papers[1].title]);
        expect(await store.authorsByExternalId(['no-such-author'])).toEqual([null]);
      });

      it("pages an author's papers in an order, after a cursor, narrowed by a filter", async () => {
        const expected = papersOf(PROFILE).sort(byCitations);
        const order = { field: 'CITATION_COUNT', direction: 'DESC' } as const;
        const [page1, none] = await store.authorPaperPages([idOf(PROFILE), 987_654], { first: 2, after: null, order });
        expect(page1.items.map((p) => p.title)).toEqual(expected.slice(0, 2).map((p) => p.title));
        expect(page1.hasNextPage).toBe(true);
        expect(none).toEqual({ items: [], hasNextPage: false });
        // The author's place in each paper's author list.
        expect(page1.items.map((p) => p.position)).toEqual(expected.slice(0, 2).map((p) => p.authors.indexOf(PROFILE) + 1));
        const last = page1.items[1];
        const [page2] = await store.authorPaperPages([idOf(PROFILE)], { first: 100, after: [last.citationCount, last.id], order });
        expect(page2.items.map((p) => p.title)).toEqual(expected.slice(2).map((p) => p.title));
        expect(page2.hasNextPage).toBe(false);
        const withCode = await store.authorPaperPages([idOf(PROFILE)], { first: 100, after: null, order, filter: { hasCode: true } });
        expect(withCode[0].items.map((p) => p.title).sort()).toEqual(expected.filter((p) => p.hasCode).map((p) => p.title).sort());
      });

      it("counts each author's papers, within a filter too", async () => {
        const counted = names.slice(0, 5);
        expect(await store.authorPaperCounts(counted.map(idOf), null)).toEqual(counted.map((name) => papersOf(name).length));
        const since = '2025-01-01';
        expect(await store.authorPaperCounts([idOf(PROFILE), 987_654], { publishedFrom: since })).toEqual([
          papersOf(PROFILE).filter((p) => p.publishedAt >= since).length,
          0,
        ]);
      });

      it("pages a paper's authors in author-list order, after a position", async () => {
        const [paper] = papers;
        const [first3] = await store.paperAuthorPages([pid(paper)], { first: 3, afterPosition: null });
        expect(first3.items.map((a) => a.name)).toEqual(paper.authors.slice(0, 3));
        expect(first3.items.map((a) => a.position)).toEqual([1, 2, 3]);
        expect(first3.hasNextPage).toBe(paper.authors.length > 3);
        const [rest] = await store.paperAuthorPages([pid(paper)], { first: 100, afterPosition: 3 });
        expect(rest.items.map((a) => a.name)).toEqual(paper.authors.slice(3));
        expect(await store.paperAuthorCounts(papers.map(pid))).toEqual(papers.map((p) => p.authors.length));
      });

      it("pages an author's co-authors by shared papers, with the years they share", async () => {
        const shared = new Map<string, DemoPaper[]>();
        for (const paper of papersOf(PROFILE)) for (const name of paper.authors) if (name !== PROFILE) shared.set(name, [...(shared.get(name) ?? []), paper]);
        const [page] = await store.coauthorPages([idOf(PROFILE)], {
          first: 100,
          order: { field: 'SHARED_PAPERS', direction: 'DESC' },
          afterKey: null,
          withYears: true,
        });
        expect(page.items).toHaveLength(shared.size);
        for (const item of page.items) {
          const together = shared.get(item.name)!;
          expect(item.sharedPaperCount).toBe(together.length);
          const years = together.map((p) => Number(p.publishedAt.slice(0, 4)));
          expect([item.firstSharedYear, item.lastSharedYear]).toEqual([Math.min(...years), Math.max(...years)]);
        }
        const counts = page.items.map((item) => item.sharedPaperCount);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
        // Two at a time, after the sort key of the last one seen: the same co-authors, once each.
        const walked: string[] = [];
        let afterKey: number[] | null = null;
        for (;;) {
          const [next] = await store.coauthorPages([idOf(PROFILE)], { first: 2, order: { field: 'SHARED_PAPERS', direction: 'DESC' }, afterKey, withYears: false });
          walked.push(...next.items.map((item) => item.name));
          if (!next.hasNextPage) break;
          const last = next.items[next.items.length - 1];
          afterKey = [last.sharedPaperCount, last.id];
        }
        expect(walked).toEqual(page.items.map((item) => item.name));
        expect(await store.coauthorCounts([idOf(PROFILE)])).toEqual([shared.size]);
      });

      it("reads what an author's stats and metrics are computed from", async () => {
        const mine = papersOf(PROFILE);
        const [sets, everyone] = [
          await store.paperSetGroups('author', [idOf(PROFILE)], null),
          await store.paperSetGroups('all', [0], null),
        ];
        const sum = (rows: { papers: number; citations: number }[]) => rows.reduce((t, r) => [t[0] + r.papers, t[1] + r.citations], [0, 0]);
        expect(sum(sets[0].groups)).toEqual([mine.length, mine.reduce((t, p) => t + p.citationCount, 0)]);
        expect(sum(sets[0].buckets)).toEqual(sum(sets[0].groups));
        expect(sum(everyone[0].groups)[0]).toBe(papers.length);

        const years = await store.authorYears([idOf(PROFILE)]);
        const byYear = new Map<number, number>();
        for (const p of mine) byYear.set(Number(p.publishedAt.slice(0, 4)), (byYear.get(Number(p.publishedAt.slice(0, 4))) ?? 0) + 1);
        expect(years[0].map((y) => [y.year, y.papers])).toEqual([...byYear.entries()].sort((a, b) => a[0] - b[0]));

        // The h-core: the h most cited papers, h the h-index of the seed's citation counts.
        const citations = mine.map((p) => p.citationCount).sort((a, b) => b - a);
        const h = citations.filter((c, i) => c >= i + 1).length;
        const [core] = await store.hCores([idOf(PROFILE)], null);
        expect(core.map((p) => p.title)).toEqual(mine.sort(byCitations).slice(0, h).map((p) => p.title));

        const [points] = await store.noveltyPoints([idOf(PROFILE)], null);
        expect(points).toHaveLength(mine.filter((p) => p.novelty != null).length);
        const [metrics] = await store.authorMetrics([idOf(PROFILE)]);
        expect([metrics.paperCount, metrics.hIndex]).toEqual([mine.length, h]);
        expect((await store.authorMetrics([987_654]))[0].paperCount).toBe(0);
      });

      it('explains each novelty; null for an unknown paper, and for an unknown subject', async () => {
        const explained = await store.noveltyExplanations([pid(papers[0]), 987_654]);
        expect(explained[1]).toBeNull();
        expect(['supplied', 'computed']).toContain(explained[0]!.source);
        expect(await store.topicsById(['T999999'])).toEqual([null]);
        expect(await store.subjectNames(['T999999'])).toEqual([{ id: 'T999999', name: null }]);
      });
    });

    describe('lists, counts and search', () => {
      it('pages every paper in an order and counts them, within a filter too', async () => {
        const order = { field: 'PUBLISHED_AT', direction: 'ASC' } as const;
        const page = await store.listPapers({ first: 4, after: null, order });
        const dates = [...papers].map((p) => p.publishedAt).sort();
        expect(page.items.map((p) => p.publishedAt)).toEqual(dates.slice(0, 4));
        expect(page.hasNextPage).toBe(true);
        const last = page.items[3];
        const rest = await store.listPapers({ first: 100, after: [last.publishedAt, last.id], order });
        expect([...page.items, ...rest.items].map((p) => p.id).sort()).toEqual(papers.map(pid).sort());
        expect(await store.countPapers(null)).toBe(papers.length);
        expect(await store.countPapers({ minCitations: 50 })).toBe(papers.filter((p) => p.citationCount >= 50).length);
        expect(await store.countPapers({ authorId: idOf(PROFILE), hasCode: false })).toBe(papersOf(PROFILE).filter((p) => !p.hasCode).length);
        expect(await store.missingExternalIds(['nope', papers[0].externalId!, 'nope'])).toEqual(['nope']);
      });

      it('ranks a search, best match first, and marks the matched words', async () => {
        const [wanted] = papers;
        const match = toFtsQuery('multimodal reasoning')!;
        const hits = await store.searchPapers({ match, filter: null, first: 10, after: null });
        const expected = papers.filter((p) => /multimodal/i.test(p.title + p.abstract) && /reasoning/i.test(p.title + p.abstract));
        expect(hits.items.map((p) => p.id).sort()).toEqual(expected.map(pid).sort());
        expect(hits.items[0].title).toBe(wanted.title);
        expect(hits.items.map((p) => p.rank)).toEqual([...hits.items.map((p) => p.rank)].sort((a, b) => a - b));
        expect(await store.countPapers({ match })).toBe(expected.length);
        // A search's count: exact up to the bound, more than it past it (test/store/search-count.test.ts tells how near).
        expect(await store.countPapersUpTo({ match }, expected.length)).toEqual({ count: expected.length, exact: true });
        expect((await store.countPapersUpTo({ match }, 0)).exact).toBe(expected.length === 0);
        const [excerpt] = await store.paperExcerpts('multimodal reasoning', [hits.items[0].id]);
        expect(excerpt.title).toContain('<mark>');
        expect(excerpt.title.replace(/<\/?mark>/g, '')).toBe(wanted.title);
      });

      it('lists authors by a metric and by name, and counts them', async () => {
        const byH = await store.listAuthors({ first: 3, after: null, order: { field: 'H_INDEX', direction: 'DESC' }, filter: null });
        expect(byH.items[0].hIndex).toBeGreaterThanOrEqual(byH.items[2].hIndex);
        expect(await store.countAuthors(null)).toBe(names.length);
        expect(await store.countAuthors({ minPaperCount: 2 })).toBe(names.filter((name) => papersOf(name).length >= 2).length);
      });

      it('finds authors by name words, the exact name first', async () => {
        const query = toNameQuery(PROFILE)!;
        const found = await store.searchAuthors({ query, first: 5, after: null });
        expect(found.items[0].name).toBe(PROFILE);
        expect(await store.countAuthorNameMatches(query)).toBe(names.filter((name) => PROFILE.split(' ').every((w) => name.includes(w))).length);
      });
    });

    describe('API keys, by the hash of the key', () => {
      it('stores a key, finds it by hash and by id or prefix, lists it, and revokes it', async () => {
        const hash = 'ab'.repeat(32);
        const createdAt = '2026-01-02T03:04:05.000Z';
        expect(await store.activeApiKeyByHash(hash)).toBeNull();
        const id = await store.insertApiKey({ name: 'contract', role: 'writer', keyHash: hash, prefix: 'sg_contr', createdAt });
        expect(await store.activeApiKeyByHash(hash)).toEqual({ id, name: 'contract', role: 'writer' });
        expect(await store.activeApiKeyByHash('cd'.repeat(32))).toBeNull();
        expect(await store.activeApiKeyIds({ id })).toEqual([id]);
        expect(await store.activeApiKeyIds({ prefix: 'sg_contr' })).toEqual([id]);
        const other = await store.insertApiKey({ name: 'second', role: 'reader', keyHash: 'ef'.repeat(32), prefix: 'sg_contr', createdAt });
        expect(await store.activeApiKeyIds({ prefix: 'sg_contr' })).toEqual([id, other]);
        expect(await store.activeApiKeyIds({ prefix: 'sg_nope' })).toEqual([]);
        const listed = await store.listApiKeys();
        expect(listed.filter((k) => k.id === id || k.id === other)).toEqual([
          { id, name: 'contract', role: 'writer', prefix: 'sg_contr', createdAt, revokedAt: null },
          { id: other, name: 'second', role: 'reader', prefix: 'sg_contr', createdAt, revokedAt: null },
        ]);
        const at = '2026-02-03T04:05:06.000Z';
        await store.revokeApiKey(id, at);
        expect(await store.activeApiKeyByHash(hash)).toBeNull();
        expect(await store.activeApiKeyIds({ id })).toEqual([]);
        expect(await store.activeApiKeyIds({ prefix: 'sg_contr' })).toEqual([other]);
        expect((await store.listApiKeys()).find((k) => k.id === id)?.revokedAt).toBe(at);
      });
    });

    describe('persisted queries', () => {
      it('registers, marks used, trims to the most recently used, and deletes', async () => {
        expect(await store.persistedQuery('contract-1')).toBeNull();
        await store.savePersistedQuery('contract-1', '{ a }', 1_000);
        expect(await store.persistedQuery('contract-1')).toEqual({ query: '{ a }', usedAt: 1_000 });
        // Registered again: the query stays, only its use is newer.
        await store.savePersistedQuery('contract-1', '{ changed }', 2_000);
        expect(await store.persistedQuery('contract-1')).toEqual({ query: '{ a }', usedAt: 2_000 });
        await store.touchPersistedQuery('contract-1', 3_000);
        expect(await store.persistedQuery('contract-1')).toEqual({ query: '{ a }', usedAt: 3_000 });
        await store.savePersistedQuery('contract-2', '{ b }', 5_000);
        await store.savePersistedQuery('contract-3', '{ c }', 4_000);
        await store.trimPersistedQueries(2);
        expect(await store.persistedQuery('contract-1')).toBeNull();
        expect(await store.persistedQuery('contract-2')).toEqual({ query: '{ b }', usedAt: 5_000 });
        expect(await store.persistedQuery('contract-3')).toEqual({ query: '{ c }', usedAt: 4_000 });
        expect(await store.deletePersistedQuery('contract-2')).toBe(true);
        expect(await store.deletePersistedQuery('contract-2')).toBe(false);
        expect(await store.persistedQuery('contract-2')).toBeNull();
      });
    });

    describe('operations', () => {
      it('answers, has every migration the build ships, and nothing left pending', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        const journal = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', migrations, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
        expect([...(await store.appliedMigrations())].sort((a, b) => a - b)).toEqual(journal.entries.map((e) => e.when).sort((a, b) => a - b));
        expect(await store.pendingWork()).toEqual({ pendingAuthorMetrics: 0, pendingNovelty: 0, suspendedIndexes: 0 });
      });

      it('counts papers and authors, and bounds the tables by their largest ids', async () => {
        expect(await store.databaseCounts()).toEqual({ papers: papers.length, authors: names.length, pendingNovelty: 0 });
        const sizes = await store.tableSizes();
        expect(sizes.papers).toBeGreaterThanOrEqual(papers.length);
        expect(sizes.authors).toBeGreaterThanOrEqual(names.length);
        expect(sizes.authorships).toBeGreaterThanOrEqual(papers.reduce((n, paper) => n + paper.authors.length, 0));
      });

      it('moves the data version with every write of the data, and only then', async () => {
        const before = await store.dataVersion();
        // Reads, and the server's own bookkeeping (persisted queries), leave it.
        await store.databaseCounts();
        await store.savePersistedQuery('contract-version', '{ v }', 1);
        await store.deletePersistedQuery('contract-version');
        // A write refused before it wrote anything leaves it too.
        expect(await store.updateAuthor(999_999, { name: 'Nobody' })).toEqual({ kind: 'no-such-author' });
        expect(await store.dataVersion()).toBe(before);
        expect(await store.updateAuthor(idOf(PROFILE), { name: PROFILE })).toEqual({ kind: 'updated' });
        const after = await store.dataVersion();
        expect(after).toBeGreaterThan(before);
        expect(await store.dataVersion()).toBe(after);
      });

      it('finds an author by exact name, and the most cited author', async () => {
        expect(await store.authorIdByName(PROFILE)).toBe(idOf(PROFILE));
        expect(await store.authorIdByName(PROFILE.toUpperCase() + ' nobody')).toBeNull();
        const citations = (name: string) => papersOf(name).reduce((n, paper) => n + paper.citationCount, 0);
        const top = [...names].sort((a, b) => citations(b) - citations(a) || idOf(a) - idOf(b))[0];
        expect(await store.mostCitedAuthorId()).toBe(idOf(top));
      });
    });

    describe('the co-author graph', () => {
      const coauthorsOf = (name: string) => [...new Set(papersOf(name).flatMap((paper) => paper.authors))].filter((other) => other !== name);

      it('reads the links of a set of authors, at most as many as asked', async () => {
        const [first] = coauthorsOf(PROFILE);
        const links = await store.coauthorLinks([idOf(PROFILE), idOf(first)], 10_000);
        const expected = [PROFILE, first].flatMap((name) => coauthorsOf(name).map((other) => `${idOf(name)}-${idOf(other)}`));
        expect(links.map((l) => `${l.fromId}-${l.toId}`).sort()).toEqual(expected.sort());
        expect(await store.coauthorLinks([idOf(PROFILE)], 1)).toHaveLength(1);
        expect(await store.coauthorLinks([987_654], 10)).toEqual([]);
      });

      it('reads what links each step: the shared papers, newest first, and how many', async () => {
        const others = coauthorsOf(PROFILE);
        const most = [...others].sort((a, b) => papersOf(b).filter((p) => p.authors.includes(PROFILE)).length - papersOf(a).filter((p) => p.authors.includes(PROFILE)).length)[0];
        const shared = papersOf(PROFILE)
          .filter((paper) => paper.authors.includes(most))
          .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || pid(b) - pid(a));
        const stranger = names.find((name) => name !== PROFILE && !others.includes(name));
        const steps: [number, number][] = [[idOf(PROFILE), idOf(most)], [idOf(most), idOf(PROFILE)], ...(stranger ? [[idOf(PROFILE), idOf(stranger)] as [number, number]] : [])];
        const links = await store.stepLinks(steps, 100);
        expect(links[0].sharedPaperCount).toBe(shared.length);
        expect(links[0].papers.map((p) => p.title)).toEqual(shared.map((p) => p.title));
        expect(links[1]).toEqual(links[0]);
        if (stranger) expect(links[2]).toEqual({ sharedPaperCount: 0, papers: [] });
        const [one] = await store.stepLinks([[idOf(PROFILE), idOf(most)]], 1);
        expect(one.sharedPaperCount).toBe(shared.length);
        expect(one.papers.map((p) => p.title)).toEqual([shared[0].title]);
        expect(await store.stepLinks([], 100)).toEqual([]);
      });
    });

    describe('the export', () => {
      it('pages papers in row id order with their authors in author-list order, after an id, within a filter', async () => {
        const ids = papers.map(pid).sort((a, b) => a - b);
        const byId = new Map(papers.map((paper) => [pid(paper), paper]));
        const first = await store.exportPage(null, 0, 4);
        expect(first.map((p) => p.paper.id)).toEqual(ids.slice(0, 4));
        for (const { paper, authors, topics } of first) {
          const seeded = byId.get(paper.id)!;
          const { authors: _authors, ...fields } = seeded;
          expect(paper).toMatchObject(fields);
          expect(authors.map((a) => a.name)).toEqual(seeded.authors);
          expect(authors.map((a) => a.position)).toEqual(seeded.authors.map((_, i) => i + 1));
          expect(authors.map((a) => a.id)).toEqual(seeded.authors.map(idOf));
          // The demo papers have no OpenAlex topics.
          expect(topics).toEqual([]);
        }
        const rest = await store.exportPage(null, ids[3], 100);
        expect(rest.map((p) => p.paper.id)).toEqual(ids.slice(4));
        expect(await store.exportPage(null, ids[ids.length - 1], 100)).toEqual([]);
        const since = '2025-01-01';
        const filtered = await store.exportPage({ publishedFrom: since }, 0, 100);
        expect(filtered.map((p) => p.paper.id)).toEqual(papers.filter((p) => p.publishedAt >= since).map(pid).sort((a, b) => a - b));
      });

      it('knows its own schema, and that it holds data', async () => {
        expect(await store.hasSchema()).toBe(true);
        expect(await store.holdsNoData()).toBe(false);
      });
    });

    for (const part of parts) part(open, track);

    it('has tried every method of the store', () => {
      expect(Object.keys(opened.store).filter((name) => !called.has(name)).sort()).toEqual([]);
    });
  });
}

