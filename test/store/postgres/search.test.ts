// The lists, counts and searches on PostgreSQL (src/store/postgres/lists.ts, paper-search.ts,
// author-search.ts) against SQLite's as the oracle, over more than the contract's six papers: the
// demo profile, a generated corpus and the real samples (test/fixtures/real, copies of ../shared/data) (accented names and
// words, French and German titles), copied row for row, ids included, since every order breaks
// its ties by id; and authors whose names a tokenizer may read in more than one way (hyphens,
// apostrophes, an accent composed or not, a repeated word), and old names of merged authors.
// Lists, counts and name searches must answer what SQLite answers; a paper search must find the
// same papers, in an order that may differ (ts_rank_cd is not bm25), and mark them as SQLite does.
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase, type Db } from '../../../src/store/sqlite/client';
import { sqliteStore, toFtsQuery, toNameQuery, type Store } from '../../../src/store';
import { openPgDb, type PgDb } from '../../../src/store/postgres/db';
import { listReads, type ListReadsPart } from '../../../src/store/postgres/lists';
import { tallyStatements } from '../../../src/store/tally';
import type { AuthorFilter, AuthorOrderField, Direction, KeyValue, PaperFilter, PaperOrderField } from '../../../src/store/types';
import { copySqliteToPostgres, newPostgresDatabase, stopPostgres } from '../../support/engine';
import { writeRealRecords } from '../../support/real-records';
import { tempDir } from '../../support/server';

const SETUP_MS = 120_000;

// Names without papers (no metrics: they rank as uncited), and old names of two of them.
const NAMES = [
  'Jean-Pierre Dupont',
  'Jean Pierre',
  "Seán O'Brien",
  'Bala\u0301zs Nagy',
  'Wei Wei',
  'Wei Zhang Wei',
  'Zoë van der Berg',
  'Pierre-Jean Dupont-Martin',
  'J. R. R. Tolkien',
  'Anne-Marie',
];
const ALIASES = [
  ['Zoë van der Berg', 'Zoe Vanderberg'],
  ['Wei Wei', 'Dupont Jean'],
];

describe('PostgreSQL lists, counts and search', () => {
  let db: PgDb;
  let pg: ListReadsPart;
  let dir: string;
  let sqlite: Db;
  let oracle: Store;

  beforeAll(async () => {
    const url = await newPostgresDatabase();
    db = openPgDb(url);
    pg = listReads(db);
    dir = tempDir('scholargraph-search-');
    sqlite = openDatabase(path.join(dir, 'oracle.db'));
    migrateDatabase(sqlite);
    oracle = sqliteStore(sqlite);
    await writeRealRecords(oracle);
    for (const name of NAMES) sqlite.sqlite.prepare('INSERT INTO authors (name) VALUES (?)').run(name);
    for (const [name, alias] of ALIASES) {
      sqlite.sqlite.prepare('INSERT INTO author_aliases (author_id, name) SELECT id, ? FROM authors WHERE name = ?').run(alias, name);
    }
    await copySqliteToPostgres(sqlite.sqlite, url);
  }, SETUP_MS);
  afterAll(async () => {
    await db?.pool.end();
    sqlite?.close();
    await stopPostgres();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** PostgreSQL's answer, in one statement. */
  async function once<T>(read: (store: ListReadsPart) => Promise<T>): Promise<T> {
    const tally = { count: 0 };
    const answer = await tallyStatements(tally, () => read(pg));
    expect(tally.count).toBe(1);
    return answer;
  }

  async function same<T>(read: (store: ListReadsPart) => Promise<T>): Promise<T> {
    const actual = await once(read);
    expect(actual).toEqual(await read(oracle));
    return actual;
  }

  it('pages papers in every order, after cursors, within every filter, and counts them', async () => {
    const filters: (PaperFilter | null)[] = [
      null,
      { categories: ['cs.LG', 'hep-th', 'Geology'] },
      { publishedFrom: '2015-01-01', publishedTo: '2022-12-31', hasCode: false },
      { minCitations: 3, minScore: 10 },
      { externalIds: ['2401.00001', 'W2000000000', 'nope'] },
      { match: toFtsQuery('neural net') },
    ];
    const keyOf: Record<PaperOrderField, (p: { publishedAt: string; citationCount: number; score: number; novelty: number | null; title: string }) => KeyValue> = {
      PUBLISHED_AT: (p) => p.publishedAt,
      CITATION_COUNT: (p) => p.citationCount,
      SCORE: (p) => p.score,
      NOVELTY: (p) => p.novelty ?? -1,
      TITLE: (p) => p.title,
    };
    let walked = 0;
    for (const filter of filters) {
      expect(await same((s) => s.countPapers(filter))).toBeGreaterThan(0);
      for (const field of Object.keys(keyOf) as PaperOrderField[]) {
        for (const direction of ['ASC', 'DESC'] as Direction[]) {
          let after: KeyValue[] | null = null;
          for (let page = 0; page < 3; page++) {
            const found = await same((s) => s.listPapers({ first: 40, after, order: { field, direction }, filter }));
            walked += found.items.length;
            const last = found.items.at(-1);
            if (!found.hasNextPage || !last) break;
            after = [keyOf[field](last), last.id];
          }
        }
      }
    }
    expect(walked).toBeGreaterThan(1000);
  });

  it('pages authors by every metric and by name, within every filter, and counts them', async () => {
    const filters: (AuthorFilter | null)[] = [null, { minHIndex: 2 }, { category: 'cs.LG' }, { category: 'Geology', minPaperCount: 2 }];
    const keyOf: Record<AuthorOrderField, (a: { hIndex: number; citationCount: number; paperCount: number; noveltyKey: number; name: string }) => KeyValue> = {
      H_INDEX: (a) => a.hIndex,
      CITATION_COUNT: (a) => a.citationCount,
      PAPER_COUNT: (a) => a.paperCount,
      NOVELTY: (a) => a.noveltyKey,
      NAME: (a) => a.name,
    };
    for (const filter of filters) {
      expect(await same((s) => s.countAuthors(filter))).toBeGreaterThan(0);
      for (const field of Object.keys(keyOf) as AuthorOrderField[]) {
        for (const direction of ['ASC', 'DESC'] as Direction[]) {
          let after: KeyValue[] | null = null;
          for (let page = 0; page < 3; page++) {
            const found = await same((s) => s.listAuthors({ first: 50, after, order: { field, direction }, filter }));
            const last = found.items.at(-1);
            if (!found.hasNextPage || !last) break;
            after = [keyOf[field](last), last.id];
          }
        }
      }
    }
  });

  it('names the external ids no paper has, once each, in the order given', async () => {
    expect(await same((s) => s.missingExternalIds(['nope', '2401.00001', 'W2000000000', 'nope', 'also-not']))).toContain('also-not');
  });

  // Among them words that PostgreSQL's parser alone would keep inside a longer token where FTS5
  // reads them as words: "Cretaceous" in "Jurassic/Cretaceous", host names and paths in URLs,
  // "3.5", "e.g." and HTML entities (&gt;); search_words cuts them as FTS5 does.
  const SEARCHES = [
    'learning', 'neural network', 'multimodal reasoning', 'climate', 'groundwater', 'graph', 'model', 'quantum',
    'sediment transport', 'language models', 'optim', 'rule based', 'reinforcement learning', 'Tithonian ammonites',
    'kollar', 'Kollár', 'Gröbner', 'paleoecologie', 'paléobiogéographie', 'Québec', 'rugen', 'Téthys méditerranéenne',
    'nothing matches this', 'the',
    'Cretaceous', 'Jurassic/Cretaceous', 'sron', 'radex', 'xrt curves', 'swift', '3.5', '3.5 mm', 'e.g.', 'gt', 'amp', 'lt',
  ];
  const SPLIT_BY_POSTGRES_PARSER = ['Cretaceous', 'sron', 'radex', '3.5', 'gt'];

  it('finds a word that PostgreSQL\'s parser would keep inside a path, a URL, a decimal or an entity', async () => {
    for (const text of SPLIT_BY_POSTGRES_PARSER) {
      const match = toFtsQuery(text)!;
      const expected = await oracle.searchPapers({ match, filter: null, first: 10_000, after: null });
      expect({ text, found: expected.items.length > 0 }).toEqual({ text, found: true });
      expect((await pg.searchPapers({ match, filter: null, first: 10_000, after: null })).items.map((p) => p.id).sort()).toEqual(
        expected.items.map((p) => p.id).sort(),
      );
    }
  });

  it('pages after a cursor beyond int4 as SQLite does: nothing or everything, no failed cast', async () => {
    const big = 2 ** 40;
    for (const direction of ['ASC', 'DESC'] as Direction[]) {
      for (const [field, value] of [['CITATION_COUNT', big], ['SCORE', big], ['TITLE', 'M'], ['PUBLISHED_AT', '2020-01-01'], ['NOVELTY', 0.5]] as const) {
        await same((s) => s.listPapers({ first: 5, after: [value, big], order: { field, direction }, filter: null }));
        await same((s) => s.listPapers({ first: 5, after: [value, -big], order: { field, direction }, filter: null }));
      }
      for (const [field, value] of [['H_INDEX', big], ['PAPER_COUNT', -big], ['NAME', 'M'], ['NOVELTY', 0.5]] as const) {
        await same((s) => s.listAuthors({ first: 5, after: [value, big], order: { field, direction }, filter: null }));
      }
    }
  });

  it('finds the papers SQLite finds, within a filter too, and pages the ranking by [rank, id]', async () => {
    for (const text of SEARCHES) {
      const match = toFtsQuery(text)!;
      for (const filter of [null, { publishedFrom: '2010-01-01' }, { hasCode: false, minCitations: 1 }]) {
        const all = await once((s) => s.searchPapers({ match, filter, first: 10_000, after: null }));
        const expected = await oracle.searchPapers({ match, filter, first: 10_000, after: null });
        expect(all.items.map((p) => p.id).sort()).toEqual(expected.items.map((p) => p.id).sort());
        const ranks = all.items.map((p) => p.rank);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(await same((s) => s.countPapers({ ...filter, match }))).toBe(all.items.length);
        // Page by page after each page's last [rank, id]: the same ranking, no paper twice.
        const walked: number[] = [];
        let after: KeyValue[] | null = null;
        for (;;) {
          const page = await once((s) => s.searchPapers({ match, filter, first: 7, after }));
          walked.push(...page.items.map((p) => p.id));
          const last = page.items.at(-1);
          if (!page.hasNextPage || !last) break;
          after = [last.rank, last.id];
        }
        expect(walked).toEqual(all.items.map((p) => p.id));
      }
    }
  });

  it('ranks first the paper SQLite ranks first where a title holds the words as typed', async () => {
    for (const text of ['multimodal reasoning', 'language models', 'climate', 'groundwater', 'optim', 'neural network', 'Téthys méditerranéenne']) {
      const match = toFtsQuery(text)!;
      const [best] = (await oracle.searchPapers({ match, filter: null, first: 1, after: null })).items;
      expect((await pg.searchPapers({ match, filter: null, first: 1, after: null })).items[0].id).toBe(best.id);
    }
  });

  it('marks the matched words as SQLite does: titles whole, a phrase as one stretch, the abstract cut with ellipses', async () => {
    const unmarked = (text: string) => text.replace(/<\/?mark>/g, '');
    for (const text of SEARCHES) {
      const match = toFtsQuery(text)!;
      const ids = (await oracle.searchPapers({ match, filter: null, first: 30, after: null })).items.map((p) => p.id);
      const expected = await oracle.paperExcerpts(text, [...ids, 987_654]);
      const excerpts = await once((s) => s.paperExcerpts(text, [...ids, 987_654]));
      expect(excerpts.map((e) => e.id)).toEqual(ids);
      const abstracts = await oracle.papersById(ids);
      excerpts.forEach((excerpt, i) => {
        expect(excerpt.title).toBe(expected[i].title);
        // The stretch may be another (ts_headline picks its own), never other text.
        const abstract = abstracts[i]!.abstract;
        const cut = unmarked(excerpt.abstract);
        const inner = cut.replace(/^…/, '').replace(/…$/, '');
        expect(abstract).toContain(inner);
        expect(cut.startsWith('…')).toBe(/[\p{L}\p{N}]/u.test(abstract.slice(0, abstract.indexOf(inner))));
        expect(cut.endsWith('…')).toBe(/[\p{L}\p{N}]/u.test(abstract.slice(abstract.indexOf(inner) + inner.length)));
        expect(inner.match(/[\p{L}\p{N}]+/gu)?.length ?? 0).toBeLessThanOrEqual(40);
      });
    }
    const [phrase] = await pg.paperExcerpts('multimodal reasoning', (await oracle.searchPapers({ match: toFtsQuery('multimodal reasoning')!, filter: null, first: 1, after: null })).items.map((p) => p.id));
    expect(phrase.title).toContain('<mark>Multimodal Reasoning</mark>');
    expect(phrase.abstract).toContain('<mark>multimodal reasoning</mark>');
    expect(await pg.paperExcerpts('', [1])).toEqual([]);
    // An id no paper can have (beyond int4) finds nothing, as on SQLite, rather than failing.
    expect(await pg.paperExcerpts('learning', [2 ** 40])).toEqual([]);
    expect((await pg.searchPapers({ match: toFtsQuery('learning')!, filter: null, first: 5, after: [0, 2 ** 40] })).items).toEqual([]);
  });

  it('finds authors by name words in SQLite\'s tiers and order, by old names too, and counts them', async () => {
    const queries = [
      'Balázs', 'balazs', 'balazs nagy', 'nagy bal', 'liu', 'li', 'wang w', 'zhang', 'jean pierre', 'jean pierre dupont', 'pierre jean',
      'dupont jean', 'dupont martin', "o'brien", 'sean o brien', 'wei wei', 'wei', 'wei zhang', 'zoe van', 'vanderberg', 'van der berg',
      'j r r tolkien', 'tolkien', 'anne marie', 'marie', 'le herisse', 'herisse', 'nutzel', 'brejova', 'lathuili', 'anne catherine', 'c gomez',
      'nobody by this name',
    ];
    const profile = (await oracle.listAuthors({ first: 40, after: null, order: { field: 'CITATION_COUNT', direction: 'DESC' }, filter: null })).items;
    let found = 0;
    for (const text of [...queries, ...profile.map((a) => a.name)]) {
      const query = toNameQuery(text)!;
      const count = await same((s) => s.countAuthorNameMatches(query));
      let after: [number, number, string, number] | null = null;
      for (let page = 0; page < 4; page++) {
        const hits = await same((s) => s.searchAuthors({ query, first: 3, after }));
        found += hits.items.length;
        const last = hits.items.at(-1);
        if (!hits.hasNextPage || !last) break;
        after = [last.tier, 0 - last.citations, last.name, last.id];
      }
      if (text !== 'nobody by this name') expect(count).toBeGreaterThan(0);
    }
    expect(found).toBeGreaterThan(100);
    const [exact] = (await pg.searchAuthors({ query: toNameQuery('jean pierre dupont')!, first: 1, after: null })).items;
    expect([exact.name, exact.tier]).toEqual(['Jean-Pierre Dupont', 0]);
  });
});
