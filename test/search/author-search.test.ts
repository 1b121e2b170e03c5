// Author name search for an autocomplete box: prefixes, any order, accents, tiers, keyset pages.
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../src/pagination/cursor';
import { NameTier, toNameQuery, MAX_NAME_WORDS, type NameQuery } from '../../src/store/sqlite/author-query';
import {
  AUTHOR_SEARCH_KEY_TYPES,
  AUTHOR_SEARCH_ORDERING,
  authorSearchCursorKey,
  countAuthorNameMatches,
  searchAuthorNames,
  type AuthorSearchHit,
  type AuthorSearchKey,
} from '../../src/store/sqlite/author-search';
import { anyText, NASTY_INPUTS, openTempDb, type TempDb } from './temp-db';

function query(text: string): NameQuery {
  const q = toNameQuery(text);
  if (!q) throw new Error(`no words in ${JSON.stringify(text)}`);
  return q;
}

describe('toNameQuery', () => {
  it('makes every word a prefix, and the narrower tier expressions', () => {
    expect(toNameQuery('Liu, Zongkai')).toEqual({
      match: '"Liu"* "Zongkai"*',
      exact: '"Liu" "Zongkai"',
      startsWith: '^"Liu" + "Zongkai"*',
      wordCount: 2,
      truncated: false,
    });
  });

  it('is null without words, so that the list falls back to every author by name', () => {
    for (const text of [null, undefined, '', '  ', '"*"', '🙂', '\0']) expect(toNameQuery(text)).toBeNull();
  });

  it('keeps at most MAX_NAME_WORDS words and says so', () => {
    const q = query('a b c d e f g h i j');
    expect(q.wordCount).toBe(MAX_NAME_WORDS);
    expect(q.truncated).toBe(true);
  });
});

describe('author name search over authors_fts', () => {
  let t: TempDb;
  const id: Record<string, number> = {};

  function addAuthor(name: string, citations?: number): number {
    const authorId = Number(t.db.sqlite.prepare('INSERT INTO authors (name) VALUES (?)').run(name).lastInsertRowid);
    if (citations !== undefined) {
      t.db.sqlite
        .prepare(
          'INSERT INTO author_metrics (author_id, paper_count, citation_count, h_index, i10_index, g_index) VALUES (?, 0, ?, 0, 0, 0)',
        )
        .run(authorId, citations);
    }
    return authorId;
  }

  function search(text: string, first = 100, after: AuthorSearchKey | null = null): AuthorSearchHit[] {
    return searchAuthorNames(t.db.sqlite, { query: query(text), first, after }).items;
  }

  function names(text: string): string[] {
    return search(text).map((a) => a.name);
  }

  beforeAll(() => {
    t = openTempDb();
    id.zongkai = addAuthor('Zongkai Liu', 229);
    id.balazs = addAuthor('Balázs Kovács', 10);
    id.balazsPlain = addAuthor('Balazs Toth');
    id.greek = addAuthor('ΣΊΣΥΦΟΣ Παπαδόπουλος', 3);
    id.russian = addAuthor('Иван Петров', 4);
    // Tier fixtures for "wei": exact, prefix (whole first word and part of it), elsewhere.
    id.wei = addAuthor('Wei', 1);
    id.weiZhang = addAuthor('Wei Zhang', 500);
    id.weidongLi = addAuthor('Weidong Li', 900);
    id.liWei = addAuthor('Li Wei', 5000);
    id.zhangWeiMissing = addAuthor('Zhang Wei');
    id.weiZhang2 = addAuthor('Wei Zhang', 500);
    // Paging fixtures: 50 matches of "paging per" over the three tiers, with ties on citations and names.
    for (let i = 0; i < 50; i++) {
      const name = i % 5 === 0 ? 'Paging Person' : i % 5 === 1 ? `Person Paging ${i % 3}` : `Paging Person ${String.fromCharCode(65 + (i % 4))}`;
      addAuthor(name, i % 4 === 3 ? undefined : (i * 7) % 30);
    }
  });
  afterAll(() => t.close());

  it('finds a name by a prefix of any of its words, the words in any order', () => {
    for (const text of ['zongkai', 'Zong', 'liu z', 'z liu', 'Liu, Zongkai', 'ZONGKAI LIU', 'liu']) {
      expect(names(text)).toEqual(['Zongkai Liu']);
    }
    expect(names('zongkai x')).toEqual([]);
    // A prefix starts a word: letters inside one find nothing.
    expect(names('ongkai')).toEqual([]);
  });

  it('ignores accents both ways and case in every script', () => {
    expect(names('Balazs').sort()).toEqual(['Balazs Toth', 'Balázs Kovács']);
    expect(names('Balázs').sort()).toEqual(['Balazs Toth', 'Balázs Kovács']);
    expect(names('BALAZS kova')).toEqual(['Balázs Kovács']);
    expect(names('Bala\u0301zs toth')).toEqual(['Balazs Toth']);
    expect(names('σίσυφος')).toEqual(['ΣΊΣΥΦΟΣ Παπαδόπουλος']);
    expect(names('παπαδ')).toEqual(['ΣΊΣΥΦΟΣ Παπαδόπουλος']);
    expect(names('ИВАН пет')).toEqual(['Иван Петров']);
  });

  it('ranks exact names first, then names the query starts, then the rest; by citations within a tier', () => {
    const hits = search('wei');
    expect(hits.map((h) => [h.tier, h.name, h.citations])).toEqual([
      [NameTier.Exact, 'Wei', 1],
      [NameTier.Prefix, 'Weidong Li', 900],
      [NameTier.Prefix, 'Wei Zhang', 500],
      [NameTier.Prefix, 'Wei Zhang', 500],
      [NameTier.Words, 'Li Wei', 5000],
      // No author_metrics row: 0 citations.
      [NameTier.Words, 'Zhang Wei', 0],
    ]);
    // Same name and citations: the id decides.
    expect(hits[2].id).toBeLessThan(hits[3].id);
  });

  it('counts any order of the words as exact, and a started last word as a prefix', () => {
    const tiers = (text: string) => search(text).map((h) => [h.name, h.tier]);
    expect(tiers('zhang wei')).toEqual([
      ['Wei Zhang', NameTier.Exact],
      ['Wei Zhang', NameTier.Exact],
      ['Zhang Wei', NameTier.Exact],
    ]);
    expect(tiers('wei zh')).toEqual([
      ['Wei Zhang', NameTier.Prefix],
      ['Wei Zhang', NameTier.Prefix],
      ['Zhang Wei', NameTier.Words],
    ]);
    expect(tiers('Liu, Zongkai')).toEqual([['Zongkai Liu', NameTier.Exact]]);
    expect(tiers('zongkai')).toEqual([['Zongkai Liu', NameTier.Prefix]]);
  });

  it('pages through 50 matches, 7 at a time, without skipping or repeating', async () => {
    const q = query('paging per');
    expect(await countAuthorNameMatches(t.db.sqlite, q)).toBe(50);
    const all = searchAuthorNames(t.db.sqlite, { query: q, first: 100, after: null });
    expect(all.items).toHaveLength(50);
    expect(all.hasNextPage).toBe(false);
    expect(new Set(all.items.map((a) => a.tier))).toEqual(new Set([NameTier.Prefix, NameTier.Words]));

    const paged: AuthorSearchHit[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      // Through the opaque cursor, as the resolver would.
      const after = cursor ? (decodeCursor(cursor, AUTHOR_SEARCH_ORDERING, AUTHOR_SEARCH_KEY_TYPES) as AuthorSearchKey) : null;
      const page = searchAuthorNames(t.db.sqlite, { query: q, first: 7, after });
      paged.push(...page.items);
      pages++;
      if (!page.hasNextPage) break;
      cursor = encodeCursor(AUTHOR_SEARCH_ORDERING, authorSearchCursorKey(page.items[page.items.length - 1]));
    }
    expect(pages).toBe(8);
    expect(paged).toEqual(all.items);

    // And the exact tier pages too: "paging person" puts the ten exact names first.
    const exact = searchAuthorNames(t.db.sqlite, { query: query('person paging'), first: 10, after: null });
    expect(exact.items.map((a) => [a.name, a.tier])).toEqual(Array(10).fill(['Paging Person', NameTier.Exact]));
    const next = searchAuthorNames(t.db.sqlite, {
      query: query('person paging'),
      first: 1,
      after: authorSearchCursorKey(exact.items[9]),
    });
    expect(next.items[0].tier).toBe(NameTier.Prefix);
  });

  it('follows INSERT, UPDATE and DELETE on authors', () => {
    const sqlite = t.db.sqlite;
    const author = addAuthor('Quentin Zorblax');
    expect(names('zorb')).toEqual(['Quentin Zorblax']);
    sqlite.prepare("UPDATE authors SET name = 'Quentin Frobnitz' WHERE id = ?").run(author);
    expect(names('zorb')).toEqual([]);
    expect(names('frob quen')).toEqual(['Quentin Frobnitz']);
    sqlite.prepare('DELETE FROM authors WHERE id = ?').run(author);
    expect(names('frob')).toEqual([]);
    expect(() => sqlite.prepare("INSERT INTO authors_fts(authors_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });

  it('never throws on nasty input', async () => {
    for (const text of NASTY_INPUTS) {
      const q = toNameQuery(text);
      if (q === null) continue;
      expect(() => searchAuthorNames(t.db.sqlite, { query: q, first: 5, after: null })).not.toThrow();
      await expect(countAuthorNameMatches(t.db.sqlite, q)).resolves.toEqual(expect.any(Number));
      expect(() =>
        searchAuthorNames(t.db.sqlite, { query: q, first: 5, after: [NameTier.Words, -3, text, 1] }),
      ).not.toThrow();
    }
  });

  it('never throws, whatever the text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const q = toNameQuery(text);
        if (q === null) return;
        searchAuthorNames(t.db.sqlite, { query: q, first: 5, after: null });
        await countAuthorNameMatches(t.db.sqlite, q);
      }),
      { numRuns: 1000 },
    );
  });
});
