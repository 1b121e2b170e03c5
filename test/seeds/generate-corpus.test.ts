// Tests for the synthetic corpus: determinism, database validity and the shape benchmarks rely on.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';
import {
  DEMO_AUTHOR_NAMES,
  FIRST_DATE,
  LAST_DATE,
  generateCorpus,
  type GeneratedPaper,
} from '../../seeds/corpus/generate-corpus';
import { writeCorpus } from '../../seeds/corpus/write-corpus';

function take(papers: number, seed: number): GeneratedPaper[] {
  return [...generateCorpus({ papers, seed })];
}

function hashOf(papers: Iterable<GeneratedPaper>): string {
  const hash = crypto.createHash('sha256');
  for (const p of papers) hash.update(JSON.stringify(p)).update('\n');
  return hash.digest('hex');
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

describe('generateCorpus determinism', () => {
  it('gives deep-equal papers for the same seed', () => {
    expect(take(200, 7)).toEqual(take(200, 7));
  });

  it('gives the same 2,000 papers for the same seed even when two corpora are interleaved', () => {
    // Interleaving catches state shared between generators (module-level caches, a global PRNG).
    const a = generateCorpus({ papers: 2000, seed: 42 });
    const b = generateCorpus({ papers: 2000, seed: 42 });
    const hashA = crypto.createHash('sha256');
    const hashB = crypto.createHash('sha256');
    for (let i = 0; i < 2000; i++) {
      hashA.update(JSON.stringify(a.next().value)).update('\n');
      hashB.update(JSON.stringify(b.next().value)).update('\n');
    }
    expect(a.next().done).toBe(true);
    expect(hashA.digest('hex')).toBe(hashB.digest('hex'));
    expect(hashOf(generateCorpus({ papers: 2000, seed: 42 }))).toBe(hashOf(take(2000, 42)));
  });

  it('gives a different corpus for a different seed', () => {
    expect(hashOf(take(2000, 1))).not.toBe(hashOf(take(2000, 2)));
    expect(take(20, 1).map((p) => p.title)).not.toEqual(take(20, 2).map((p) => p.title));
  });

  it('is a prefix-stable stream: a smaller corpus is the start of a larger one', () => {
    expect(take(300, 5)).toEqual(take(1000, 5).slice(0, 300));
  });

  it('rejects counts and seeds it cannot honour', () => {
    expect(() => take(-1, 1)).toThrow(/papers/);
    expect(() => take(1, 1.5)).toThrow(/seed/);
    expect(() => take(1, 2 ** 32)).toThrow(/seed/);
  });
});

describe('generated papers', () => {
  const papers = take(5000, 1);

  it('have well-formed fields', () => {
    const ids = new Set<string>();
    for (const p of papers) {
      expect(p.externalId).toMatch(/^\d{4}\.\d{5}$/);
      expect(p.externalId.slice(0, 4)).toBe(p.publishedAt.slice(2, 4) + p.publishedAt.slice(5, 7));
      ids.add(p.externalId);
      expect(p.publishedAt >= FIRST_DATE && p.publishedAt <= LAST_DATE).toBe(true);
      expect(new Date(`${p.publishedAt}T00:00:00Z`).toISOString().slice(0, 10)).toBe(p.publishedAt);
      expect(p.title.trim().length).toBeGreaterThan(0);
      const words = p.abstract.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(40);
      expect(words).toBeLessThanOrEqual(80);
      expect(p.score).toBeGreaterThanOrEqual(0);
      expect(p.score).toBeLessThanOrEqual(100);
      if (p.novelty !== null) expect(p.novelty >= 0 && p.novelty <= 1).toBe(true);
      if (p.aiScore !== null) expect(p.aiScore >= 0 && p.aiScore <= 100).toBe(true);
      expect(Number.isInteger(p.citationCount) && p.citationCount >= 0).toBe(true);
      if (p.codeUrl !== null) {
        expect(p.hasCode).toBe(true);
        expect(p.codeUrl).toMatch(/^https:\/\/\S+$/);
      }
      expect(p.authors.length).toBeGreaterThanOrEqual(1);
      expect(new Set(p.authors.map((a) => a.key)).size).toBe(p.authors.length);
    }
    expect(ids.size).toBe(papers.length);
    expect(papers.some((p) => p.novelty === null)).toBe(true);
    expect(papers.some((p) => p.aiScore === null)).toBe(true);
    expect(papers.some((p) => p.hasCode && p.codeUrl === null)).toBe(true);
  });

  it('give each author key one name, distinct from every other author and from the demo profile', () => {
    const nameOf = new Map<number, string>();
    for (const p of papers) {
      for (const a of p.authors) {
        expect(nameOf.get(a.key) ?? a.name).toBe(a.name);
        nameOf.set(a.key, a.name);
      }
    }
    const names = new Set(nameOf.values());
    expect(names.size).toBe(nameOf.size);
    for (const demo of DEMO_AUTHOR_NAMES) expect(names.has(demo)).toBe(false);
  });

  it('hand out author keys densely, in order of first use', () => {
    // Within a paper new keys may be reordered (the senior author goes last); across papers,
    // the keys seen so far are always exactly 0..n-1.
    const seen = new Set<number>();
    let max = -1;
    for (const p of papers) {
      for (const a of p.authors) {
        seen.add(a.key);
        max = Math.max(max, a.key);
      }
      expect(max).toBe(seen.size - 1);
    }
  });

  it('have the shape benchmarks rely on', () => {
    const teamSizes = papers.map((p) => p.authors.length);
    expect(Math.max(...teamSizes)).toBeGreaterThanOrEqual(15);
    expect(median(teamSizes)).toBeGreaterThanOrEqual(2);
    expect(median(teamSizes)).toBeLessThanOrEqual(6);

    const citations = papers.map((p) => p.citationCount);
    expect(Math.max(...citations)).toBeGreaterThan(50 * Math.max(1, median(citations)));

    const papersByAuthor = new Map<number, number>();
    for (const p of papers) for (const a of p.authors) papersByAuthor.set(a.key, (papersByAuthor.get(a.key) ?? 0) + 1);
    const counts = [...papersByAuthor.values()];
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(20);
    expect(counts.filter((c) => c <= 2).length / counts.length).toBeGreaterThan(0.5);
    const papersPerAuthor = papers.length / counts.length;
    expect(papersPerAuthor).toBeGreaterThan(1.2);
    expect(papersPerAuthor).toBeLessThan(2.2);

    const categories = new Map<string, number>();
    for (const p of papers) categories.set(p.category!, (categories.get(p.category!) ?? 0) + 1);
    expect(categories.size).toBeGreaterThanOrEqual(10);
    const top = [...categories].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([c]) => c);
    expect(top).toContain('cs.LG');

    const year = (p: GeneratedPaper): number => Number(p.publishedAt.slice(0, 4));
    expect(papers.filter((p) => year(p) === 2024).length).toBeGreaterThan(
      3 * papers.filter((p) => year(p) === 2012).length,
    );
  });
});

describe('writeCorpus', () => {
  let dir: string;
  let db: Db;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholargraph-corpus-'));
    db = openDatabase(path.join(dir, 'corpus.db'));
    migrateDatabase(db);
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes every paper into a database that already holds a demo profile', () => {
    // The demo profile: its authors and a paper whose arXiv id is the first the generator would use.
    const [first] = take(1, 3);
    const insertAuthor = db.sqlite.prepare('INSERT INTO authors (name) VALUES (?)');
    for (const name of DEMO_AUTHOR_NAMES) insertAuthor.run(name);
    const demoPaper = db.sqlite
      .prepare("INSERT INTO papers (external_id, title, category, published_at) VALUES (?, 'Demo', 'cs.LG', '2025-06-01')")
      .run(first.externalId).lastInsertRowid;
    db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, 1, 1)').run(demoPaper);

    const progress: number[] = [];
    const counts = writeCorpus(db, { papers: 3000, seed: 3, onProgress: (done) => progress.push(done) });

    const count = (sql: string): number => db.sqlite.prepare(sql).pluck().get() as number;
    expect(counts.papers).toBe(3000);
    expect(count('SELECT count(*) FROM papers')).toBe(3001);
    expect(count('SELECT count(*) FROM authors')).toBe(counts.authors + DEMO_AUTHOR_NAMES.length);
    expect(count('SELECT count(*) FROM authorships')).toBe(counts.authorships + 1);
    expect(counts.authorships).toBeGreaterThanOrEqual(counts.papers);
    expect(progress[progress.length - 1]).toBe(3000);

    // The demo rows are untouched and no generated author shares a demo name.
    const demoNames = DEMO_AUTHOR_NAMES.map(() => '?').join(', ');
    expect(db.sqlite.prepare(`SELECT count(*) FROM authors WHERE name IN (${demoNames})`).pluck().get(...DEMO_AUTHOR_NAMES)).toBe(6);
    expect(count(`SELECT count(*) FROM authorships WHERE author_id <= 6`)).toBe(1);
    expect(count(`SELECT count(*) FROM papers WHERE external_id = '${first.externalId}' AND title = 'Demo'`)).toBe(1);

    // Every generated paper has its full author list, in order, and the links are sound.
    expect(count('SELECT count(*) FROM papers p WHERE NOT EXISTS (SELECT 1 FROM authorships a WHERE a.paper_id = p.id)')).toBe(0);
    expect(count('SELECT count(*) FROM (SELECT paper_id FROM authorships GROUP BY paper_id HAVING max(position) <> count(*))')).toBe(0);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('stores the generated values as generated', () => {
    writeCorpus(db, { papers: 50, seed: 9 });
    const expected = take(50, 9);
    const rows = db.sqlite
      .prepare('SELECT external_id, title, citation_count, has_code, code_url, novelty FROM papers ORDER BY id')
      .all() as { external_id: string; title: string; citation_count: number; has_code: number; code_url: string | null; novelty: number | null }[];
    expect(rows.map((r) => r.external_id)).toEqual(expected.map((p) => p.externalId));
    expect(rows.map((r) => r.has_code === 1)).toEqual(expected.map((p) => p.hasCode));
    expect(rows.map((r) => r.novelty)).toEqual(expected.map((p) => p.novelty));
    const names = db.sqlite
      .prepare('SELECT a.name FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = 1 ORDER BY s.position')
      .pluck()
      .all();
    expect(names).toEqual(expected[0].authors.map((a) => a.name));
  });
});
