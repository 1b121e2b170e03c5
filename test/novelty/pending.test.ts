// novelty_pending: a paper leaves the list in the transaction that writes its score, so that a run
// that dies half way (here: a progress callback that throws between two write batches) leaves
// exactly the unscored papers listed, and finishing the list scores each of them once.
import { computeNoveltyInBulk } from '../../src/novelty/bulk';
import { computePendingNovelty, pendingNoveltyCount } from '../../src/novelty/pending';
import { markNoveltyPending } from '../../src/novelty/store';
import { scratchFolder } from '../import/support';
import { addPapers } from './support';

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
