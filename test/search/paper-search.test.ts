// Paper full-text search: the query builder, papers_fts kept in step by its triggers, ranking.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrateDatabase, openDatabase } from '../../src/store/sqlite/client';
import { toFtsFilter, toFtsQuery, MAX_QUERY_WORDS } from '../../src/store/sqlite/fts-query';
import {
  abstractSnippetSql,
  PAPER_SEARCH_JOIN,
  PAPER_SEARCH_RANK,
  PAPER_SEARCH_WHERE,
  paperExcerpts,
  searchPaperIds,
  titleHighlightSql,
  type PaperSearchHit,
} from '../../src/store/sqlite/paper-search';
import { anyText, NASTY_INPUTS, openTempDb, type TempDb } from './temp-db';

const FILLER = ['graph', 'sparse', 'kernel', 'estimation', 'robust', 'policy', 'gradient', 'lattice', 'spectral', 'bayesian'];

function insertPaper(t: TempDb, title: string, abstract = ''): number {
  const result = t.db.sqlite
    .prepare("INSERT INTO papers (title, abstract, category, published_at) VALUES (?, ?, 'cs.LG', '2024-01-01')")
    .run(title, abstract);
  return Number(result.lastInsertRowid);
}

function ids(hits: PaperSearchHit[]): number[] {
  return hits.map((h) => h.id);
}

describe('toFtsQuery', () => {
  /** What toFtsQuery makes of two words or more: the phrase, or every word apart. */
  const phraseOr = (...terms: string[]) => `${terms.join(' + ')} OR (${terms.join(' ')})`;

  it('quotes every word and ANDs them, the last one a prefix while it is being typed', () => {
    expect(toFtsQuery('neural networks')).toBe(phraseOr('"neural"', '"networks"*'));
    expect(toFtsQuery('neural networks ')).toBe(phraseOr('"neural"', '"networks"'));
    expect(toFtsQuery('Liu, Zongkai.')).toBe(phraseOr('"Liu"', '"Zongkai"'));
    expect(toFtsQuery('networks ')).toBe('"networks"');
  });

  it('keeps a short last word whole: a one- or two-letter prefix would read much of the index', () => {
    expect(toFtsQuery('gpt 4')).toBe(phraseOr('"gpt"', '"4"'));
    expect(toFtsQuery('graph ne')).toBe(phraseOr('"graph"', '"ne"'));
    expect(toFtsQuery('graph neu')).toBe(phraseOr('"graph"', '"neu"*'));
  });

  it('reads operators and syntax as plain words or separators', () => {
    expect(toFtsQuery('a OR b')).toBe(phraseOr('"a"', '"OR"', '"b"'));
    expect(toFtsQuery('NEAR(a b, 2)')).toBe(phraseOr('"NEAR"', '"a"', '"b"', '"2"'));
    expect(toFtsQuery('title:x -y "z"* ^w')).toBe(phraseOr('"title"', '"x"', '"y"', '"z"', '"w"'));
  });

  it('is null when there is no word to search', () => {
    for (const text of ['', '   ', '"', '()', '*', '🙂🙂', '\0', '-- ^ :']) expect(toFtsQuery(text)).toBeNull();
  });

  it('keeps combining marks inside their word and cuts huge input down', () => {
    expect(toFtsQuery('Bala\u0301zs ')).toBe('"Balázs"');
    expect(toFtsQuery('Bala\u030Azs ')).toBe('"Balåzs"');
    const words = toFtsQuery('word '.repeat(2_000))!.split(' OR ')[1].slice(1, -1).split(' ');
    expect(words).toHaveLength(MAX_QUERY_WORDS);
    // A cut word is searched as the prefix it has become.
    expect(toFtsQuery('a'.repeat(10_000))).toBe(`"${'a'.repeat(100)}"*`);
  });
});

describe('paper search over papers_fts', () => {
  let t: TempDb;
  const id: Record<string, number> = {};
  beforeAll(() => {
    t = openTempDb();
    // Filler so that BM25 has document frequencies to work with.
    for (let i = 0; i < 30; i++) {
      const words = FILLER.filter((_, j) => (i + j) % 3 !== 0);
      insertPaper(t, `${words.slice(0, 3).join(' ')} ${i}`, words.join(' '));
    }
    id.titleMatch = insertPaper(t, 'Diffusion models for protein folding', 'We study generative methods for structures.');
    id.abstractMatch = insertPaper(t, 'Generative methods for structures', 'We apply diffusion to proteins and graph kernels.');
    id.accented = insertPaper(t, 'Balázs and Erdős on random graphs', 'Würfel, façade, naïve résumé.');
    id.plain = insertPaper(t, 'Balazs revisited', 'Erdos numbers.');
    id.networks = insertPaper(t, 'Neural networks for lattice models', '');
    id.network = insertPaper(t, 'A network of neural sensors', '');
    id.quotes = insertPaper(t, 'OR gates and NEAR fields: "quoted" title', 'a:b (c) d* -e ^f');
    // Short titles with both words apart, and a long one with them side by side.
    id.apart1 = insertPaper(t, 'Multimodal Mathematical Reasoning', '');
    id.apart2 = insertPaper(t, 'Reasoning about Multimodal Proofs', '');
    id.phrase = insertPaper(t, 'Exploring the Frontiers of Multimodal Reasoning with Rule-based Reinforcement Learning', '');
  });
  afterAll(() => t.close());

  it('ranks a title match above an abstract-only match', () => {
    const hits = searchPaperIds(t.db.sqlite, 'diffusion', 10);
    expect(ids(hits)).toEqual([id.titleMatch, id.abstractMatch]);
    // bm25 is better when lower.
    expect(hits[0].rank).toBeLessThan(hits[1].rank);
  });

  it('ranks the words side by side, as typed, above the same words apart, and finds the same papers', () => {
    for (const text of ['multimodal reasoning', 'multimodal reasoning ', 'Multimodal reas']) {
      const hits = ids(searchPaperIds(t.db.sqlite, text, 10));
      expect(hits[0]).toBe(id.phrase);
      expect([...hits].sort()).toEqual([id.apart1, id.apart2, id.phrase].sort());
    }
    // One word: nothing to put side by side; the shorter title wins as before.
    expect(ids(searchPaperIds(t.db.sqlite, 'multimodal ', 10))[2]).toBe(id.phrase);
  });

  it('filters on the same papers as the ranked search, without the phrase that only ranking reads', () => {
    expect(toFtsFilter('neural networks')).toBe('"neural" "networks"*');
    expect(toFtsFilter('  ')).toBeNull();
    const matching = (expression: string) =>
      t.db.sqlite.prepare(`SELECT rowid FROM papers_fts WHERE ${PAPER_SEARCH_WHERE} ORDER BY rowid`).pluck().all(expression);
    for (const text of ['multimodal reasoning', 'neural netw', 'graph kernel', 'diffusion', 'Multimodal reas']) {
      expect(matching(toFtsFilter(text)!)).toEqual(matching(toFtsQuery(text)!));
    }
    expect(matching(toFtsFilter('multimodal reasoning')!)).toHaveLength(3);
  });

  it('ignores diacritics and case both ways', () => {
    expect(ids(searchPaperIds(t.db.sqlite, 'Balazs ', 10)).sort()).toEqual([id.accented, id.plain].sort());
    expect(ids(searchPaperIds(t.db.sqlite, 'BALÁZS ', 10)).sort()).toEqual([id.accented, id.plain].sort());
    expect(ids(searchPaperIds(t.db.sqlite, 'erdos ', 10)).sort()).toEqual([id.accented, id.plain].sort());
    expect(ids(searchPaperIds(t.db.sqlite, 'facade naive resume wurfel', 10))).toEqual([id.accented]);
  });

  it('finds the last word as a prefix while it is being typed', () => {
    expect(ids(searchPaperIds(t.db.sqlite, 'neural netw', 10)).sort()).toEqual([id.networks, id.network].sort());
    expect(ids(searchPaperIds(t.db.sqlite, 'neural network', 10)).sort()).toEqual([id.networks, id.network].sort());
    expect(ids(searchPaperIds(t.db.sqlite, 'neural network ', 10))).toEqual([id.network]);
    expect(ids(searchPaperIds(t.db.sqlite, 'neural netw ', 10))).toEqual([]);
  });

  it('searches operator words as words', () => {
    expect(ids(searchPaperIds(t.db.sqlite, 'OR NEAR', 10))).toEqual([id.quotes]);
    expect(ids(searchPaperIds(t.db.sqlite, '"quoted" title:', 10))).toEqual([id.quotes]);
    expect(ids(searchPaperIds(t.db.sqlite, 'a:b -e ^f', 10))).toEqual([id.quotes]);
  });

  it('pages by [rank, id] without skipping or repeating', () => {
    const all = searchPaperIds(t.db.sqlite, 'graph', 100);
    expect(all.length).toBeGreaterThan(15);
    const paged: PaperSearchHit[] = [];
    let after: [number, number] | null = null;
    for (;;) {
      const page = searchPaperIds(t.db.sqlite, 'graph', 4, after);
      if (page.length === 0) break;
      paged.push(...page);
      const last = page[page.length - 1];
      after = [last.rank, last.id];
    }
    expect(paged).toEqual(all);
  });

  it('gives the SQL pieces a resolver needs: join, match, rank, highlight and snippet', () => {
    const rows = t.db.sqlite
      .prepare(
        `SELECT p.id AS id, ${titleHighlightSql()} AS title, ${abstractSnippetSql({ open: '[', close: "']" }, { tokens: 4 })} AS excerpt
         FROM papers p ${PAPER_SEARCH_JOIN} WHERE ${PAPER_SEARCH_WHERE} ORDER BY ${PAPER_SEARCH_RANK}, p.id`,
      )
      .all(toFtsQuery('diffusion'));
    expect(rows).toEqual([
      { id: id.titleMatch, title: '<mark>Diffusion</mark> models for protein folding', excerpt: expect.any(String) },
      { id: id.abstractMatch, title: 'Generative methods for structures', excerpt: "We apply [diffusion'] to…" },
    ]);
  });

  it('ranks the same inside papers_fts as joined to papers', () => {
    const joined = t.db.sqlite
      .prepare(`SELECT p.id AS id, ${PAPER_SEARCH_RANK} AS rank FROM papers p ${PAPER_SEARCH_JOIN} WHERE ${PAPER_SEARCH_WHERE} ORDER BY 2, 1`)
      .all(toFtsQuery('graph kernel'));
    expect(joined.length).toBeGreaterThan(5);
    expect(searchPaperIds(t.db.sqlite, 'graph kernel', 100)).toEqual(joined);
  });

  it('highlights the titles and abstracts of a page of hits, in the order asked', () => {
    const excerpts = paperExcerpts(t.db.sqlite, 'diffusion', [id.abstractMatch, id.plain, id.titleMatch], { open: '{', close: '}' }, { tokens: 3 });
    expect(excerpts).toEqual([
      { id: id.abstractMatch, title: 'Generative methods for structures', abstract: 'We apply {diffusion}…' },
      { id: id.titleMatch, title: '{Diffusion} models for protein folding', abstract: 'We study generative…' },
    ]);
    expect(paperExcerpts(t.db.sqlite, '""', [id.titleMatch])).toEqual([]);
  });

  it('follows INSERT, UPDATE and DELETE on papers', () => {
    const sqlite = t.db.sqlite;
    const found = (text: string) => ids(searchPaperIds(sqlite, text, 10));
    const paper = insertPaper(t, 'Zorblax effects', 'in quimbly materials');
    expect(found('zorblax ')).toEqual([paper]);
    expect(found('quimbly ')).toEqual([paper]);

    sqlite.prepare("UPDATE papers SET title = 'Frobnitz effects' WHERE id = ?").run(paper);
    expect(found('zorblax ')).toEqual([]);
    expect(found('frobnitz ')).toEqual([paper]);
    expect(found('quimbly ')).toEqual([paper]);

    sqlite.prepare("UPDATE papers SET abstract = 'in snorkly materials' WHERE id = ?").run(paper);
    expect(found('quimbly ')).toEqual([]);
    expect(found('snorkly frobnitz')).toEqual([paper]);

    // Other columns leave the index alone; a new row id moves the entry with the row.
    sqlite.prepare('UPDATE papers SET citation_count = 7 WHERE id = ?').run(paper);
    sqlite.prepare('UPDATE papers SET id = 9999 WHERE id = ?').run(paper);
    expect(found('frobnitz ')).toEqual([9999]);

    sqlite.prepare('DELETE FROM papers WHERE id = 9999').run();
    expect(found('frobnitz ')).toEqual([]);
    expect(found('snorkly ')).toEqual([]);
    // FTS5 checks its index against the papers table itself.
    expect(() => sqlite.prepare("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });

  it('never throws on nasty input', () => {
    for (const text of NASTY_INPUTS) {
      expect(() => searchPaperIds(t.db.sqlite, text, 5)).not.toThrow();
    }
  });

  it('never throws, whatever the text (property)', () => {
    const match = t.db.sqlite.prepare(`SELECT rowid FROM papers_fts WHERE ${PAPER_SEARCH_WHERE} LIMIT 5`);
    fc.assert(
      fc.property(anyText, (text) => {
        const query = toFtsQuery(text);
        if (query !== null) match.all(query);
        searchPaperIds(t.db.sqlite, text, 5);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the papers_fts migration', () => {
  it('indexes the papers that were there before it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholargraph-fts-migration-'));
    try {
      // Only the migrations before papers_fts, as a database created earlier would have had.
      const before = path.join(dir, 'migrations');
      const source = path.join(__dirname, '..', '..', 'migrations');
      fs.mkdirSync(path.join(before, 'meta'), { recursive: true });
      const journal = JSON.parse(fs.readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8'));
      const upTo = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith('_papers_fts'));
      journal.entries = journal.entries.slice(0, upTo);
      fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify(journal));
      for (const entry of journal.entries) fs.copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(before, `${entry.tag}.sql`));

      const db = openDatabase(path.join(dir, 'old.db'));
      migrate(db.orm, { migrationsFolder: before });
      db.sqlite
        .prepare("INSERT INTO papers (title, abstract, category, published_at) VALUES ('Preexisting quasar survey', '', 'astro-ph', '2020-02-02')")
        .run();
      migrateDatabase(db);
      expect(searchPaperIds(db.sqlite, 'quasar', 10)).toHaveLength(1);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
