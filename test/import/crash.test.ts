// kill -9 at any moment of an import: the database stays consistent (no half paper, no broken
// index), and a re-run, or a server start, finishes the job: the same database as one clean run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { prepareDatabase } from '../../src/bootstrap';
import { importFile } from '../../src/import/import-file';
import { refreshAllAuthorMetrics } from '../../src/store/sqlite/author-metrics';
import { generateCorpus } from '../../seeds/corpus/generate-corpus';
import { toArxivSnapshotLine } from '../../seeds/corpus/arxiv-lines';
import { contentHash, rows, scratchFolder } from './support';
import { openDatabase, migrateDatabase, type Db } from '../../src/store/sqlite/client';

const ROOT = path.join(__dirname, '..', '..');
// Large enough for the worker thread and the deferred indexes of a large load (over 4 MB).
const PAPERS = 12_000;

const scratch = scratchFolder('import-crash-');
let file = '';
let reference = '';

function count(sqlite: Database.Database, sql: string): number {
  return sqlite.prepare(sql).pluck().get() as number;
}

/** Starts the import CLI and kills it (SIGKILL) once `ready` holds on the database file. */
async function importKilledWhen(database: string, ready: (sqlite: Database.Database) => boolean): Promise<void> {
  // node itself with tsx's loader, not the tsx launcher: that one runs node as a child of its own,
  // which a SIGKILL to the launcher would leave running.
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/import.ts', file, '--database', database, '--batch-size', '2000'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  try {
    for (;;) {
      if (done) throw new Error(`the import ended before the kill point: ${stderr}`);
      if (fs.existsSync(database)) {
        const reader = new Database(database, { readonly: true, fileMustExist: true });
        try {
          if (ready(reader)) break;
        } catch {
          // Not migrated yet.
        } finally {
          reader.close();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBeNull();
}

/** What a reader may rely on at any moment: integrity, and whole papers with their whole author lists. */
function expectConsistent(db: Db): void {
  expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
  // Every generated paper has authors, numbered 1..n.
  expect(
    count(
      db.sqlite,
      `SELECT count(*) FROM papers p WHERE NOT EXISTS (SELECT 1 FROM authorships s WHERE s.paper_id = p.id)
          OR (SELECT max(position) FROM authorships s WHERE s.paper_id = p.id) <> (SELECT count(*) FROM authorships s WHERE s.paper_id = p.id)`,
    ),
  ).toBe(0);
}

function expectFinished(db: Db): void {
  expectConsistent(db);
  expect(contentHash(db)).toBe(reference);
  expect(rows(db, 'SELECT name FROM search_index_suspended')).toEqual([]);
  expect(count(db.sqlite, 'SELECT count(*) FROM author_metrics_pending')).toBe(0);
  expect(count(db.sqlite, 'SELECT count(*) FROM papers_fts')).toBe(PAPERS);
  expect(count(db.sqlite, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'papers_title_idx'")).toBe(1);
  // The metrics are the ones a recomputation from scratch gives.
  const before = contentHash(db);
  refreshAllAuthorMetrics(db.sqlite);
  expect(contentHash(db)).toBe(before);
}

beforeAll(async () => {
  file = path.join(scratch.dir(), 'corpus.jsonl');
  fs.writeFileSync(file, [...generateCorpus({ papers: PAPERS, seed: 7 })].map(toArxivSnapshotLine).join('\n') + '\n');
  const db = scratch.freshDb('reference');
  const summary = await importFile(db, file);
  expect(summary).toMatchObject({ added: PAPERS, skipped: 0 });
  reference = contentHash(db);
}, 120_000);

describe('an import killed with SIGKILL', () => {
  it.each([
    ['in its first batches', (sqlite: Database.Database) => count(sqlite, 'SELECT count(*) FROM papers') > 0],
    ['half way through the file', (sqlite: Database.Database) => count(sqlite, 'SELECT count(*) FROM papers') >= PAPERS / 2],
    ['after the last record, while it rebuilds indexes and metrics', (sqlite: Database.Database) => count(sqlite, 'SELECT count(*) FROM papers') === PAPERS],
  ])('%s leaves a consistent database that a re-run finishes', async (_when, ready) => {
    const database = path.join(scratch.dir(), `killed-${Math.random().toString(36).slice(2)}.db`);
    await importKilledWhen(database, ready);
    const db = openDatabase(database);
    try {
      migrateDatabase(db);
      expectConsistent(db);
      const summary = await importFile(db, file);
      expect(summary.skipped).toBe(0);
      expect(summary.added + summary.unchanged).toBe(PAPERS);
      expectFinished(db);
    } finally {
      db.close();
    }
  }, 120_000);

  it('after its last record is finished by the next server start', async () => {
    const database = path.join(scratch.dir(), 'killed-then-served.db');
    await importKilledWhen(database, (sqlite) => count(sqlite, 'SELECT count(*) FROM papers') === PAPERS);
    const { db } = prepareDatabase(database, { seedDemoData: false });
    try {
      expectFinished(db);
    } finally {
      db.close();
    }
  }, 120_000);
});
