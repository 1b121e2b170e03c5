// novelty_pending: a paper leaves the list in the transaction that writes its score, so that a run
// that dies half way (here: a progress callback that throws between two write batches) leaves
// exactly the unscored papers listed, and finishing the list scores each of them once. The work
// a start leaves for the background (finishPendingWork) ends the same, sliced, stopped and resumed.
import { type Db } from '../../src/store/sqlite/client';
import { computeNoveltyInBulk } from '../../src/store/sqlite/novelty/bulk';
import { computePendingNovelty, finishPendingWork, pendingNoveltyCount } from '../../src/store/sqlite/novelty/pending';
import { markNoveltyPending } from '../../src/store/sqlite/novelty/results';
import { pendingAuthorMetricsCount } from '../../src/store/sqlite/author-metrics';
import { METRIC_VALUES, rows, scratchFolder } from '../import/support';
import { addPapers, storedAll, type PaperSpec } from './support';

const scratch = scratchFolder('novelty-pending-');

describe('novelty_pending', () => {
  it('lists exactly the papers a dead run left unscored, and finishing it scores each once', () => {
    const db = scratch.freshDb('pending');
    const ids = addPapers(
      db,
      Array.from({ length: 60 }, (_, i) => ({
        title: `Attention ${['for graphs', 'for images', 'for text'][i % 3]} part ${i}`,
        abstract: 'Transformers with sparse attention.',
        date: `2020-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 12)).padStart(2, '0')}`,
      })),
    );
    db.sqlite.transaction(() => markNoveltyPending(db.sqlite, ids))();
    expect(pendingNoveltyCount(db.sqlite)).toBe(60);

    expect(() =>
      computeNoveltyInBulk(db.sqlite, {
        scope: ids,
        batchSize: 25,
        onProgress: ({ stage, done }) => {
          if (stage === 'scoring' && done >= 50) throw new Error('killed');
        },
      }),
    ).toThrow('killed');
    const written = db.sqlite.prepare('SELECT paper_id AS id, computed_at AS at FROM paper_novelty ORDER BY paper_id').all() as { id: number; at: string }[];
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(60);
    const listed = db.sqlite.prepare('SELECT paper_id FROM novelty_pending ORDER BY paper_id').pluck().all() as number[];
    expect([...listed, ...written.map((w) => w.id)].sort((a, b) => a - b)).toEqual(ids);

    const summary = computePendingNovelty(db.sqlite);
    expect(summary.computed).toBe(listed.length);
    expect(pendingNoveltyCount(db.sqlite)).toBe(0);
    const after = new Map((db.sqlite.prepare('SELECT paper_id AS id, computed_at AS at FROM paper_novelty').all() as { id: number; at: string }[]).map((r) => [r.id, r.at]));
    expect(after.size).toBe(60);
    for (const w of written) expect(after.get(w.id)).toBe(w.at);
  });

  it('forgets a listed paper that was deleted, or given a supplied novelty, without scoring it', () => {
    const db = scratch.freshDb('forgotten');
    const [first, supplied, deleted] = addPapers(db, [
      { title: 'Sparse attention for graphs', date: '2020-01-01' },
      { title: 'Sparse attention for images', date: '2021-01-01' },
      { title: 'Sparse attention for text', date: '2022-01-01' },
    ]);
    db.sqlite.transaction(() => markNoveltyPending(db.sqlite, [first, supplied, deleted]))();
    db.sqlite.prepare('UPDATE papers SET novelty = 0.7 WHERE id = ?').run(supplied);
    db.sqlite.prepare('DELETE FROM authorships WHERE paper_id = ?').run(deleted);
    db.sqlite.prepare('DELETE FROM papers WHERE id = ?').run(deleted);
    expect(computePendingNovelty(db.sqlite).computed).toBe(1);
    expect(pendingNoveltyCount(db.sqlite)).toBe(0);
    expect(db.sqlite.prepare('SELECT id, novelty FROM papers ORDER BY id').all()).toEqual([
      { id: first, novelty: null },
      { id: supplied, novelty: 0.7 },
    ]);
    expect(db.sqlite.prepare('SELECT paper_id FROM paper_novelty').pluck().all()).toEqual([first]);
  });
});

const TOPICS = ['sparse attention for graphs', 'graph kernels', 'attention for images', 'kernel methods for text', 'robust bandits'];

/** `n` papers over three years, each with an author of its own beside the shared one. */
function corpus(n: number): PaperSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `${TOPICS[i % TOPICS.length]} ${TOPICS[(i * 7) % TOPICS.length]} part ${i}`,
    abstract: `Study ${i % 11} of ${TOPICS[(i * 3) % TOPICS.length]}.`,
    date: `${2019 + (i % 3)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  }));
}

function withPending(db: Db, papers: PaperSpec[], pending: number): number[] {
  const ids = addPapers(db, papers);
  const own = db.sqlite.prepare('INSERT INTO authors (name) VALUES (?)');
  const link = db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, 2)');
  db.sqlite.transaction(() => ids.forEach((id) => link.run(id, Number(own.run(`Author ${id}`).lastInsertRowid))))();
  // The earlier papers scored, as a corpus already served; the last `pending` left to score.
  db.sqlite.transaction(() => markNoveltyPending(db.sqlite, ids.slice(0, ids.length - pending)))();
  finishPendingWork(db.sqlite);
  db.sqlite.transaction(() => markNoveltyPending(db.sqlite, ids.slice(ids.length - pending)))();
  return ids.slice(ids.length - pending);
}

const outcomeOf = (db: Db) => ({
  stored: storedAll(db),
  metrics: rows(db, `${METRIC_VALUES} ORDER BY author_id`),
  documentFrequencies: rows(db, 'SELECT term, year, df FROM novelty_term_df ORDER BY year, term'),
  years: rows(db, 'SELECT * FROM novelty_years ORDER BY year'),
});

describe('finishPendingWork, as the background runs it', () => {
  // 150 of 150 papers go through the bulk pass; 20 of 150 through the indexes, one at a time.
  it.each([
    ['in bulk', 150],
    ['from the indexes', 20],
  ])('%s: in short transactions, stopped and resumed, ends as one uninterrupted run', (_, pending) => {
    const whole = scratch.freshDb(`whole-${pending}`);
    withPending(whole, corpus(150), pending);
    expect(finishPendingWork(whole.sqlite)).toMatchObject({ stopped: false, novelty: { computed: pending } });
    const reference = outcomeOf(whole);

    const sliced = scratch.freshDb(`sliced-${pending}`);
    const listed = withPending(sliced, corpus(150), pending);
    const written = () => listed.length - pendingNoveltyCount(sliced.sqlite);
    const first = finishPendingWork(sliced.sqlite, { papersPerTransaction: 7, authorsPerTransaction: 3, shouldStop: () => written() >= 14 });
    // Stopped after two transactions of seven papers, the rest listed; the authors not yet done.
    expect(first).toMatchObject({ stopped: true, novelty: { computed: 14 }, authors: 0 });
    expect(pendingNoveltyCount(sliced.sqlite)).toBe(pending - 14);
    expect(pendingAuthorMetricsCount(sliced.sqlite)).toBeGreaterThan(0);

    let asked = 0;
    const second = finishPendingWork(sliced.sqlite, { papersPerTransaction: 7, authorsPerTransaction: 3, shouldStop: () => pendingNoveltyCount(sliced.sqlite) === 0 && ++asked > 2 });
    expect(second).toMatchObject({ stopped: true, novelty: { computed: pending - 14 }, authors: 6 });
    expect(finishPendingWork(sliced.sqlite, { papersPerTransaction: 7, authorsPerTransaction: 3 })).toMatchObject({ stopped: false, authors: expect.any(Number) });
    expect(pendingNoveltyCount(sliced.sqlite) + pendingAuthorMetricsCount(sliced.sqlite)).toBe(0);
    expect(outcomeOf(sliced)).toEqual(reference);
  });

  it('leaves alone a paper that an API write scored while the run was under way', () => {
    const db = scratch.freshDb('concurrent');
    const listed = withPending(db, corpus(150), 150);
    // The paper published last: the run scores it last.
    const rescored = db.sqlite.prepare('SELECT id FROM papers ORDER BY published_at DESC, id DESC LIMIT 1').pluck().get() as number;
    expect(listed).toContain(rescored);
    let written = false;
    // As a write through the API does (scoreWrittenPapers): a computed value, off the list, in one transaction.
    const apiWrite = db.sqlite.transaction(() => {
      db.sqlite.prepare('UPDATE papers SET novelty = 0.125 WHERE id = ?').run(rescored);
      db.sqlite
        .prepare(`INSERT INTO paper_novelty (paper_id, novelty, method, version, corpus_date, corpus_papers, nearest, computed_at)
          VALUES (?, 0.125, 'tfidf-backward-cosine', 1, '2021-01-01', 1, '[]', 'then')`)
        .run(rescored);
      db.sqlite.prepare('DELETE FROM novelty_pending WHERE paper_id = ?').run(rescored);
    });
    const summary = finishPendingWork(db.sqlite, {
      papersPerTransaction: 10,
      shouldStop: () => {
        if (!written && pendingNoveltyCount(db.sqlite) < 100) {
          apiWrite();
          written = true;
        }
        return false;
      },
    });
    expect(written).toBe(true);
    expect(summary.novelty.computed).toBe(149);
    expect(db.sqlite.prepare('SELECT novelty, computed_at FROM paper_novelty WHERE paper_id = ?').get(rescored)).toEqual({ novelty: 0.125, computed_at: 'then' });
  });
});
