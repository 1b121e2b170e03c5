// The database itself refuses bad data, whatever path it comes by.
import path from 'node:path';
import fs from 'node:fs';
import { migrateDatabase, openDatabase, type Db } from '../../../src/store/sqlite/client';
import { tempDir } from '../../support/server';

describe('database constraints', () => {
  let db: Db;
  let dir: string;
  const insertPaper = (fields: Record<string, unknown>) => {
    const row = { title: 'A title', category: 'cs.LG', published_at: '2025-01-02', ...fields };
    const columns = Object.keys(row);
    return db.sqlite.prepare(`INSERT INTO papers (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(row));
  };

  beforeAll(() => {
    dir = tempDir();
    db = openDatabase(path.join(dir, 'c.db'));
    migrateDatabase(db);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with foreign keys on and a busy timeout', () => {
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
  });

  it('accepts a well-formed paper', () => {
    expect(insertPaper({ category: 'cond-mat.str-el', novelty: 0.5, ai_score: 100, has_code: 1, code_url: 'https://github.com/x/y' }).changes).toBe(1);
  });

  it.each([
    ['a blank title', { title: '   ' }, 'papers_title_not_blank'],
    ['a missing title', { title: null }, 'NOT NULL'],
    ['an impossible date', { published_at: '2025-02-30' }, 'papers_published_at_iso_date'],
    ['a date that is not ISO', { published_at: '03/10/2025' }, 'papers_published_at_iso_date'],
    ['a category not in arXiv form', { category: 'Machine Learning' }, 'papers_category_arxiv_form'],
    ['a novelty above 1', { novelty: 1.5 }, 'papers_novelty_range'],
    ['an AI score above 100', { ai_score: 101 }, 'papers_ai_score_range'],
    ['a negative score', { score: -1 }, 'papers_score_range'],
    ['a negative citation count', { citation_count: -3 }, 'papers_citation_count_range'],
    ['a citation count that is text', { citation_count: 'many' }, 'papers_citation_count_range'],
    ['a code URL that is not http(s)', { has_code: 1, code_url: 'javascript:alert(1)' }, 'papers_code_url_http'],
    ['a code URL on a paper without code', { has_code: 0, code_url: 'https://github.com/x/y' }, 'papers_code_url_http'],
  ])('refuses %s', (_label, fields, constraint) => {
    expect(() => insertPaper(fields)).toThrow(constraint);
  });

  it('keeps external ids unique when present and allows many papers without one', () => {
    insertPaper({ external_id: '2503.07365' });
    expect(() => insertPaper({ external_id: '2503.07365' })).toThrow(/UNIQUE/);
    expect(insertPaper({ external_id: null }).changes).toBe(1);
    expect(insertPaper({ external_id: null }).changes).toBe(1);
  });

  it('links authorships only to existing rows, once per author, at unique positions', () => {
    const paperId = insertPaper({}).lastInsertRowid;
    const author = (name: string) => db.sqlite.prepare('INSERT INTO authors (name) VALUES (?)').run(name).lastInsertRowid;
    const [a, b] = [author('Ada'), author('Bo')];
    const link = db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)');
    link.run(paperId, a, 1);
    expect(() => link.run(paperId, a, 2)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => link.run(paperId, b, 1)).toThrow(/UNIQUE/);
    expect(() => link.run(paperId, b, 0)).toThrow('authorships_position_positive');
    expect(() => link.run(987654, b, 2)).toThrow(/FOREIGN KEY/);
    expect(() => db.sqlite.prepare('INSERT INTO authors (name) VALUES (?)').run(' ')).toThrow('authors_name_not_blank');
  });

  it('refuses to delete an author who still has papers, and deletes authorships with their paper', () => {
    const paperId = insertPaper({}).lastInsertRowid;
    const authorId = db.sqlite.prepare("INSERT INTO authors (name) VALUES ('Cy')").run().lastInsertRowid;
    db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, 1)').run(paperId, authorId);
    expect(() => db.sqlite.prepare('DELETE FROM authors WHERE id = ?').run(authorId)).toThrow(/FOREIGN KEY/);
    db.sqlite.prepare('DELETE FROM papers WHERE id = ?').run(paperId);
    expect(db.sqlite.prepare('SELECT COUNT(*) AS n FROM authorships WHERE paper_id = ?').get(paperId)).toEqual({ n: 0 });
  });
});
