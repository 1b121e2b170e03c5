import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { type Db } from '../../src/store/sqlite/client';
import { detectFormat, importFile, type ImportSummary } from '../../src/import/import-file';
import { abstractFromInvertedIndex, mapOpenAlexLine } from '../../src/import/openalex-record';
import { METRIC_VALUES, contentHash, rows, scratchFolder } from './support';
import { refreshAllAuthorMetrics } from '../../src/store/sqlite/author-metrics';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const WORKS = path.join(FIXTURES, 'openalex-works.jsonl');
const ARXIV = path.join(FIXTURES, 'arxiv-sample.jsonl');
const ABSTRACT = 'We show that attention is all you need, and that attention is cheap: a 2× speed-up (on GPUs) over recurrent models.';

const scratch = scratchFolder('openalex-import-');
const freshDb = scratch.freshDb;

function paper(db: Db, externalId: string) {
  const row = db.sqlite
    .prepare(
      `SELECT id, title, abstract, category, published_at AS publishedAt, citation_count AS citationCount, topic_id AS topicId, work_type AS workType, doi, arxiv_id AS arxivId
         FROM papers WHERE external_id = ?`,
    )
    .get(externalId) as (Record<string, unknown> & { id: number }) | undefined;
  if (!row) return undefined;
  const authors = db.sqlite
    .prepare(
      `SELECT a.id, a.name, a.external_id AS externalId FROM authorships s JOIN authors a ON a.id = s.author_id
        WHERE s.paper_id = ? ORDER BY s.position`,
    )
    .all(row.id) as Array<{ id: number; name: string; externalId: string | null }>;
  return { row, authors };
}

describe('importFile on OpenAlex works', () => {
  let db: Db;
  let first: ImportSummary;

  beforeAll(async () => {
    db = freshDb('works');
    first = await importFile(db, WORKS, { format: 'openalex' });
  });

  it('adds every work with a title and an id, whatever its field, and reports only the broken line', () => {
    expect(first).toMatchObject({ added: 5, updated: 0, unchanged: 0, skipped: 1 });
    expect(first.skippedLines.map((s) => s.line)).toEqual([4]);
    expect(first.skippedLines[0].reason).toMatch(/invalid JSON/);
  });

  it('maps a work with a DOI field by field, the abstract rebuilt exactly', () => {
    const p = paper(db, '10.5555/attention.2017')!;
    expect(p.row).toMatchObject({
      title: 'Attention Is All You Need',
      abstract: ABSTRACT,
      category: null, // OpenAlex has no arXiv categories, and none is guessed from a subfield's name
      topicId: 'T10001',
      workType: 'article',
      doi: '10.5555/attention.2017',
      arxivId: null,
      publishedAt: '2017-06-12',
      citationCount: 42,
    });
    expect(p.authors.map((a) => [a.name, a.externalId])).toEqual([
      ['Ada Lovelace', 'A5000000001'],
      ['Alan Turing', 'A5000000002'],
      ['Grace Hopper', 'A5000000003'],
    ]);
  });

  it('uses the DOI, else the OpenAlex id (the arXiv id is kept as arxivId), and display_name for a missing title', () => {
    expect(paper(db, 'W3100000002')!.row).toMatchObject({ title: 'Seeing Without Labels', category: null, arxivId: '2101.00001', abstract: '', citationCount: 3 });
    expect(paper(db, 'W3100000003')!.row).toMatchObject({
      title: 'Filtering Noisy Signals',
      abstract: 'Short abstract.',
      category: null,
      publishedAt: '2020-02-29',
    });
    // Chemistry: no arXiv category, kept all the same.
    expect(paper(db, '10.5555/chem.5')!.row).toMatchObject({ title: 'A Catalyst', category: null, topicId: 'T10001' });
  });

  it('keeps the authorship order and finds an author by OpenAlex id whatever the name', () => {
    const order = paper(db, '10.5555/hci.6')!;
    expect(order.authors.map((a) => a.externalId)).toEqual(['A5000000004', 'A5000000002', 'A5000000001']);
    const ada = paper(db, '10.5555/attention.2017')!.authors[0];
    expect(paper(db, 'W3100000002')!.authors[0].id).toBe(ada.id);
    expect(order.authors[2].id).toBe(ada.id);
    expect(rows(db, "SELECT count(*) FROM authors WHERE external_id = 'A5000000001'")).toEqual([[1]]);
    expect(rows(db, "SELECT name FROM authors WHERE external_id = 'A5000000001'")).toEqual([['Ada Lovelace']]);
  });

  it('finds an author without an id by name', () => {
    const babbage = paper(db, 'W3100000002')!.authors[1];
    expect(babbage).toMatchObject({ name: 'Charles Babbage', externalId: null });
    expect(paper(db, 'W3100000003')!.authors[0].id).toBe(babbage.id);
    expect(rows(db, 'SELECT count(*) FROM authors')).toEqual([[6]]); // Ada, Alan, Grace, Charles, Edsger, Marie
  });

  it('leaves author_metrics equal to a full refresh', () => {
    const before = rows(db, `${METRIC_VALUES} ORDER BY author_id`);
    refreshAllAuthorMetrics(db.sqlite);
    expect(rows(db, `${METRIC_VALUES} ORDER BY author_id`)).toEqual(before);
  });

  it('changes nothing when the same file is imported again', async () => {
    const hash = contentHash(db);
    const second = await importFile(db, WORKS);
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 5, skipped: 1 });
    expect(contentHash(db)).toBe(hash);
  });

  it('updates a changed citation count', async () => {
    const lines = fs
      .readFileSync(WORKS, 'utf8')
      .split('\n')
      .map((line) => (line.includes('W2963403868') ? line.replace('"cited_by_count": 42', '"cited_by_count": 50') : line));
    const file = path.join(scratch.dir(), 'cited.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    const summary = await importFile(db, file);
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: 4 });
    expect(paper(db, '10.5555/attention.2017')!.row.citationCount).toBe(50);
  });
});

describe('authors across sources', () => {
  const arxivLine = (id: string, names: string[]) =>
    JSON.stringify({ id, title: `Paper ${id}`, categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: names.map((n) => [n.split(' ')[1], n.split(' ')[0], '']) });
  const work = (id: string, authors: Array<[string, string]>) =>
    JSON.stringify({
      id: `https://openalex.org/${id}`,
      title: `Work ${id}`,
      publication_date: '2021-05-01',
      primary_topic: { subfield: { display_name: 'Artificial Intelligence' } },
      authorships: authors.map(([authorId, name]) => ({ author: { id: `https://openalex.org/${authorId}`, display_name: name } })),
      cited_by_count: 3,
    });

  it('gives an OpenAlex author the arXiv author of the same name, once, and a second id its own author', async () => {
    const db = freshDb('across');
    const arxiv = path.join(scratch.dir(), 'across-arxiv.jsonl');
    fs.writeFileSync(arxiv, [arxivLine('9.1', ['Ada Lovelace', 'Alan Turing'])].join('\n'));
    const works = path.join(scratch.dir(), 'across-works.jsonl');
    fs.writeFileSync(works, [work('W1', [['A1', 'Ada Lovelace']]), work('W2', [['A2', 'Ada Lovelace'], ['A1', 'Ada  Lovelace']])].join('\n'));
    await importFile(db, arxiv);
    await importFile(db, works);
    expect(rows(db, 'SELECT name, external_id FROM authors ORDER BY id')).toEqual([
      ['Ada Lovelace', 'A1'],
      ['Alan Turing', null],
      ['Ada Lovelace', 'A2'],
    ]);
    expect(paper(db, '9.1')!.authors.map((a) => a.externalId)).toEqual(['A1', null]);
    expect(paper(db, 'W2')!.authors.map((a) => a.externalId)).toEqual(['A2', 'A1']);
    // A later arXiv paper by that name goes to the author the name was first given to.
    fs.writeFileSync(arxiv, arxivLine('9.2', ['Ada Lovelace']));
    await importFile(db, arxiv);
    expect(paper(db, '9.2')!.authors.map((a) => a.externalId)).toEqual(['A1']);
    expect(rows(db, "SELECT paper_count FROM author_metrics m JOIN authors a ON a.id = m.author_id WHERE a.external_id = 'A1'")).toEqual([[4]]); // 9.1, W1, W2, 9.2
    const before = contentHash(db);
    refreshAllAuthorMetrics(db.sqlite);
    expect(contentHash(db)).toBe(before);
  });
});

describe('format detection', () => {
  it('tells OpenAlex from arXiv by the first record, gzipped too', async () => {
    expect(await detectFormat(WORKS)).toBe('openalex');
    expect(await detectFormat(ARXIV)).toBe('arxiv');
    const gz = path.join(scratch.dir(), 'works.jsonl.gz');
    fs.writeFileSync(gz, zlib.gzipSync('\n\n' + fs.readFileSync(WORKS, 'utf8')));
    expect(await detectFormat(gz)).toBe('openalex');
    const byAuthorships = path.join(scratch.dir(), 'authorships.jsonl');
    fs.writeFileSync(byAuthorships, JSON.stringify({ id: 'x', authorships: [] }) + '\n');
    expect(await detectFormat(byAuthorships)).toBe('openalex');
  });

  it('imports either format without --format', async () => {
    const works = freshDb('detect-works');
    expect(await importFile(works, WORKS)).toMatchObject({ added: 5, skipped: 1 });
    const arxiv = freshDb('detect-arxiv');
    expect(await importFile(arxiv, ARXIV)).toMatchObject({ added: 200, skipped: 0 });
  });

  it('refuses a file whose first record tells neither', async () => {
    const file = path.join(scratch.dir(), 'unknown.jsonl');
    fs.writeFileSync(file, '{"title": "what am I"}\n');
    await expect(detectFormat(file)).rejects.toThrow(/--format/);
    await expect(importFile(freshDb('unknown'), file)).rejects.toThrow(/cannot detect/);
  });
});

describe('mapOpenAlexLine', () => {
  it('rebuilds an abstract from its inverted index, whatever the key order', () => {
    expect(abstractFromInvertedIndex({ world: [1], hello: [0, 2], '!': [3] })).toBe('hello world hello !');
    expect(abstractFromInvertedIndex(null)).toBe('');
  });

  it('takes the arXiv id from ids.arxiv without its version; a work without a date is an error, one without a topic is not', () => {
    const base = { id: 'https://openalex.org/W1', title: 'T', publication_date: '2020-01-01', primary_topic: { subfield: { display_name: 'machine learning' } } };
    expect(mapOpenAlexLine(JSON.stringify({ ...base, ids: { arxiv: 'arXiv:2001.01234v3' } })).fields).toMatchObject({
      externalId: 'W1',
      arxivId: '2001.01234',
      category: null,
      topicId: null, // a topic without an id is no topic
    });
    expect(() => mapOpenAlexLine(JSON.stringify({ ...base, publication_date: null }))).toThrow(/publication_date/);
    const untopical = mapOpenAlexLine(JSON.stringify({ ...base, primary_topic: null, type: 'Book-Chapter' }));
    expect([untopical.topics, untopical.fields.topicId, untopical.fields.topicIds, untopical.fields.workType]).toEqual([[], null, null, 'book-chapter']);
  });
});
