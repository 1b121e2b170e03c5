import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { type Db } from '../../src/store/sqlite/client';
import { importArxivFile, type ImportSummary } from '../../src/import/arxiv-import';
import { METRIC_VALUES, contentHash, rows, scratchFolder } from './support';
import { refreshAllAuthorMetrics } from '../../src/store/sqlite/author-metrics';

const SAMPLE = path.join(__dirname, '..', 'fixtures', 'arxiv-sample.jsonl');
const sampleLines = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter((line) => line.trim() !== '');

const scratch = scratchFolder('arxiv-import-');
const freshDb = scratch.freshDb;

function counts(db: Db): Record<string, number> {
  const count = (table: string): number => db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { papers: count('papers'), authors: count('authors'), authorships: count('authorships'), metrics: count('author_metrics') };
}

function paperByExternalId(db: Db, externalId: string) {
  const paper = db.sqlite
    .prepare(
      `SELECT id, title, abstract, category, published_at AS publishedAt, score, novelty, ai_score AS aiScore,
              citation_count AS citationCount, has_code AS hasCode, code_url AS codeUrl
         FROM papers WHERE external_id = ?`,
    )
    .get(externalId) as Record<string, unknown> & { id: number };
  const authors = db.sqlite
    .prepare('SELECT a.name FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = ? ORDER BY s.position')
    .pluck()
    .all(paper.id);
  return { paper, authors };
}

describe('importArxivFile on the 200-record sample', () => {
  let db: Db;
  let first: ImportSummary;

  beforeAll(async () => {
    db = freshDb('sample');
    first = await importArxivFile(db, SAMPLE);
  });

  it('adds every record', () => {
    expect(first).toMatchObject({ added: 200, updated: 0, unchanged: 0, skipped: 0, skippedLines: [] });
    expect(first.recordsPerSecond).toBeGreaterThan(0);
    expect(counts(db).papers).toBe(200);
  });

  it('maps 0704.0001 field by field', () => {
    const { paper, authors } = paperByExternalId(db, '0704.0001');
    expect(paper).toMatchObject({
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      category: 'hep-ph',
      publishedAt: '2007-04-02',
      score: 0,
      novelty: expect.any(Number), // not in the file: computed from the corpus (test/novelty/import.test.ts)
      aiScore: null,
      citationCount: 0,
      hasCode: 0,
      codeUrl: null,
    });
    expect(paper.abstract).toMatch(/^A fully differential calculation in perturbative quantum chromodynamics is presented for/);
    expect(paper.abstract).toMatch(/judicious selection of events\.$/);
    expect(paper.abstract).not.toMatch(/\s{2}|\n/);
    expect(authors).toEqual(['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan']);
  });

  it('maps 0704.0002: first category, math without its dollars, date of the first version', () => {
    const { paper, authors } = paperByExternalId(db, '0704.0002');
    expect(paper).toMatchObject({ title: 'Sparsity-certifying Graph Decompositions', category: 'math.CO', publishedAt: '2007-03-31' });
    expect(paper.abstract).toMatch(/^We describe a new algorithm, the \(k,\\ell\)-pebble game with colors/);
    expect(authors).toEqual(['Ileana Streinu', 'Louis Theran']);
  });

  it('keeps every record title and category as the source has them, cleaned', () => {
    for (const line of sampleLines) {
      const record = JSON.parse(line) as { id: string; title: string; categories: string };
      const { paper } = paperByExternalId(db, record.id);
      expect(paper.category).toBe(record.categories.split(' ')[0]);
      expect(paper.title).not.toMatch(/\s{2}|\n|^\s|\s$/);
      if (!/[\\$]/.test(record.title)) expect(paper.title).toBe(record.title.replace(/\s+/g, ' ').trim());
    }
  });

  it('leaves author_metrics equal to a full refresh', () => {
    const before = rows(db, `${METRIC_VALUES} ORDER BY author_id`);
    expect(before).toHaveLength(counts(db).authors);
    refreshAllAuthorMetrics(db.sqlite);
    expect(rows(db, `${METRIC_VALUES} ORDER BY author_id`)).toEqual(before);
  });

  it('leaves the search indexes on and rebuilt', () => {
    expect(db.sqlite.prepare('SELECT count(*) FROM search_index_suspended').pluck().get()).toBe(0);
    const hits = db.sqlite.prepare("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'diphoton'").pluck().get() as number;
    expect(hits).toBeGreaterThan(0);
  });

  it('changes nothing when the same file is imported again', async () => {
    const hash = contentHash(db);
    const before = counts(db);
    const stages: string[] = [];
    const second = await importArxivFile(db, SAMPLE, { onProgress: (p) => stages.push(p.stage) });
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 200, skipped: 0 });
    expect(counts(db)).toEqual(before);
    expect(contentHash(db)).toBe(hash);
    // A load the size of the database is no reason to rebuild its indexes.
    expect(stages).not.toContain('indexes');
    expect(db.sqlite.prepare("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'diphoton'").pluck().get()).toBeGreaterThan(0);
  });

  it('updates a changed record in place, and only its authors metrics follow', async () => {
    const changed = sampleLines.map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record.id !== '0704.0002') return line;
      return JSON.stringify({ ...record, title: 'A new title', authors_parsed: [['Theran', 'Louis', ''], ['Streinu', 'Ileana', '']] });
    });
    const file = path.join(scratch.dir(), 'changed.jsonl');
    fs.writeFileSync(file, changed.join('\n') + '\n');
    const before = counts(db);
    const summary = await importArxivFile(db, file);
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: 199, skipped: 0 });
    expect(counts(db)).toEqual(before);
    const { paper, authors } = paperByExternalId(db, '0704.0002');
    expect(paper.title).toBe('A new title');
    expect(authors).toEqual(['Louis Theran', 'Ileana Streinu']);
    const metrics = rows(db, `${METRIC_VALUES} ORDER BY author_id`);
    refreshAllAuthorMetrics(db.sqlite);
    expect(rows(db, `${METRIC_VALUES} ORDER BY author_id`)).toEqual(metrics);
  });
});

describe('importArxivFile inputs', () => {
  it('reads a gzipped copy to the same database', async () => {
    const plain = freshDb('plain');
    await importArxivFile(plain, SAMPLE);
    const gz = path.join(scratch.dir(), 'sample.jsonl.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(SAMPLE)));
    const zipped = freshDb('zipped');
    const summary = await importArxivFile(zipped, gz);
    expect(summary).toMatchObject({ added: 200, skipped: 0 });
    expect(contentHash(zipped)).toBe(contentHash(plain));
  });

  it('reports a broken line by number and imports the rest, in small batches too', async () => {
    const lines = [...sampleLines];
    lines.splice(100, 0, '{"id": "broken", "title": "cut off');
    lines.splice(150, 0, JSON.stringify({ id: '9999.0001', title: '  ', categories: 'cs.LG' }));
    lines.splice(160, 0, JSON.stringify({ id: '9999.0002', title: 'No date', categories: 'cs.LG', versions: [{ created: 'yesterday' }], update_date: '2020-02-30' }));
    const file = path.join(scratch.dir(), 'broken.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const db = freshDb('broken');
    const summary = await importArxivFile(db, file, { batchSize: 7 });
    expect(summary).toMatchObject({ added: 200, skipped: 3 });
    expect(summary.skippedLines.map((s) => s.line)).toEqual([101, 151, 161]);
    expect(summary.skippedLines[0].reason).toMatch(/invalid JSON/);
    expect(summary.skippedLines[1].reason).toMatch(/missing title/);
    expect(summary.skippedLines[2].reason).toMatch(/date/);
    expect(counts(db).papers).toBe(200);
  });

  it('skips a record that fails a constraint whole, with the authors it would have created', async () => {
    const longName = 'X'.repeat(400);
    const lines = [
      JSON.stringify({ id: '1.1', title: 'Fine', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['Lovelace', 'Ada', '']] }),
      JSON.stringify({
        id: '1.2',
        title: 'Too long an author',
        categories: 'cs.LG',
        update_date: '2020-01-01',
        authors_parsed: [['Newperson', 'Nora', ''], [longName, '', '']],
      }),
      JSON.stringify({ id: '1.3', title: 'Nora again', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['Newperson', 'Nora', '']] }),
    ];
    const file = path.join(scratch.dir(), 'constraint.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    const db = freshDb('constraint');
    const progress: string[] = [];
    const summary = await importArxivFile(db, file, { onProgress: (p) => progress.push(`${p.stage}: ${p.records}`) });
    expect(summary).toMatchObject({ added: 2, skipped: 1 });
    expect(summary.skippedLines[0]).toMatchObject({ line: 2 });
    expect(summary.skippedLines[0].reason).toMatch(/^1\.2: .*CHECK/);
    expect(rows(db, 'SELECT name FROM authors ORDER BY id')).toEqual([['Ada Lovelace'], ['Nora Newperson']]);
    expect(paperByExternalId(db, '1.3').authors).toEqual(['Nora Newperson']);
    // Into an empty database every load is large: the secondary indexes are built at the end.
    expect(progress).toEqual(['records: 3', 'indexes: 3', 'search index: 3', 'novelty: 3', 'metrics: 3']);
  });

  it('matches authors across spellings, and a name twice in a paper once', async () => {
    const lines = [
      JSON.stringify({ id: '2.1', title: 'One', categories: 'cs.LG', update_date: '2020-01-01', authors: 'C. Bal\\\'azs, Ada Lovelace and C. Balazs' }),
      JSON.stringify({ id: '2.2', title: 'Two', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['Balazs', 'C', ''], ['LOVELACE', 'ADA', '']] }),
    ];
    const file = path.join(scratch.dir(), 'names.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    const db = freshDb('names');
    await importArxivFile(db, file);
    expect(paperByExternalId(db, '2.1').authors).toEqual(['C. Balázs', 'Ada Lovelace']);
    expect(paperByExternalId(db, '2.2').authors).toEqual(['C. Balázs', 'Ada Lovelace']);
  });

  it('leaves no author without papers when a record changes its author list, but keeps one made on purpose', async () => {
    const record = (id: string, authors: string) => JSON.stringify({ id, title: `Paper ${id}`, categories: 'cs.LG', update_date: '2020-01-01', authors });
    const file = path.join(scratch.dir(), 'orphans.jsonl');
    const db = freshDb('orphans');
    fs.writeFileSync(file, [record('3.1', 'Ada Lovelace, Alan Turing, Grace Hopper'), record('3.2', 'Grace Hopper')].join('\n'));
    await importArxivFile(db, file);
    // Alan is made on purpose (as createAuthor does), then both he and Grace leave 3.1.
    db.sqlite.prepare("UPDATE authors SET kept_without_papers = 1 WHERE name = 'Alan Turing'").run();
    fs.writeFileSync(file, [record('3.1', 'Ada Lovelace, Edsger Dijkstra'), record('3.2', 'Grace Hopper')].join('\n'));
    expect(await importArxivFile(db, file)).toMatchObject({ updated: 1, unchanged: 1 });
    expect(rows(db, 'SELECT name FROM authors ORDER BY id')).toEqual([['Ada Lovelace'], ['Alan Turing'], ['Grace Hopper'], ['Edsger Dijkstra']]);
    // Grace keeps her other paper; a dropped name comes back as a new author when a record names it again.
    fs.writeFileSync(file, [record('3.3', 'Alan Turing')].join('\n'));
    await importArxivFile(db, file);
    expect(paperByExternalId(db, '3.3').authors).toEqual(['Alan Turing']);
    expect(rows(db, "SELECT count(*) FROM authors WHERE name = 'Alan Turing'")).toEqual([[1]]);
    // In one run, a batch drops Edsger and the next names him again: a new author, not the deleted one.
    fs.writeFileSync(file, [record('3.1', 'Ada Lovelace'), record('3.4', 'Edsger Dijkstra')].join('\n'));
    expect(await importArxivFile(db, file, { batchSize: 1 })).toMatchObject({ added: 1, updated: 1, skipped: 0 });
    expect(paperByExternalId(db, '3.4').authors).toEqual(['Edsger Dijkstra']);
    expect(rows(db, "SELECT count(*) FROM authors WHERE name = 'Edsger Dijkstra'")).toEqual([[1]]);
    const before = rows(db, `${METRIC_VALUES} ORDER BY author_id`);
    refreshAllAuthorMetrics(db.sqlite);
    expect(rows(db, `${METRIC_VALUES} ORDER BY author_id`)).toEqual(before);
  });
});
