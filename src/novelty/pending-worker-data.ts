// What the server hands the pending-work thread (./pending-worker): the database file, the slice
// sizes, and two flags shared with it: STOP (set by the server) and STOPPED (set by the thread).
export interface PendingWorkerData {
  file: string;
  /** An Int32Array over a SharedArrayBuffer: read while the thread runs, with no message loop. */
  flags: Int32Array;
  papersPerTransaction: number;
  authorsPerTransaction: number;
}

export const STOP = 0;
export const STOPPED = 1;
