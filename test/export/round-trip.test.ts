// npm run export, imported into an empty database, exported again: the same papers, authors and
// metrics; a second import changes nothing; an edited line updates the paper and its authors.
import fs from 'node:fs';
import path from 'node:path';
import { type Db } from '../../src/store/sqlite/client';
import { toGlobalId } from '../../src/graphql/ids';
import { importFile, importLines, type ImportSummary } from '../../src/import/import-file';
import { mapScholarGraphLine } from '../../src/import/scholargraph-record';
import { refreshAllAuthorMetrics } from '../../src/store/sqlite/author-metrics';
import { readDemoProfile, writeDemoProfile } from '../../seeds/demo-profile';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { METRIC_VALUES, contentHash, rows, scratchFolder } from '../import/support';
import { readLines, runExport, withoutRowIds } from './support';

const scratch = scratchFolder('export-round-trip-');
const CORPUS_PAPERS = 3_000;
const PAPERS = CORPUS_PAPERS + 6;

/** Every author's metrics, by name (names are unique in this database), without row ids. */
function metricsByName(db: Db): unknown[] {
  return rows(
    db,
    `SELECT a.name, a.external_id, m.paper_count, m.citation_count, m.h_index, m.i10_index, m.g_index, m.novelty, m.ai_score, m.primary_category
       FROM author_metrics m JOIN authors a ON a.id = m.author_id ORDER BY a.name`,
  );
}

describe('export, import into an empty database, export again', () => {
  let source: Db;
  let copy: Db;
  let first: string;
  let second: string;
  let imported: ImportSummary;

  beforeAll(async () => {
    source = scratch.freshDb('source');
    writeDemoProfile(source);
    writeCorpus(source, { papers: CORPUS_PAPERS, seed: 1 });
    first = path.join(scratch.dir(), 'first.ndjson');
    const run = runExport('--database', path.join(scratch.dir(), 'source.db'), '--out', first);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^Exported ${PAPERS} papers from .*source\\.db to .*first\\.ndjson in [\\d.]+ s \\(\\d+ papers/s\\)$`, 'm'));
    copy = scratch.freshDb('copy');
    // The format is detected from the lines, as `npm run import -- FILE` does.
    imported = await importFile(copy, first);
    second = path.join(scratch.dir(), 'second.ndjson');
    expect(runExport('--database', path.join(scratch.dir(), 'copy.db'), '--out', second).status).toBe(0);
  }, 60_000);

  it('writes one line per paper in row id order, each with every field and its authors in order', () => {
    const lines = readLines(first);
    expect(lines).toHaveLength(PAPERS);
    const profile = readDemoProfile().papers[0];
    const authorIds = source.sqlite.prepare('SELECT id FROM authors WHERE name = ?').pluck();
    expect(lines[0]).toEqual({
      scholargraph: 1,
      id: toGlobalId('Paper', 1),
      externalId: profile.externalId,
      title: profile.title,
      abstract: profile.abstract,
      category: profile.category,
      topics: [],
      workType: null,
      doi: null,
      arxivId: null,
      publishedAt: profile.publishedAt,
      citationCount: profile.citationCount,
      score: profile.score,
      novelty: profile.novelty,
      aiScore: profile.aiScore,
      hasCode: profile.hasCode,
      codeUrl: profile.codeUrl,
      authors: profile.authors.map((name, i) => ({ position: i + 1, id: toGlobalId('Author', authorIds.get(name) as number), name, externalId: null })),
    });
    expect(Object.keys(lines[0])).toEqual([
      'scholargraph', 'id', 'externalId', 'title', 'abstract', 'category', 'topics', 'workType', 'doi', 'arxivId', 'publishedAt',
      'citationCount', 'score', 'novelty', 'aiScore', 'hasCode', 'codeUrl', 'authors',
    ]);
    expect(lines.map((line) => line.externalId)).toEqual(rows(source, 'SELECT external_id FROM papers ORDER BY id').flat());
  });

  it('imports every line into the empty database', () => {
    expect(imported).toMatchObject({ added: PAPERS, updated: 0, unchanged: 0, skipped: 0 });
    expect(rows(copy, 'SELECT count(*) FROM authors')).toEqual(rows(source, 'SELECT count(*) FROM authors'));
  });

  it('exports the copy to the same bytes, row ids aside', () => {
    const [a, b] = [fs.readFileSync(first, 'utf8'), fs.readFileSync(second, 'utf8')];
    expect(withoutRowIds(b) === withoutRowIds(a)).toBe(true);
  });

  it('leaves the copy with the same author metrics', () => {
    const metrics = metricsByName(copy);
    expect(metrics).toHaveLength(source.sqlite.prepare('SELECT count(*) FROM authors').pluck().get() as number);
    expect(metrics).toEqual(metricsByName(source));
  });

  it('changes nothing when the same file is imported again', async () => {
    const hash = contentHash(copy);
    const again = await importLines(copy, first, mapScholarGraphLine);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: PAPERS, skipped: 0 });
    expect(contentHash(copy)).toBe(hash);
  });

  it('updates a paper and its authors metrics from an edited line, and nothing else', async () => {
    const lines = fs.readFileSync(first, 'utf8').split('\n');
    const edited = JSON.parse(lines[0]);
    expect(edited).toMatchObject({ externalId: '2503.07365', citationCount: 120, novelty: 0.72 });
    lines[0] = JSON.stringify({ ...edited, citationCount: 500, novelty: 0.9 });
    const file = path.join(scratch.dir(), 'edited.ndjson');
    fs.writeFileSync(file, lines.join('\n'));
    const card = copy.sqlite.prepare(
      `SELECT m.paper_count AS paperCount, m.citation_count AS citationCount, m.h_index AS hIndex, round(m.novelty, 4) AS novelty
         FROM author_metrics m JOIN authors a ON a.id = m.author_id WHERE a.name = 'Zongkai Liu'`,
    );
    expect(card.get()).toEqual({ paperCount: 6, citationCount: 229, hIndex: 4, novelty: 0.53 });
    const othersBefore = rows(copy, `${METRIC_VALUES} WHERE author_id NOT IN (SELECT author_id FROM authorships s JOIN papers p ON p.id = s.paper_id WHERE p.external_id = '2503.07365') ORDER BY author_id`);

    const summary = await importLines(copy, file, mapScholarGraphLine);
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: PAPERS - 1, skipped: 0 });
    expect(rows(copy, "SELECT citation_count, novelty FROM papers WHERE external_id = '2503.07365'")).toEqual([[500, 0.9]]);
    // 229 - 120 + 500 citations; novelty mean (3.18 - 0.72 + 0.9) / 6.
    expect(card.get()).toEqual({ paperCount: 6, citationCount: 609, hIndex: 4, novelty: 0.56 });
    expect(rows(copy, `${METRIC_VALUES} WHERE author_id NOT IN (SELECT author_id FROM authorships s JOIN papers p ON p.id = s.paper_id WHERE p.external_id = '2503.07365') ORDER BY author_id`)).toEqual(othersBefore);
    const metrics = rows(copy, `${METRIC_VALUES} ORDER BY author_id`);
    refreshAllAuthorMetrics(copy.sqlite);
    expect(rows(copy, `${METRIC_VALUES} ORDER BY author_id`)).toEqual(metrics);
  });
});

describe('author identity across a round trip', () => {
  // Two generated corpora name their authors alike: "Alra A. Abova" of seed 1 and "Alra A. Abova"
  // of seed 2 are two people, two rows. Without external ids, only the name says who an author
  // is once exported, so the import makes them one; with external ids they stay two.
  let source: Db;
  let copy: Db;

  beforeAll(async () => {
    source = scratch.freshDb('two-corpora');
    writeCorpus(source, { papers: 300, seed: 1 });
    writeCorpus(source, { papers: 300, seed: 2 });
    // The seed-2 namesakes of the first 20 authors get ORCID-like ids.
    source.sqlite
      .prepare(`UPDATE authors SET external_id = 'orcid:' || id WHERE id IN (
                  SELECT max(id) FROM authors GROUP BY name HAVING count(*) > 1 ORDER BY min(id) LIMIT 20)`)
      .run();
    const file = path.join(scratch.dir(), 'two-corpora.ndjson');
    expect(runExport('--database', path.join(scratch.dir(), 'two-corpora.db'), '--out', file).status).toBe(0);
    copy = scratch.freshDb('two-corpora-copy');
    expect(await importLines(copy, file, mapScholarGraphLine)).toMatchObject({ added: 600, skipped: 0 });
  }, 60_000);

  const count = (db: Db, sql: string): number => db.sqlite.prepare(sql).pluck().get() as number;

  it('merges namesakes without external ids into one author, and keeps those with one apart', () => {
    const namesakes = count(source, 'SELECT count(*) FROM (SELECT name FROM authors WHERE external_id IS NULL GROUP BY name HAVING count(*) > 1)');
    expect(namesakes).toBeGreaterThan(50);
    expect(count(copy, 'SELECT count(*) FROM authors')).toBe(count(source, 'SELECT count(*) FROM authors') - namesakes);
    expect(count(copy, 'SELECT count(*) FROM authors WHERE external_id IS NOT NULL')).toBe(20);

    // A merged author has the papers of both namesakes.
    const merged = source.sqlite
      .prepare('SELECT name, sum(m.paper_count) AS papers FROM authors a JOIN author_metrics m ON m.author_id = a.id WHERE external_id IS NULL GROUP BY name HAVING count(*) > 1 ORDER BY name LIMIT 1')
      .get() as { name: string; papers: number };
    const papersOf = copy.sqlite.prepare('SELECT m.paper_count FROM authors a JOIN author_metrics m ON m.author_id = a.id WHERE a.name = ?').pluck();
    expect(papersOf.all(merged.name)).toEqual([merged.papers]);
  });

  it('still lists every paper with the same author names in the same order', () => {
    const names = (db: Db) =>
      rows(db, `SELECT p.external_id, (SELECT json_group_array(name) FROM (SELECT a.name FROM authorships s JOIN authors a ON a.id = s.author_id
                                                                          WHERE s.paper_id = p.id ORDER BY s.position))
                  FROM papers p ORDER BY p.external_id`);
    expect(names(copy)).toEqual(names(source));
  });
});
