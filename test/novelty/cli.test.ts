// npm run novelty as a user runs it: the papers without a novelty by default, --all for every
// score that is not supplied, a summary with the rate; supplied scores never touched.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { type Db } from '../../src/store/sqlite/client';
import { metricsFromScratch } from '../support/metrics';
import { scratchFolder } from '../import/support';
import { addPapers, stored } from './support';

const ROOT = path.join(__dirname, '..', '..');

function runNovelty(...args: string[]) {
  return spawnSync('node', ['--require', 'tsx/cjs', 'src/cli/novelty.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

const scratch = scratchFolder('novelty-cli-');

describe('npm run novelty', () => {
  let db: Db;
  let file: string;
  let ids: number[];
  beforeAll(() => {
    db = scratch.freshDb('cli');
    file = path.join(scratch.dir(), 'cli.db');
    ids = addPapers(db, [
      { title: 'Sparse attention for long documents', date: '2020-01-01' },
      { title: 'Sparse attention for long videos', date: '2020-02-01', novelty: 0.25 },
      { title: 'Linear attention for long documents', date: '2021-03-01' },
      { title: 'Sparse attention for long documents', date: '2022-04-01' },
    ]);
  });

  const summary = (papers: number, withoutScore: number) =>
    new RegExp(
      `^Novelty of ${papers} papers computed \\(${withoutScore} without a score: no earlier paper or no words\\) against 4 papers in .*cli\\.db ` +
        'in [\\d.]+ s on 1 thread \\(\\d+ papers/s, peak memory \\d+ MB\\)\\n$',
    );

  it('computes the papers without a novelty, and says how many and how fast', () => {
    const run = runNovelty('--database', file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(summary(3, 1));
    expect(ids.map((id) => stored(db, id).novelty)).toEqual([null, 0.25, expect.any(Number), 0]);
    expect(stored(db, ids[1]).computed).toBeNull();
  });

  it("brings the authors' novelty in line with the computed scores", () => {
    const { novelty } = db.sqlite.prepare('SELECT novelty FROM author_metrics').get() as { novelty: number };
    expect(novelty).toBe(metricsFromScratch(db.sqlite, 'A. N. Author').novelty);
    expect(novelty).not.toBe(0.25);
  });

  it('leaves what it computed alone on a second run, and recomputes it with --all, never the supplied score', () => {
    expect(runNovelty('--database', file).stdout).toMatch(summary(0, 0));
    const before = ids.map((id) => stored(db, id));
    const all = runNovelty('--database', file, '--all');
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(summary(3, 1));
    expect(ids.map((id) => stored(db, id))).toEqual(before);
  });

  it('refuses --all with --missing', () => {
    const run = runNovelty('--database', file, '--all', '--missing');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/option '--missing' cannot be used with option '--all'/);
  });
});
