// The store's smaller use cases on PostgreSQL (src/store/postgres/service-store.ts) against
// SQLite's as the oracle, both over the demo profile: the co-author graph of every author, the
// export under several filters, the operations' reads, with ids compared by what they name
// (names, external ids), since the two engines number rows each their own way. The store
// contract (../contract.ts) checks the same methods against the seed file itself.
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from '../../../src/bootstrap';
import { sqliteStore, type Store } from '../../../src/store';
import { Client } from 'pg';
import { openPostgresStore, type OpenedPostgresStore } from '../../../src/store/postgres';
import { tallyStatements } from '../../../src/store/tally';
import type { Db } from '../../../src/store/sqlite/client';
import type { PaperFields, PaperWithAuthors, TopicRecord } from '../../../src/store/types';
import type { PaperWriteRecord } from '../../../src/store/write-types';
import { readDemoProfile } from '../../../seeds/demo-profile';
import { startPostgres, type PostgresCluster } from '../../support/postgres';
import { tempDir } from '../../support/server';

const CLUSTER_MS = 60_000;
const profile = readDemoProfile();

/** Each author's name by id, read from the store itself (every author has a paper). */
async function namesById(store: Store): Promise<Map<number, string>> {
  const page = await store.exportPage(null, 0, 1_000);
  return new Map(page.flatMap(({ authors }) => authors.map((a) => [a.id, a.name] as const)));
}

/** An export page with its ids replaced by what they name. */
function portable(page: PaperWithAuthors[]) {
  return page.map(({ paper: { id: _id, ...paper }, authors, topics }) => ({
    paper,
    authors: authors.map(({ id: _authorId, ...author }) => author),
    topics,
  }));
}

const topic = (n: number): TopicRecord => ({
  id: `T${1000 + n}`,
  name: `Topic ${n}`,
  subfieldId: `subfields/${n}`,
  subfieldName: `Subfield ${n}`,
  fieldId: 'fields/1',
  fieldName: 'Field',
  domainId: 'domains/1',
  domainName: 'Domain',
});

// The second's last topic id names no stored topic: the export leaves it out.
const TOPICAL: PaperWriteRecord[] = [
  [1, 2],
  [2, 1, 9],
].map((numbers, i) => ({
  fields: {
    externalId: `W${i + 1}`,
    title: `A paper with topics ${i + 1}`,
    abstract: 'About topics.',
    category: null,
    topicId: topic(numbers[0]).id,
    topicIds: JSON.stringify(numbers.map((n) => topic(n).id)),
    publishedAt: `2023-0${i + 1}-01`,
    score: 0,
    novelty: null,
    aiScore: null,
    citationCount: 0,
    hasCode: false,
    codeUrl: null,
  },
  topics: numbers.filter((n) => n !== 9).map(topic),
  authors: [{ name: `Topical Author ${i}`, key: `topical-${i}` }],
  knows: 'all',
}));

describe('the smaller use cases on PostgreSQL, against SQLite', () => {
  let cluster: PostgresCluster;
  let pg: OpenedPostgresStore;
  let sqliteDb: Db;
  let sqliteDir: string;
  const engines: Record<'pg' | 'sqlite', { store: Store; names: Map<number, string>; ids: Map<string, number> }> = {} as never;

  beforeAll(async () => {
    sqliteDir = tempDir('scholargraph-services-');
    sqliteDb = prepareDatabase(path.join(sqliteDir, 'oracle.db'), { seedDemoData: true, demoCorpusPapers: 0 }).db;
    cluster = await startPostgres();
    pg = await openPostgresStore(cluster.url);
    const writes = await pg.store.openPaperWrites({ match: 'none', authors: 'load' });
    await writes.write(
      profile.papers.map(({ authors, ...fields }, i) => ({
        line: i + 1,
        record: { fields: fields as PaperFields & { externalId: string }, authors: authors.map((name) => ({ name, key: name })), knows: 'all' as const },
      })),
    );
    await writes.finish({ scoreNovelty: false });
    for (const [engine, store] of [
      ['pg', pg.store],
      ['sqlite', sqliteStore(sqliteDb)],
    ] as const) {
      // Two papers with OpenAlex topics (the demo has none): the export's third statement.
      const withTopics = await store.openPaperWrites({ match: 'sourceIds', authors: 'source' });
      await withTopics.write(TOPICAL.map((record, i) => ({ line: i + 1, record })));
      await withTopics.finish({ scoreNovelty: false });
      const names = await namesById(store);
      engines[engine] = { store, names, ids: new Map([...names].map(([id, name]) => [name, id])) };
    }
  }, CLUSTER_MS);
  afterAll(async () => {
    await pg?.close();
    await cluster?.stop();
    sqliteDb?.close();
    if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
  });

  const both = async <T>(read: (engine: (typeof engines)['pg']) => Promise<T>): Promise<[T, T]> => [await read(engines.pg), await read(engines.sqlite)];

  it('reads the same co-author links of every author, and the same papers behind every step', async () => {
    const everyone = [...engines.sqlite.ids.keys()].sort();
    const [pgLinks, sqliteLinks] = await both(async ({ store, ids, names }) => {
      const links = await store.coauthorLinks(
        everyone.map((name) => ids.get(name)!),
        10_000,
      );
      return links.map((l) => `${names.get(l.fromId)} -> ${names.get(l.toId)}`).sort();
    });
    expect(pgLinks.length).toBeGreaterThan(everyone.length);
    expect(pgLinks).toEqual(sqliteLinks);
    // Every pair of authors, linked or not, in both directions, one statement.
    const pairs = everyone.flatMap((a) => everyone.filter((b) => b !== a).map((b) => [a, b] as const));
    for (const perStep of [1, 2, 100]) {
      const [pgSteps, sqliteSteps] = await both(async ({ store, ids }) =>
        (await store.stepLinks(
          pairs.map(([a, b]) => [ids.get(a)!, ids.get(b)!] as const),
          perStep,
        )).map(({ sharedPaperCount, papers }) => ({ sharedPaperCount, papers: papers.map(({ id: _id, ...paper }) => paper) })),
      );
      expect(pgSteps).toEqual(sqliteSteps);
      expect(pgSteps.some((step) => step.sharedPaperCount > 1)).toBe(true);
    }
  });

  it('exports the same pages under each filter, topics in order, in two statements a page (three with topics)', async () => {
    const filters = [
      null,
      { publishedFrom: '2025-01-01' },
      { publishedTo: '2024-06-30', hasCode: true },
      { minCitations: 10, minScore: 1 },
      { categories: ['cs.LG', 'cs.CV'] },
      { match: '"offline"' },
      { match: '"multimodal" + "reasoning" OR "policy"*' },
      { externalIds: profile.papers.slice(1, 4).map((p) => p.externalId!) },
      { categories: ['T1002'] },
      { categories: ['subfields/1', 'cs.AI'] },
    ];
    for (const filter of filters) {
      // The engines number the papers each their own way: the same papers, each in id order.
      const [pgPapers, sqlitePapers] = await both(async ({ store }) => {
        const papers: PaperWithAuthors[] = [];
        for (let after = 0; ; ) {
          const page = await store.exportPage(filter, after, 2);
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(2);
          papers.push(...page);
          after = page[page.length - 1].paper.id;
        }
        const ids = papers.map((p) => p.paper.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        return portable(papers).sort((a, b) => a.paper.externalId!.localeCompare(b.paper.externalId!));
      });
      expect(pgPapers).toEqual(sqlitePapers);
      expect(pgPapers.length).toBeGreaterThan(0);
    }
    const [everything] = await both(({ store }) => store.exportPage(null, 0, 100));
    expect(everything.filter((p) => p.paper.externalId!.startsWith('W')).map((p) => p.topics.map((t) => t.id))).toEqual([
      ['T1001', 'T1002'],
      ['T1002', 'T1001'],
    ]);
    const tally = { count: 0 };
    await tallyStatements(tally, () => engines.pg.store.exportPage({ publishedFrom: '2024-01-01' }, 0, 100));
    expect(tally.count).toBe(2);
    await tallyStatements(tally, () => engines.pg.store.exportPage(null, 0, 100));
    expect(tally.count).toBe(2 + 3);
  });

  it('answers the operations as SQLite does, and its table sizes bound the tables uncounted', async () => {
    const [pgCounts, sqliteCounts] = await both(({ store }) => store.databaseCounts());
    expect(pgCounts).toEqual(sqliteCounts);
    const [pgPending, sqlitePending] = await both(({ store }) => store.pendingWork());
    expect(pgPending).toEqual(sqlitePending);
    const [pgTop, sqliteTop] = await both(async ({ store, names }) => names.get((await store.mostCitedAuthorId())!));
    expect(pgTop).toBe(sqliteTop);
    const [pgFound, sqliteFound] = await both(async ({ store, names }) => names.get((await store.authorIdByName(profile.profileAuthor))!));
    expect(pgFound).toBe(profile.profileAuthor);
    expect(sqliteFound).toBe(profile.profileAuthor);
    const journal = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'migrations', 'postgres', 'meta', '_journal.json'), 'utf8')) as {
      entries: { when: number }[];
    };
    expect([...(await engines.pg.store.appliedMigrations())].sort()).toEqual(journal.entries.map((e) => e.when).sort());

    const tally = { count: 0 };
    const sizes = await tallyStatements(tally, () => engines.pg.store.tableSizes());
    expect(tally.count).toBe(0);
    const authorships = profile.papers.reduce((n, paper) => n + paper.authors.length, 0);
    expect(sizes.papers).toBeGreaterThanOrEqual(profile.papers.length);
    expect(sizes.authors).toBeGreaterThanOrEqual(engines.pg.names.size);
    expect(sizes.authorships).toBeGreaterThanOrEqual(authorships);
    // A bound, not a guess: within a page of authorships.
    expect(sizes.authorships).toBeLessThan(authorships + 200);
  });

  it('finds nothing for an id beyond the int4 ids, as SQLite does, rather than failing', async () => {
    const huge = 2 ** 40;
    for (const { store } of [engines.pg, engines.sqlite]) {
      expect(await store.coauthorLinks([huge], 10)).toEqual([]);
      expect(await store.stepLinks([[huge, huge + 1]], 10)).toEqual([{ sharedPaperCount: 0, papers: [] }]);
      expect(await store.activeApiKeyIds({ id: huge })).toEqual([]);
      await store.revokeApiKey(huge, '2026-01-01T00:00:00.000Z');
      expect(await store.exportPage(null, huge, 10)).toEqual([]);
    }
  });

  it('registers one query from many connections at once: one row with one of the texts, and no refusal', async () => {
    const { store } = engines.pg;
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.savePersistedQuery('raced', `{ q${i} }`, 1_000 + i)));
    const saved = await store.persistedQuery('raced');
    expect(saved?.query).toMatch(/^\{ q\d+ \}$/);
    // Each use writes its own time; the last one to commit wins, whichever it is.
    expect(saved?.usedAt).toBeGreaterThanOrEqual(1_000);
    await Promise.all([store.trimPersistedQueries(0), store.trimPersistedQueries(0)]);
    expect(await store.persistedQuery('raced')).toBeNull();
  });

  it('knows an empty database holds no schema and no migration', async () => {
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE empty_services');
    } finally {
      await admin.end();
    }
    const empty = await openPostgresStore(cluster.url.replace(/\/[^/]+$/, '/empty_services'), { migrate: false });
    try {
      expect(await empty.store.hasSchema()).toBe(false);
      expect(await empty.store.appliedMigrations()).toEqual([]);
      await expect(empty.store.ping()).resolves.toBeUndefined();
    } finally {
      await empty.close();
    }
  });
});
