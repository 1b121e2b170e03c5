// Papers whose novelty is still to be computed, listed in novelty_pending (an import marks those
// it adds; a paper leaves the list in the transaction that writes its score), and how the list is
// scored (../../sqlite/novelty/pending.ts). On PostgreSQL several API nodes may score it at once:
// - Few papers are scored from the database a slice a transaction, the slice taken FOR UPDATE
//   SKIP LOCKED and left off the list in the transaction that writes its scores: two nodes share
//   the list, never scoring one paper at once, and a kill loses nothing.
// - Many are scored in one bulk pass over the corpus, by one node at a time: it holds an advisory
//   lock that the slices take shared, and its batches write only the papers still listed (FOR
//   UPDATE SKIP LOCKED). Another node waits for it, then finds what is left.
import { inTransaction, row, type PgDb } from '../db';
import { runsInBulk } from '../../../novelty/run-plan';
import { RunTally, stopwatch } from '../../../novelty/runs';
import { type NoveltyRunSummary } from '../../novelty-types';
import { computeNoveltyInBulk } from './bulk';
import { corpusSizeFor, scoreFromDatabase } from './incremental';

// pg_advisory_lock's key for scoring the list ('pending' in ASCII).
const PENDING_LOCK = 0x70656e64696e67;
const PAPERS_PER_SLICE = 500;
const WAIT_MS = 200;

export async function pendingNoveltyCount(db: PgDb): Promise<number> {
  return (await row<{ n: number }>(db, 'SELECT count(*) AS n FROM novelty_pending'))!.n;
}

/**
 * Lists every paper that has neither a supplied nor a computed novelty, in one statement (papers
 * written around the write path: the demo data). Returns how many were added.
 */
export async function markMissingNoveltyPending(db: PgDb): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { rowCount } = await tx.query(
      `INSERT INTO novelty_pending (paper_id) SELECT p.id FROM papers p
        WHERE p.novelty IS NULL AND NOT EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id AND n.novelty IS NULL)
        ON CONFLICT DO NOTHING`,
    );
    return rowCount ?? 0;
  });
}

export interface PendingNoveltyOptions {
  /** Papers per transaction. */
  batchSize?: number;
  shouldStop?: () => boolean;
  /** The bulk pass's document frequencies a year per transaction. */
  shortTransactions?: boolean;
}

/**
 * Scores every pending paper, then takes what is left of the list off it (papers deleted, or
 * given a supplied novelty, since they were listed). The authors of the papers scored are listed
 * pending, for the caller to refresh (./pending-authors).
 */
export async function computePendingNovelty(db: PgDb, options: PendingNoveltyOptions = {}): Promise<NoveltyRunSummary> {
  const seconds = stopwatch();
  // On the primary: a replica may not have replayed the marks yet.
  const { pending, corpus } = await inTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ n: number }>('SELECT count(*) AS n FROM novelty_pending');
    return { pending: rows[0].n, corpus: await corpusSizeFor(tx, rows[0].n) };
  });
  if (pending === 0) return { computed: 0, withoutScore: 0, seconds: 0 };
  const summary = corpus !== null && runsInBulk(pending, corpus) ? await inBulk(db, options) : await inSlices(db, options);
  return { ...summary, seconds: seconds() };
}

async function inSlices(db: PgDb, { batchSize = PAPERS_PER_SLICE, shouldStop }: PendingNoveltyOptions): Promise<NoveltyRunSummary> {
  const tally = new RunTally();
  for (;;) {
    if (shouldStop?.()) return { computed: tally.computed, withoutScore: tally.withoutScore, seconds: 0, stopped: true };
    const slice = await inTransaction(db, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [PENDING_LOCK]);
      const { rows } = await tx.query<{ id: number }>(
        'SELECT paper_id AS id FROM novelty_pending ORDER BY paper_id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [batchSize],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return null;
      const scored = await scoreFromDatabase(tx, ids, { only: ids });
      await tx.query('DELETE FROM novelty_pending WHERE paper_id = ANY($1::int4[])', [ids]);
      return scored;
    });
    if (!slice) return { computed: tally.computed, withoutScore: tally.withoutScore, seconds: 0 };
    tally.add(slice.results, new Set(slice.written));
  }
}

async function inBulk(db: PgDb, { batchSize, shouldStop, shortTransactions }: PendingNoveltyOptions): Promise<NoveltyRunSummary> {
  const client = await db.pool.connect();
  try {
    // Another node's bulk pass, or slices under way: wait for them (they may leave nothing to do).
    while (!(await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [PENDING_LOCK])).rows[0].ok) {
      if (shouldStop?.()) return { computed: 0, withoutScore: 0, seconds: 0, stopped: true };
      await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    }
    try {
      const { rows } = await client.query<{ id: number }>('SELECT paper_id AS id FROM novelty_pending ORDER BY paper_id');
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return { computed: 0, withoutScore: 0, seconds: 0 };
      const { computed, withoutScore, stopped } = await computeNoveltyInBulk(db, {
        scope: ids,
        onlyPending: true,
        batchSize,
        shouldStop,
        shortTransactions,
      });
      if (stopped) return { computed, withoutScore, seconds: 0, stopped };
      await inTransaction(db, (tx) => tx.query('DELETE FROM novelty_pending WHERE paper_id = ANY($1::int4[])', [ids]));
      return { computed, withoutScore, seconds: 0 };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PENDING_LOCK]);
    }
  } finally {
    client.release();
  }
}
