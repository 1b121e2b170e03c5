// The authors whose metrics are behind (author_metrics_pending), recomputed a slice a
// transaction, each slice taken FOR UPDATE SKIP LOCKED: nodes finishing the list at once share
// it, none recomputing an author another holds, and a slice leaves the list in the transaction
// that writes its metrics (refreshAuthorMetrics), so nothing is lost to a kill.
import { inTransaction, row, type PgDb } from '../db';
import { refreshAuthorMetrics } from '../paper-writes';

const AUTHORS_PER_TRANSACTION = 5_000;

export interface PendingRefreshOptions {
  onProgress?: (done: number, total: number) => void;
  /** Authors recomputed per transaction. */
  perTransaction?: number;
  /** Asked before each transaction: true stops there, the rest left listed. */
  shouldStop?: () => boolean;
}

export async function pendingAuthorCount(db: PgDb): Promise<number> {
  return (await row<{ n: number }>(db, 'SELECT count(*) AS n FROM author_metrics_pending'))!.n;
}

/** Recomputes the metrics of every pending author; returns how many, and whether it stopped before the list was empty. */
export async function refreshPendingAuthorMetrics(
  db: PgDb,
  { onProgress, perTransaction = AUTHORS_PER_TRANSACTION, shouldStop }: PendingRefreshOptions = {},
): Promise<{ authors: number; stopped: boolean }> {
  const total = onProgress ? await pendingAuthorCount(db) : 0;
  let done = 0;
  for (;;) {
    if (shouldStop?.()) return { authors: done, stopped: true };
    const n = await inTransaction(db, async (tx) => {
      const { rows } = await tx.query<{ id: number }>(
        'SELECT author_id AS id FROM author_metrics_pending ORDER BY author_id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [perTransaction],
      );
      if (rows.length > 0) await refreshAuthorMetrics(tx, rows.map((r) => r.id));
      return rows.length;
    });
    if (n === 0) return { authors: done, stopped: false };
    done += n;
    onProgress?.(done, Math.max(total, done));
  }
}
