// A start that finds thousands of papers left unscored (an import killed before its novelty
// pass) answers first and scores them after, in a worker thread: /readyz counts them down while
// GraphQL answers, and the scores and metrics it ends with are those of the synchronous path (a
// start that finishes the work before it listens) on a copy of the same file. SIGTERM stops the
// work between two transactions; the next start finishes it, scoring no paper twice.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { prepareDatabase } from '../../src/bootstrap';
import { migrateDatabase, openDatabase } from '../../src/store/sqlite/client';
import { toGlobalId } from '../../src/graphql/ids';
import { startBackgroundWork } from '../../src/novelty/background';
import { estimatePendingWork, markMissingNoveltyPending } from '../../src/store/sqlite/novelty/pending';
import { withSearchIndexingDeferred } from '../../src/store';
import { METRIC_VALUES, scratchFolder } from '../import/support';
import { logLines, startProcess, until, type ServerProcess } from '../support/server-process';

// Enough that scoring them takes seconds, past the server's first answer.
const PAPERS = 6000;

// Everything a score is, but when it was computed.
const SCORES = `SELECT p.id, p.novelty, n.novelty AS computed, n.method, n.version, n.corpus_date, n.corpus_papers, n.nearest
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id ORDER BY p.id`;

interface Outcome {
  scores: unknown[];
  metrics: unknown[];
  /** novelty_term_df and novelty_years, hashed. */
  documentFrequencies: string;
  pendingNovelty: number;
  pendingAuthorMetrics: number;
}

function outcome(file: string): Outcome {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = crypto.createHash('sha256');
    hash.update(JSON.stringify(sqlite.prepare('SELECT term, year, df FROM novelty_term_df ORDER BY year, term').raw().all()));
    hash.update(JSON.stringify(sqlite.prepare('SELECT * FROM novelty_years ORDER BY year').raw().all()));
    return {
      scores: sqlite.prepare(SCORES).all(),
      metrics: sqlite.prepare(`${METRIC_VALUES} ORDER BY author_id`).all(),
      documentFrequencies: hash.digest('hex'),
      pendingNovelty: sqlite.prepare('SELECT count(*) FROM novelty_pending').pluck().get() as number,
      pendingAuthorMetrics: sqlite.prepare('SELECT count(*) FROM author_metrics_pending').pluck().get() as number,
    };
  } finally {
    sqlite.close();
  }
}

function computedAt(file: string): Map<number, string> {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = sqlite.prepare('SELECT paper_id AS id, computed_at AS at FROM paper_novelty').all() as { id: number; at: string }[];
    return new Map(rows.map((r) => [r.id, r.at]));
  } finally {
    sqlite.close();
  }
}

const LAST_PAPER = 'query ($id: ID!) { paper(id: $id) { title novelty noveltyExplanation { source } } }';

describe('pending work at start', () => {
  const scratch = scratchFolder('novelty-background-');
  let template = '';
  let reference: Outcome;
  let last: { id: number; title: string };
  let authors = 0;
  const running: ServerProcess[] = [];

  const copyOfTemplate = (name: string): string => {
    const file = path.join(scratch.dir(), name);
    fs.copyFileSync(template, file);
    return file;
  };

  async function stop(server: ServerProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    server.child.kill('SIGTERM');
    return server.exited;
  }

  beforeAll(() => {
    // What an import killed after its last record leaves: every paper without a novelty and
    // listed in novelty_pending, every author listed in author_metrics_pending.
    template = path.join(scratch.dir(), 'template.db');
    const db = openDatabase(template);
    migrateDatabase(db);
    withSearchIndexingDeferred(db.sqlite, () => writeCorpus(db, { papers: PAPERS, seed: 7 }));
    db.sqlite.exec('UPDATE papers SET novelty = NULL');
    expect(markMissingNoveltyPending(db.sqlite)).toBe(PAPERS);
    authors = db.sqlite.prepare('INSERT INTO author_metrics_pending (author_id) SELECT id FROM authors').run().changes;
    last = db.sqlite.prepare('SELECT id, title FROM papers ORDER BY published_at DESC, id DESC LIMIT 1').get() as { id: number; title: string };
    db.close();

    // The synchronous path: all of it done before the server would listen.
    const copy = copyOfTemplate('reference.db');
    prepareDatabase(copy, { seedDemoData: false }).db.close();
    reference = outcome(copy);
    expect(reference).toMatchObject({ pendingNovelty: 0, pendingAuthorMetrics: 0 });
    expect((reference.scores as { computed: number | null }[]).filter((s) => s.computed !== null).length).toBeGreaterThan(PAPERS * 0.9);
  }, 180_000);

  afterAll(async () => {
    for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  async function start(file: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
    const server = await startProcess(file, env);
    running.push(server);
    return server;
  }

  it('answers while the papers are scored, then ends with the scores of the synchronous path', async () => {
    const file = copyOfTemplate('background.db');
    const server = await start(file);

    const first = await server.readyz();
    expect(first).toMatchObject({ status: 'ready', pendingNovelty: expect.any(Number) });
    expect(first.pendingNovelty).toBeGreaterThan(0);
    // The paper published last is scored last: unscored yet, it reads as a paper without a novelty.
    const read = await server.graphql(LAST_PAPER, { id: toGlobalId('Paper', last.id) });
    expect(read).toEqual({ data: { paper: { title: last.title, novelty: null, noveltyExplanation: null } } });
    expect((await server.readyz()).pendingNovelty).toBeGreaterThan(0);

    await until(async () => {
      const { pendingNovelty, pendingAuthorMetrics } = await server.readyz();
      return pendingNovelty + pendingAuthorMetrics === 0;
    }, 'the pending work to be done');
    await until(() => logLines(server.output(), 'pending work: done').length === 1, 'the log line of the end');
    expect(logLines(server.output(), 'pending work: finishing it in the background')).toMatchObject([{ pendingNovelty: PAPERS }]);
    expect(logLines(server.output(), 'pending work: done')).toMatchObject([{ papersScored: PAPERS, authorsRefreshed: authors }]);

    const scored = await server.graphql(LAST_PAPER, { id: toGlobalId('Paper', last.id) });
    const expected = (reference.scores as { id: number; novelty: number | null }[]).find((s) => s.id === last.id)!;
    expect(scored.data.paper).toMatchObject({ novelty: expected.novelty, noveltyExplanation: { source: 'COMPUTED' } });

    expect(await stop(server)).toEqual({ code: 0, signal: null });
    expect(outcome(file)).toEqual(reference);
  }, 180_000);

  it('stops between two transactions on SIGTERM, and the next start finishes with the same scores, none computed twice', async () => {
    const file = copyOfTemplate('stopped.db');
    const server = await start(file);
    await until(async () => (await server.readyz()).pendingNovelty < PAPERS, 'some papers to be scored');
    expect(await stop(server)).toEqual({ code: 0, signal: null });
    expect(logLines(server.output(), 'pending work: stopped between two transactions')).toHaveLength(1);

    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const check = sqlite.pragma('integrity_check', { simple: true });
    sqlite.close();
    expect(check).toBe('ok');
    const left = outcome(file);
    const before = computedAt(file);
    expect(left.pendingNovelty).toBeGreaterThan(0);
    expect(before.size).toBeGreaterThan(0);
    // Every paper is either scored or still listed, never both.
    expect(left.pendingNovelty + before.size).toBe(PAPERS);

    const again = await start(file);
    await until(async () => {
      const { pendingNovelty, pendingAuthorMetrics } = await again.readyz();
      return pendingNovelty + pendingAuthorMetrics === 0;
    }, 'the rest of the pending work to be done');
    expect(logLines(again.output(), 'pending work: finishing it in the background')).toMatchObject([{ pendingNovelty: left.pendingNovelty }]);
    expect(await stop(again)).toEqual({ code: 0, signal: null });
    expect(outcome(file)).toEqual(reference);
    const after = computedAt(file);
    for (const [id, at] of before) expect(after.get(id)).toBe(at);
  }, 240_000);

  it('in a cluster, is done once, by the primary, with the same scores', async () => {
    const file = copyOfTemplate('cluster.db');
    const server = await start(file, { WORKERS: '2' });
    // The primary starts the work as it forks the workers, which then take a while to listen:
    // how much is left at their first answer depends on the machine.
    await until(async () => {
      const { pendingNovelty, pendingAuthorMetrics } = await server.readyz();
      return pendingNovelty + pendingAuthorMetrics === 0;
    }, 'the pending work to be done');
    await until(() => logLines(server.output(), 'pending work: done').length === 1, 'the log line of the end');
    // The spawned process is the primary; the workers log under pids of their own.
    expect(logLines(server.output(), 'pending work: finishing it in the background')).toMatchObject([{ pid: server.child.pid, pendingNovelty: PAPERS }]);
    expect(logLines(server.output(), 'pending work: done')).toMatchObject([{ pid: server.child.pid, papersScored: PAPERS }]);
    expect(await stop(server)).toEqual({ code: 0, signal: null });
    expect(outcome(file)).toEqual(reference);
  }, 240_000);

  it('runs the same from this process (ts-jest), where its thread loads TypeScript through tsx', async () => {
    const file = copyOfTemplate('in-process.db');
    const db = openDatabase(file);
    const pending = estimatePendingWork(db.sqlite);
    db.close();
    const lines: { details: object; message: string }[] = [];
    const log = { info: (details: object, message: string) => lines.push({ details, message }), error: (details: object, message: string) => lines.push({ details, message }) };
    await startBackgroundWork({ database: { file }, pending, log }).ended;
    expect(lines.map((l) => l.message)).toEqual([
      'pending work: finishing it in the background while the API serves (progress on /readyz)',
      'pending work: done',
    ]);
    expect(lines[1].details).toMatchObject({ papersScored: PAPERS, authorsRefreshed: authors });
    expect(outcome(file)).toEqual(reference);
  }, 120_000);
});
