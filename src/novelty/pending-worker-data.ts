// What the server hands the pending-work thread (./pending-worker): the database (file or URL), the slice
// sizes, and two flags shared with it: STOP (set by the server) and STOPPED (set by the thread).
export interface PendingWorkerData {
  /** The SQLite database file, or the PostgreSQL database's URL (DATABASE_URL). */
  database: { file: string } | { url: string };
  /** An Int32Array over a SharedArrayBuffer: read while the thread runs, with no message loop. */
  flags: Int32Array;
  papersPerTransaction: number;
  authorsPerTransaction: number;
}

export const STOP = 0;
export const STOPPED = 1;
