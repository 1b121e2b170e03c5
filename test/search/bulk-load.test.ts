// Bulk loads with the search triggers suspended: indexes rebuilt at the end, even after a crash.
import path from 'node:path';
import { openDatabase } from '../../src/store/sqlite/client';
import { resumeSearchIndexing, suspendSearchIndexing, withSearchIndexingDeferred } from '../../src/store';
import { searchPaperIds } from '../../src/store/sqlite/paper-search';
import { openTempDb, type TempDb } from './temp-db';

// The triggers of the two indexes bulk loads suspend (aliases are never bulk-loaded).
const TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name GLOB 'papers_fts_*' OR name GLOB 'authors_fts_*') ORDER BY name";

describe('search indexing around bulk loads', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.close());

  function insertPaper(title: string): void {
    t.db.sqlite.prepare("INSERT INTO papers (title, category, published_at) VALUES (?, 'cs.LG', '2024-01-01')").run(title);
  }

  function checkIndexes(): void {
    for (const index of ['papers_fts', 'authors_fts']) {
      t.db.sqlite.prepare(`INSERT INTO ${index}(${index}, rank) VALUES ('integrity-check', 1)`).run();
    }
  }

  it('indexes what was loaded once the load is over, and puts the same triggers back', () => {
    const before = t.db.sqlite.prepare(TRIGGERS).all();
    expect(before).toHaveLength(6);
    const loaded = withSearchIndexingDeferred(t.db.sqlite, () => {
      expect(t.db.sqlite.prepare(TRIGGERS).all()).toEqual([]);
      insertPaper('Bulk loaded quasars');
      t.db.sqlite.prepare("INSERT INTO authors (name) VALUES ('Bulk Author')").run();
      expect(searchPaperIds(t.db.sqlite, 'quasars', 5)).toEqual([]);
      return 'done';
    });
    expect(loaded).toBe('done');
    expect(t.db.sqlite.prepare(TRIGGERS).all()).toEqual(before);
    expect(searchPaperIds(t.db.sqlite, 'quasars', 5)).toHaveLength(1);
    insertPaper('Quasars again');
    expect(searchPaperIds(t.db.sqlite, 'quasars', 5)).toHaveLength(2);
    checkIndexes();
  });

  it('resumes when the load fails', () => {
    expect(() =>
      withSearchIndexingDeferred(t.db.sqlite, () => {
        insertPaper('Half loaded pulsars');
        throw new Error('load failed');
      }),
    ).toThrow('load failed');
    expect(t.db.sqlite.prepare(TRIGGERS).all()).toHaveLength(6);
    expect(searchPaperIds(t.db.sqlite, 'pulsars', 5)).toHaveLength(1);
    checkIndexes();
  });

  it('resumes on the next open after a load that never finished', () => {
    suspendSearchIndexing(t.db.sqlite);
    insertPaper('Interrupted magnetars');
    t.db.close();
    t.db = openDatabase(path.join(t.dir, 'search.db'));
    expect(resumeSearchIndexing(t.db.sqlite)).toBe(true);
    expect(resumeSearchIndexing(t.db.sqlite)).toBe(false);
    expect(t.db.sqlite.prepare(TRIGGERS).all()).toHaveLength(6);
    expect(searchPaperIds(t.db.sqlite, 'magnetars', 5)).toHaveLength(1);
    checkIndexes();
  });
});
