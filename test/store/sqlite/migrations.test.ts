// Migration 0013 rebuilds papers (SQLite's way to make category nullable): a database of the
// release before it moves forward without losing a row, an id, its search index or its links.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrateDatabase, openDatabase, type Db } from '../../../src/store/sqlite/client';

const MIGRATIONS = path.join(__dirname, '..', '..', '..', 'migrations');

/** A migrations folder that stops before `tag`: the schema a database of the previous release has. */
function migrationsBefore(tag: string, dir: string): string {
  const folder = path.join(dir, 'migrations');
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8'));
  const index = journal.entries.findIndex((e: { tag: string }) => e.tag === tag);
  expect(index).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, index);
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) fs.copyFileSync(path.join(MIGRATIONS, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

const TABLES = ['authors', 'authorships', 'paper_novelty', 'author_aliases', 'author_redirects'];
const OLD_METRICS_COLUMNS = 'author_id, paper_count, citation_count, h_index, i10_index, g_index, novelty, ai_score, primary_category, changed_at';
const OLD_PAPER_COLUMNS = 'id, external_id, title, abstract, category, published_at, score, novelty, ai_score, citation_count, has_code, code_url';

function snapshot(db: Db): Record<string, unknown[]> {
  const all = (sql: string) => db.sqlite.prepare(sql).raw().all();
  return {
    papers: all(`SELECT ${OLD_PAPER_COLUMNS} FROM papers ORDER BY id`),
    author_metrics: all(`SELECT ${OLD_METRICS_COLUMNS} FROM author_metrics ORDER BY author_id`),
    ...Object.fromEntries(TABLES.map((t) => [t, all(`SELECT * FROM ${t} ORDER BY 1, 2`)])),
  };
}

describe('migration 0013 (subjects) on a database of the previous release', () => {
  let dir: string;
  let db: Db;
  let before: Record<string, unknown[]>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-0013-'));
    db = openDatabase(path.join(dir, 'old.db'));
    migrate(db.orm, { migrationsFolder: migrationsBefore('0013_subjects', dir) });
    const sql = db.sqlite;
    const author = sql.prepare('INSERT INTO authors (name, external_id) VALUES (?, ?)');
    const paper = sql.prepare(
      'INSERT INTO papers (external_id, title, abstract, category, published_at, citation_count, novelty) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const link = sql.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)');
    sql.transaction(() => {
      const ada = Number(author.run('Ada Lovelace', 'A1').lastInsertRowid);
      const alan = Number(author.run('Alan Turing', null).lastInsertRowid);
      const rows: [string | null, string, string, number, number | null][] = [
        ['2503.07365', 'Engines of reasoning', 'cs.LG', 12, 0.5],
        ['10.1103/PhysRevD.76.013009', 'Calculation of prompt diphoton production', 'hep-ph', 40, null],
        ['math/0701001', 'An old style identifier', 'math.AG', 0, null],
        [null, 'A paper without an external id', 'cs.AI', 3, null],
        ['gone', 'Deleted before the migration', 'cs.AI', 0, null],
      ];
      for (const [externalId, title, category, citations, novelty] of rows) {
        const id = Number(paper.run(externalId, title, `${title}: the abstract.`, category, '2020-05-01', citations, novelty).lastInsertRowid);
        link.run(id, ada, 1);
        if (id % 2 === 0) link.run(id, alan, 2);
      }
      sql.prepare("DELETE FROM papers WHERE external_id = 'gone'").run();
      sql.prepare(
        "INSERT INTO paper_novelty (paper_id, novelty, method, version, corpus_date, corpus_papers, nearest, computed_at) VALUES (1, 0.5, 'tfidf', 1, '2020-05-01', 3, '[]', '2026-01-01')",
      ).run();
      sql.prepare('INSERT INTO author_metrics (author_id, paper_count, citation_count, h_index, i10_index, g_index, changed_at) VALUES (?, 4, 55, 2, 2, 4, ?)').run(ada, '2026-01-01T00:00:00.000Z');
    })();
    before = snapshot(db);
    migrateDatabase(db);
  });

  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every row of papers, authorships, author_metrics and paper_novelty as it was', () => {
    expect(snapshot(db)).toEqual(before);
    expect(before.papers).toHaveLength(4);
    expect(before.authorships).toHaveLength(6);
    expect(before.author_metrics).toHaveLength(1);
    expect(before.paper_novelty).toHaveLength(1);
  });

  it('keeps foreign keys on and every reference whole', () => {
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    // Deleting a paper still cascades to its authorships: the rebuilt table is the one they point at.
    let left = -1;
    const cascade = db.sqlite.transaction(() => {
      db.sqlite.prepare("DELETE FROM papers WHERE external_id = 'math/0701001'").run();
      left = db.sqlite.prepare('SELECT count(*) FROM authorships WHERE paper_id = 3').pluck().get() as number;
      throw new Error('roll back');
    });
    expect(() => cascade()).toThrow('roll back');
    expect(left).toBe(0);
    expect(db.sqlite.prepare('SELECT count(*) FROM authorships WHERE paper_id = 3').pluck().get()).toBe(1);
  });

  it('never hands out the id of a paper deleted before the migration', () => {
    const id = Number(
      db.sqlite.prepare("INSERT INTO papers (external_id, title, published_at) VALUES ('new', 'A new paper', '2026-01-01')").run().lastInsertRowid,
    );
    expect(id).toBe(6);
    db.sqlite.prepare('DELETE FROM papers WHERE id = ?').run(id);
  });

  it('finds the papers by their words, as before', () => {
    const found = db.sqlite.prepare("SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'diphoton'").pluck().all();
    expect(found).toEqual([2]);
  });

  it('makes DOIs and arXiv ids that were external ids what other sources match by, and leaves the new columns empty', () => {
    expect(db.sqlite.prepare('SELECT id, doi, arxiv_id, topic_id, work_type FROM papers ORDER BY id').raw().all()).toEqual([
      [1, null, '2503.07365', null, null],
      [2, '10.1103/physrevd.76.013009', null, null, null],
      [3, null, 'math/0701001', null, null],
      [4, null, null, null, null],
    ]);
  });
});
