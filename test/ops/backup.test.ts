// npm run backup: a consistent copy of the database while the server serves it and takes writes,
// the file named only once complete, and clear refusals of bad arguments.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createKey } from '../../src/auth/keys';
import { sqliteStore } from '../../src/store';
import { prepareDatabase } from '../../src/bootstrap';
import { openDatabase } from '../../src/store/sqlite/client';
import { backupDatabase } from '../../src/ops/backup';
import { insertPaper } from '../../src/store/sqlite/paper-writes';
import { tempDir } from '../support/server';
import { startProcess as startServerProcess } from '../support/server-process';

const root = path.join(__dirname, '..', '..');
const CORPUS_PAPERS = 20_000;

function backupCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/backup.ts', ...args], { cwd: root, encoding: 'utf8' });
}

function backupCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/backup.ts', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const startProcess = (file: string) => startServerProcess(file, { LOG_LEVEL: 'silent', WORKERS: process.env.WORKERS ?? '' });

/** What a restore would get: the copy's health and a check that every paper is whole. */
function inspect(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      papers: db.prepare('SELECT COUNT(*) FROM papers').pluck().get() as number,
      // A whole paper has authors at positions 1..n.
      brokenPapers: db
        .prepare(
          `SELECT COUNT(*) FROM papers p
            WHERE NOT EXISTS (SELECT 1 FROM authorships s WHERE s.paper_id = p.id)
               OR (SELECT COUNT(*) FROM authorships s WHERE s.paper_id = p.id) <> (SELECT MAX(position) FROM authorships s WHERE s.paper_id = p.id)`,
        )
        .pluck()
        .get(),
      authorsWithoutMetrics: db.prepare('SELECT COUNT(*) FROM authors WHERE id NOT IN (SELECT author_id FROM author_metrics)').pluck().get(),
    };
  } finally {
    db.close();
  }
}

describe('backup', () => {
  const dir = tempDir('scholargraph-backup-');
  const template = path.join(dir, 'template.db');
  beforeAll(() => {
    prepareDatabase(template, { seedDemoData: true, demoCorpusPapers: CORPUS_PAPERS }).db.close();
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('copies a served database while it takes writes: a whole, valid snapshot between the counts before and after', async () => {
    const file = path.join(dir, 'live.db');
    fs.copyFileSync(template, file);
    const setup = openDatabase(file);
    const key = (await createKey(sqliteStore(setup), { name: 'backup test', role: 'writer' })).key;
    setup.close();
    const server = await startProcess(file);

    const countPapers = async (): Promise<number> => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ papers(first: 0) { totalCount } }' }),
      });
      return ((await response.json()) as { data: { papers: { totalCount: number } } }).data.papers.totalCount;
    };
    let writing = true;
    let written = 0;
    const writes = (async () => {
      const CREATE = 'mutation ($input: PaperInput!) { createPaper(input: $input) { paper { id } } }';
      while (writing) {
        const authors = [{ name: `Backup Author ${written % 5}` }, { name: `Backup Coauthor ${written % 7}` }];
        const input = { title: `Written during the backup ${written}`, category: 'cs.DB', publishedAt: '2024-06-01', authors };
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query: CREATE, variables: { input } }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: unknown };
        if (!body.data) throw new Error(`write refused: ${JSON.stringify(body.errors)}`);
        written += 1;
      }
    })();

    try {
      await new Promise((r) => setTimeout(r, 300));
      const before = await countPapers();
      const writtenBefore = written;
      const copy = path.join(dir, 'live-copy.db');
      const run = await backupCliAsync([copy, '--database', file]);
      const writtenDuring = written - writtenBefore;
      const after = await countPapers();
      writing = false;
      await writes;

      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(writtenDuring).toBeGreaterThan(0);
      // No temporary file, no -wal or -shm beside the copy.
      expect(fs.readdirSync(dir).filter((name) => name.includes('live-copy'))).toEqual(['live-copy.db']);
      const copied = inspect(copy);
      expect(copied).toEqual({ integrity: 'ok', papers: copied.papers, brokenPapers: 0, authorsWithoutMetrics: 0 });
      expect(copied.papers).toBeGreaterThanOrEqual(before);
      expect(copied.papers).toBeLessThanOrEqual(after);
      expect(run.stdout).toMatch(new RegExp(`^Backed up ${file} to ${copy}: ${copied.papers} papers, \\d+ pages of 4096 bytes \\([\\d.]+ MB\\) in [\\d.]+ s; integrity_check ok\\n$`));
    } finally {
      writing = false;
      await writes.catch(() => undefined);
      server.child.kill('SIGTERM');
    }
  }, 120_000);

  it('copies one snapshot however many writes land between its steps', async () => {
    const file = path.join(dir, 'stepped.db');
    fs.copyFileSync(template, file);
    const writer = openDatabase(file);
    const copy = path.join(dir, 'stepped-copy.db');
    const author = writer.sqlite.prepare('SELECT id FROM authors ORDER BY id LIMIT 1').pluck().get() as number;
    const before = writer.sqlite.prepare('SELECT COUNT(*) FROM papers').pluck().get() as number;
    const copiedSoFar: number[] = [];
    try {
      // Small steps with a write after each: without a pinned snapshot SQLite would restart the copy
      // at every step and never finish.
      const summary = await backupDatabase(file, copy, {
        pagesPerStep: 64,
        onProgress: (copied) => {
          copiedSoFar.push(copied);
          if (copiedSoFar.length > 2_000) throw new Error('the copy keeps restarting');
          const fields = { externalId: null, title: `Between steps ${copiedSoFar.length}`, abstract: '', category: 'cs.DB', publishedAt: '2024-06-01',
            score: 0, novelty: null, aiScore: null, citationCount: 0, hasCode: false, codeUrl: null };
          insertPaper(writer, fields, [author]);
        },
      });
      expect(copiedSoFar.length).toBeGreaterThan(50);
      expect(copiedSoFar).toEqual([...copiedSoFar].sort((a, b) => a - b));
      expect(summary.papers).toBe(before);
      expect(inspect(copy)).toEqual({ integrity: 'ok', papers: before, brokenPapers: 0, authorsWithoutMetrics: 0 });
      expect(writer.sqlite.prepare('SELECT COUNT(*) FROM papers').pluck().get()).toBe(before + copiedSoFar.length);
    } finally {
      writer.close();
    }
  }, 60_000);

  it('leaves no file behind when interrupted', async () => {
    const copy = path.join(dir, 'interrupted.db');
    const abort = new AbortController();
    const run = backupDatabase(template, copy, {
      pagesPerStep: 64,
      signal: abort.signal,
      onProgress: (copied) => {
        if (copied > 0) abort.abort(new Error('stop'));
      },
    });
    await expect(run).rejects.toThrow('stop');
    expect(fs.readdirSync(dir).filter((name) => name.includes('interrupted'))).toEqual([]);
  });

  describe('refuses bad arguments, saying what to do, and writes nothing', () => {
    it('a database that does not exist', () => {
      const missing = path.join(dir, 'missing.db');
      const run = backupCli([path.join(dir, 'never.db'), '--database', missing]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`${missing} does not exist: pass --database with the path of a ScholarGraph database.\n`);
      expect(fs.existsSync(missing)).toBe(false);
      expect(fs.existsSync(path.join(dir, 'never.db'))).toBe(false);
    });

    it('a file that is not a ScholarGraph database', () => {
      const text = path.join(dir, 'notes.txt');
      fs.writeFileSync(text, 'not a database\n'.repeat(100));
      const run = backupCli([path.join(dir, 'never.db'), '--database', text]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`${text} is not a ScholarGraph database: file is not a database\n`);
      expect(fs.existsSync(path.join(dir, 'never.db'))).toBe(false);
    });

    it('no destination', () => {
      const run = backupCli(['--database', template]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("missing required argument 'file'");
    });

    it('the database itself as the destination', () => {
      const run = backupCli([template, '--database', template]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe('The backup must go to another file than the database itself.\n');
    });

    it('an existing destination, unless --force', () => {
      const existing = path.join(dir, 'existing.db');
      fs.writeFileSync(existing, 'yesterday');
      const refused = backupCli([existing, '--database', template]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe(`${existing} already exists: choose another file, or pass --force to replace it.\n`);
      expect(fs.readFileSync(existing, 'utf8')).toBe('yesterday');

      const forced = backupCli([existing, '--database', template, '--force']);
      expect(forced.status).toBe(0);
      expect(inspect(existing)).toEqual({ integrity: 'ok', papers: CORPUS_PAPERS + 6, brokenPapers: 0, authorsWithoutMetrics: 0 });
    });
  });
});
