// The worker thread of ./background: finishes the pending work on a store of its own, in short
// transactions, until done or until the server raises the stop flag. Posts a FinishedWork.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../store';
import { STOP, STOPPED, type PendingWorkerData } from './pending-worker-data';

const { file, flags, papersPerTransaction, authorsPerTransaction } = workerData as PendingWorkerData;

async function finish(): Promise<void> {
  const { store, close } = openSqliteStore(file, { readonly: false });
  try {
    const finished = await store.finishPendingWork({ papersPerTransaction, authorsPerTransaction, shouldStop: () => Atomics.load(flags, STOP) === 1 });
    parentPort!.postMessage(finished);
  } finally {
    close();
    Atomics.store(flags, STOPPED, 1);
    Atomics.notify(flags, STOPPED);
  }
}

// A failure, unhandled, ends the thread with an 'error' event, which ./background logs.
void finish();
