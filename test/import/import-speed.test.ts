// Issue 21: what the import's faster paths must keep. A bulk batch drops the papers' row triggers
// of the data version inside its transaction and creates them again before it commits
// (src/store/sqlite/paper-writer.ts): after any import, failed records included, they are there
// as the migration made them, and the version moved when the import changed data. The bulk
// refreshes of author metrics read a paper's facts once for all its authors
// (src/store/sqlite/author-metrics.ts): their values are those of the per-authorship read.
import fs from 'node:fs';
import path from 'node:path';
import { importArxivFile } from '../../src/import/arxiv-import';
import { type Db } from '../../src/store/sqlite/client';
import { refreshAllAuthorMetrics, refreshListedAuthorMetrics, refreshPendingAuthorMetrics } from '../../src/store/sqlite/author-metrics';
import { METRIC_VALUES, rows, scratchFolder } from './support';

const SAMPLE = path.join(__dirname, '..', 'fixtures', 'arxiv-sample.jsonl');

const scratch = scratchFolder('import-speed-');

const triggers = (db: Db): unknown[] => rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'papers' ORDER BY name");
const version = (db: Db): number => db.sqlite.prepare('SELECT version FROM data_version WHERE id = 1').pluck().get() as number;

describe('the row triggers of papers through an import', () => {
  it('are back after a load, and the version moved; and after a re-import that changes nothing', async () => {
    const db = scratch.freshDb('sample');
    const before = triggers(db);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const v0 = version(db);
    expect(await importArxivFile(db, SAMPLE, { batchSize: 50 })).toMatchObject({ added: 200 });
    expect(triggers(db)).toEqual(before);
    const v1 = version(db);
    expect(v1).toBeGreaterThan(v0);
    expect(await importArxivFile(db, SAMPLE, { batchSize: 50 })).toMatchObject({ added: 0, unchanged: 200 });
    expect(triggers(db)).toEqual(before);
    // (The re-import suspends the search triggers, whose bookkeeping rows move the version.)
    // Between imports, a write to papers moves the version through its trigger as before.
    const v2 = version(db);
    db.sqlite.prepare('UPDATE papers SET citation_count = citation_count + 1 WHERE id = 1').run();
    expect(version(db)).toBe(v2 + 1);
  });

  it('are back after a batch that failed and was written again record by record', async () => {
    const lines = [
      JSON.stringify({ id: '1.1', title: 'Fine', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['Lovelace', 'Ada', '']] }),
      JSON.stringify({ id: '1.2', title: 'Too long an author', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['X'.repeat(400), '', '']] }),
      JSON.stringify({ id: '1.3', title: 'Also fine', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['Lovelace', 'Ada', '']] }),
    ];
    const file = path.join(scratch.dir(), 'constraint.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    const db = scratch.freshDb('constraint');
    const before = triggers(db);
    const v0 = version(db);
    expect(await importArxivFile(db, file)).toMatchObject({ added: 2, skipped: 1 });
    expect(triggers(db)).toEqual(before);
    expect(version(db)).toBeGreaterThan(v0);
  });

  it('are back after an update of stored papers, which moves the version', async () => {
    const db = scratch.freshDb('update');
    await importArxivFile(db, SAMPLE);
    const before = triggers(db);
    const v1 = version(db);
    const changed = fs
      .readFileSync(SAMPLE, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => (i === 3 ? JSON.stringify({ ...JSON.parse(line), title: 'A new title' }) : line));
    const file = path.join(scratch.dir(), 'changed.jsonl');
    fs.writeFileSync(file, changed.join('\n'));
    expect(await importArxivFile(db, file)).toMatchObject({ updated: 1, unchanged: 199 });
    expect(triggers(db)).toEqual(before);
    expect(version(db)).toBeGreaterThan(v1);
    expect(rows(db, "SELECT count(*) FROM papers WHERE title = 'A new title'")).toEqual([[1]]);
  });
});

// What a faster read of a batch's stored papers must keep (one was tried: issue 21): a record
// meets the paper as the batch's earlier records left it.
describe('a paper written twice in one batch', () => {
  it('are read again once the batch wrote: the same paper three times in a batch, changed in the middle', async () => {
    const db = scratch.freshDb('prefetch');
    await importArxivFile(db, SAMPLE);
    const lines = fs
      .readFileSync(SAMPLE, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, 10);
    const original = JSON.parse(lines[4]) as { id: string; title: string; authors_parsed: string[][] };
    const changed = JSON.stringify({ ...original, title: 'A changed title', authors_parsed: [...original.authors_parsed, ['Newcomer', 'Nina', '']] });
    const file = path.join(scratch.dir(), 'thrice.jsonl');
    fs.writeFileSync(file, [...lines, lines[4], changed, lines[4]].join('\n'));
    // Unchanged, unchanged (before any write), updated, updated back (read again after the write).
    expect(await importArxivFile(db, file)).toMatchObject({ added: 0, unchanged: 11, updated: 2, skipped: 0 });
    const title = db.sqlite.prepare('SELECT title FROM papers WHERE external_id = ?').pluck().get(original.id);
    expect(title).not.toBe('A changed title');
    // The author the middle line added went with the line that took them off again.
    expect(rows(db, "SELECT count(*) FROM authors WHERE name = 'Nina Newcomer'")).toEqual([[0]]);
  });

  it('lets a later record of a batch match a paper an earlier one added, by DOI', async () => {
    const db = scratch.freshDb('prefetch-doi');
    const lines = [
      JSON.stringify({ id: '2001.00001', title: 'First', doi: '10.1000/xyz', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['Lovelace', 'Ada', '']] }),
      JSON.stringify({ id: '2001.00002', title: 'Other', categories: 'cs.LG', update_date: '2020-01-02', authors_parsed: [['Lovelace', 'Ada', '']] }),
      JSON.stringify({ id: '2001.00001', title: 'First, again', doi: '10.1000/xyz', categories: 'cs.LG', update_date: '2020-01-01', authors_parsed: [['Lovelace', 'Ada', '']] }),
    ];
    const file = path.join(scratch.dir(), 'doi.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    expect(await importArxivFile(db, file)).toMatchObject({ added: 2, updated: 1 });
    expect(rows(db, 'SELECT external_id, title FROM papers ORDER BY id')).toEqual([
      ['2001.00001', 'First, again'],
      ['2001.00002', 'Other'],
    ]);
  });
});

describe('the bulk refreshes of author metrics', () => {
  it('give the values of the per-authorship read, means to the last bit', async () => {
    const db = scratch.freshDb('metrics');
    await importArxivFile(db, SAMPLE);
    // Novelty and AI scores whose means round differently in another order, and some papers without.
    db.sqlite.exec(`UPDATE papers SET novelty = CASE WHEN id % 7 = 0 THEN NULL ELSE ((id * 7919) % 1000) / 997.0 END,
      ai_score = CASE WHEN id % 5 = 0 THEN NULL ELSE ((id * 104729) % 10000) / 103.0 END, citation_count = (id * 31) % 40`);
    const all = `${METRIC_VALUES.replace('FROM', ', primary_topic_id, primary_subfield_id, primary_field_id, primary_domain_id FROM')} ORDER BY author_id`;
    refreshAllAuthorMetrics(db.sqlite);
    const expected = rows(db, all);
    expect(expected.length).toBeGreaterThan(100);

    db.sqlite.exec('DELETE FROM author_metrics');
    const ids = db.sqlite.prepare('SELECT id FROM authors ORDER BY id').pluck().all() as number[];
    refreshListedAuthorMetrics(db.sqlite, ids);
    expect(rows(db, all)).toEqual(expected);

    db.sqlite.exec('DELETE FROM author_metrics; INSERT INTO author_metrics_pending (author_id) SELECT id FROM authors');
    expect(refreshPendingAuthorMetrics(db.sqlite, { perTransaction: 37 })).toEqual({ authors: ids.length, stopped: false });
    expect(rows(db, all)).toEqual(expected);
  });
});
