// The worker thread of ./background: finishes the pending work on a connection of its own, in
// short transactions, until done or until the server raises the stop flag. Posts a FinishedWork.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store';
import { finishPendingWork } from '../store/sqlite/novelty/pending';
import { STOP, STOPPED, type PendingWorkerData } from './pending-worker-data';

const { file, flags, papersPerTransaction, authorsPerTransaction } = workerData as PendingWorkerData;
const db = openDatabase(file);
try {
  const finished = finishPendingWork(db.sqlite, { papersPerTransaction, authorsPerTransaction, shouldStop: () => Atomics.load(flags, STOP) === 1 });
  parentPort!.postMessage(finished);
} finally {
  db.close();
  Atomics.store(flags, STOPPED, 1);
  Atomics.notify(flags, STOPPED);
}
