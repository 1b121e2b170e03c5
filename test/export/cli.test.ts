// npm run export as a user runs it: to standard output or a file, gzipped on request, narrowed
// by --since; bad arguments refused with a message and a non-zero exit.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { type Db } from '../../src/store/sqlite/client';
import { writeDemoProfile } from '../../seeds/demo-profile';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { scratchFolder } from '../import/support';
import { parseLines, runExport, withoutRowIds } from './support';

const ROOT = path.join(__dirname, '..', '..');

const scratch = scratchFolder('export-cli-');

describe('npm run export', () => {
  let db: Db;
  let file: string;
  let everything: string;
  beforeAll(() => {
    db = scratch.freshDb('cli');
    writeDemoProfile(db);
    writeCorpus(db, { papers: 500, seed: 3 });
    file = path.join(scratch.dir(), 'cli.db');
    const run = runExport('--database', file);
    expect(run.status).toBe(0);
    everything = run.stdout;
  });

  const externalIds = (sql: string, ...params: unknown[]): string[] => db.sqlite.prepare(sql).pluck().all(...params) as string[];

  it('writes every paper to standard output and a summary to standard error', () => {
    expect(parseLines(everything).map((p) => p.externalId)).toEqual(externalIds('SELECT external_id FROM papers ORDER BY id'));
    expect(everything.endsWith('}\n')).toBe(true);
  });

  it('keeps the papers published on or after --since', () => {
    const run = runExport('--database', file, '--since', '2024-01-01');
    expect(run.status).toBe(0);
    const papers = parseLines(run.stdout);
    const expected = externalIds("SELECT external_id FROM papers WHERE published_at >= '2024-01-01' ORDER BY id");
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.length).toBeLessThan(externalIds('SELECT external_id FROM papers').length);
    expect(papers.map((p) => p.externalId)).toEqual(expected);
    expect(papers.every((p) => p.publishedAt >= '2024-01-01')).toBe(true);
    expect(run.stderr).toMatch(new RegExp(`^Exported ${expected.length} papers from .*cli\\.db to standard output in [\\d.]+ s \\(\\d+ papers/s\\)$`, 'm'));
  });

  it('gzips to a file ending in .gz', () => {
    const out = path.join(scratch.dir(), 'papers.ndjson.gz');
    const run = runExport('--database', file, '--out', out);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/papers\.ndjson\.gz \(gzipped\)/);
    expect(zlib.gunzipSync(fs.readFileSync(out)).toString('utf8')).toBe(everything);
  });

  it('gives a gzipped file that npm run import reads back, its format detected, into the same papers', () => {
    const out = path.join(scratch.dir(), 'for-import.ndjson.gz');
    expect(runExport('--database', file, '--out', out).status).toBe(0);
    const target = path.join(scratch.dir(), 'imported.db');
    const imported = spawnSync('npx', ['tsx', 'src/cli/import.ts', out, '--database', target], { cwd: ROOT, encoding: 'utf8' });
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const papers = everything.split('\n').filter((line) => line !== '').length;
    expect(imported.stdout).toMatch(new RegExp(`: ${papers} added, 0 updated, 0 unchanged, 0 skipped in`));
    expect(withoutRowIds(runExport('--database', target).stdout)).toBe(withoutRowIds(everything));
  });

  it('refuses a --since that is not a real date', () => {
    const run = runExport('--database', file, '--since', '2024-02-30');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--since.*'2024-02-30' is invalid\. Not a real date of the form YYYY-MM-DD/);
  });

  it('refuses a database that does not exist, without creating it', () => {
    const missing = path.join(scratch.dir(), 'missing.db');
    const run = runExport('--database', missing);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${missing} does not exist: pass --database with the path of a ScholarGraph database.`);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
