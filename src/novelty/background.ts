// Finishes the pending work (the Store's finishPendingWork) after the server listens, so that a
// start after a killed import of a million papers answers at once rather than after twenty
// minutes of scoring. It runs in a worker thread (./pending-worker) on a store of its own: the
// SQLite store does its work synchronously and would hold every request up on the event loop. Its
// transactions are short (a few hundred papers, a thousand authors) so that an API write waits
// for one at most, and a stop takes effect between two of them; what is left stays listed for the
// next start.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type FinishedWork, type PendingWorkEstimate } from '../store';
import { STOP, STOPPED, type PendingWorkerData } from './pending-worker-data';

/** A pino logger, Fastify's or the cluster primary's. */
export interface WorkLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface BackgroundWorkOptions {
  /** The SQLite database file, or the PostgreSQL database's URL. */
  database: PendingWorkerData['database'];
  /** What the start left to do (prepareDatabase's `deferred`), for the log. */
  pending: PendingWorkEstimate;
  log: WorkLog;
  papersPerTransaction?: number;
  authorsPerTransaction?: number;
}

export interface BackgroundWork {
  /** Resolves once the thread has ended: done, stopped, or failed (logged either way). */
  readonly ended: Promise<void>;
  /** Asks the thread to stop after its current transaction; resolves once it has ended. */
  stop(): Promise<void>;
  /**
   * stop() for a process that exits now (a process.on('exit') handler cannot wait for a promise):
   * blocks until the thread has ended, at most timeoutMs.
   */
  stopBeforeExit(timeoutMs: number): void;
}

const PAPERS_PER_TRANSACTION = 500;
const AUTHORS_PER_TRANSACTION = 1_000;

export function startBackgroundWork({ database, pending, log, papersPerTransaction, authorsPerTransaction }: BackgroundWorkOptions): BackgroundWork {
  const flags = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const workerData: PendingWorkerData = {
    database,
    flags,
    papersPerTransaction: papersPerTransaction ?? PAPERS_PER_TRANSACTION,
    authorsPerTransaction: authorsPerTransaction ?? AUTHORS_PER_TRANSACTION,
  };
  // From src (tsx, ts-jest) the thread is TypeScript and needs tsx's loader; from dist it is JS.
  const typescript = __filename.endsWith('.ts');
  const script = path.join(__dirname, typescript ? 'pending-worker.ts' : 'pending-worker.js');
  const started = process.hrtime.bigint();
  const worker = typescript
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData })
    : new Worker(script, { workerData });
  log.info(
    { pendingNovelty: pending.papers, pendingAuthorMetrics: pending.authors, expectedSeconds: Math.round(pending.seconds) },
    'pending work: finishing it in the background while the API serves (progress on /readyz)',
  );

  let finished: FinishedWork | null = null;
  worker.on('message', (message: FinishedWork) => (finished = message));
  worker.on('error', (error) => log.error({ err: error }, 'pending work failed: the next start resumes it'));
  const ended = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
      if (finished) {
        const details = { papersScored: finished.novelty.computed, authorsRefreshed: finished.authors, seconds };
        if (finished.stopped) log.info(details, 'pending work: stopped between two transactions; the next start resumes it');
        else log.info(details, 'pending work: done');
      }
      resolve();
    });
  });

  return {
    ended,
    stop() {
      Atomics.store(flags, STOP, 1);
      return ended;
    },
    stopBeforeExit(timeoutMs) {
      Atomics.store(flags, STOP, 1);
      Atomics.wait(flags, STOPPED, 0, timeoutMs);
    },
  };
}
