// The worker thread of ./background: finishes the pending work on a store of its own, in short
// transactions, until done or until the server raises the stop flag. Posts a FinishedWork.
import { parentPort, workerData } from 'node:worker_threads';
import { openPostgresStore, openSqliteStore, type Store } from '../store';
import { STOP, STOPPED, type PendingWorkerData } from './pending-worker-data';

const { database, flags, papersPerTransaction, authorsPerTransaction } = workerData as PendingWorkerData;

async function finish(): Promise<void> {
  // A PostgreSQL database: two connections, migrated by the start already.
  const { store, close }: { store: Store; close(): unknown } =
    'url' in database ? await openPostgresStore(database.url, { migrate: false, max: 2 }) : openSqliteStore(database.file, { readonly: false });
  try {
    const finished = await store.finishPendingWork({ papersPerTransaction, authorsPerTransaction, shouldStop: () => Atomics.load(flags, STOP) === 1 });
    parentPort!.postMessage(finished);
  } finally {
    await close();
    Atomics.store(flags, STOPPED, 1);
    Atomics.notify(flags, STOPPED);
  }
}

// A failure, unhandled, ends the thread with an 'error' event, which ./background logs.
void finish();
