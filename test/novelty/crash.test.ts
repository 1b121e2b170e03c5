// An import killed (SIGKILL) after its last record but before the novelty of its papers was
// computed: the next server start computes it, each missing score once, and the scores are those
// of an uninterrupted import.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { toGlobalId } from '../../src/graphql/ids';
import { importFile } from '../../src/import/import-file';
import { generateCorpus } from '../../seeds/corpus/generate-corpus';
import { toArxivSnapshotLine } from '../../seeds/corpus/arxiv-lines';
import { startServer } from '../support/server';
import { scratchFolder } from '../import/support';

const ROOT = path.join(__dirname, '..', '..');
const PAPERS = 3000;

// Everything a score is, but when it was computed.
const SCORES = `SELECT p.id, p.external_id, p.novelty, n.novelty AS computed, n.method, n.version, n.corpus_date, n.corpus_papers, n.nearest
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id ORDER BY p.id`;

const scratch = scratchFolder('novelty-crash-');
let file = '';

const count = (sqlite: Database.Database, sql: string) => sqlite.prepare(sql).pluck().get() as number;

/** Runs the import CLI and kills it once every record is in and the novelty is still pending. */
async function importKilledBeforeNovelty(database: string): Promise<void> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/import.ts', file, '--database', database, '--batch-size', '500'], {
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
          if (count(reader, 'SELECT count(*) FROM papers') === PAPERS && count(reader, 'SELECT count(*) FROM novelty_pending') > 0) break;
        } catch {
          // Not migrated yet.
        } finally {
          reader.close();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBeNull();
}

describe('an import killed before it computed the novelty of its papers', () => {
  let reference: unknown[];
  beforeAll(async () => {
    file = path.join(scratch.dir(), 'corpus.jsonl');
    fs.writeFileSync(file, [...generateCorpus({ papers: PAPERS, seed: 11 })].map(toArxivSnapshotLine).join('\n') + '\n');
    const db = scratch.freshDb('reference');
    const summary = await importFile(db, file);
    expect(summary).toMatchObject({ added: PAPERS, noveltyComputed: PAPERS });
    reference = db.sqlite.prepare(SCORES).all();
  }, 120_000);

  it('is finished by the next server start, with the scores of an uninterrupted import, each computed once', async () => {
    const database = path.join(scratch.dir(), 'killed.db');
    await importKilledBeforeNovelty(database);
    const killed = new Database(database, { readonly: true });
    const pending = count(killed, 'SELECT count(*) FROM novelty_pending');
    const computedBefore = killed.prepare('SELECT paper_id, computed_at FROM paper_novelty ORDER BY paper_id').all() as { paper_id: number; computed_at: string }[];
    killed.close();
    expect(pending).toBeGreaterThan(0);
    expect(pending + computedBefore.length).toBe(PAPERS);

    const server = await startServer({ file: database, seedDemoData: false });
    try {
      expect(count(server.db.sqlite, 'SELECT count(*) FROM novelty_pending')).toBe(0);
      expect(server.db.sqlite.prepare(SCORES).all()).toEqual(reference);
      // What was computed before the kill was not computed again.
      const stamps = new Map((server.db.sqlite.prepare('SELECT paper_id, computed_at FROM paper_novelty').all() as { paper_id: number; computed_at: string }[]).map((r) => [r.paper_id, r.computed_at]));
      for (const row of computedBefore) expect(stamps.get(row.paper_id)).toBe(row.computed_at);
      // And a client sees the scores explained.
      const latest = (reference as { id: number; novelty: number; corpus_papers: number }[]).reduce((a, b) => (b.corpus_papers > a.corpus_papers ? b : a));
      const { body } = await server.graphql('query ($id: ID!) { paper(id: $id) { novelty noveltyExplanation { source corpusPapers } } }', {
        id: toGlobalId('Paper', latest.id),
      });
      expect(body.data.paper).toEqual({ novelty: latest.novelty, noveltyExplanation: { source: 'COMPUTED', corpusPapers: latest.corpus_papers } });
    } finally {
      await server.close();
    }
  }, 120_000);
});
