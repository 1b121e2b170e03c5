// A scoring thread of ./parallel-scoring: scores its share of the corpus's targets and posts the
// results as they come, a few hundred at a time, so that the calling thread writes them meanwhile.
import { workerData } from 'node:worker_threads';
import { scoreShare } from './memory-index';
import { type ScoringMessage, type ScoringWorkerData } from './parallel-scoring';

// Floats a message carries at least (about 300 results), and the papers gone through at most
// between two messages (so that progress shows in a run with few targets).
const FLUSH_FLOATS = 4_096;
const FLUSH_PAPERS = 20_000;

const { input, share, search, port, signal } = workerData as ScoringWorkerData;
const D = input.paperIds.length;
let buffer = new Float64Array(2 * FLUSH_FLOATS);
let length = 0;
let sentUpTo = 0;

function send(message: ScoringMessage): void {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function flush(upTo: number): void {
  send({ upTo, records: buffer.slice(0, length) });
  length = 0;
  sentUpTo = upTo;
}

try {
  scoreShare(
    input,
    share,
    (doc, earlier, hasTerms, count, ids, sims) => {
      if (length + 4 + 2 * count > buffer.length) {
        const bigger = new Float64Array(2 * buffer.length);
        bigger.set(buffer.subarray(0, length));
        buffer = bigger;
      }
      buffer[length++] = doc;
      buffer[length++] = earlier;
      buffer[length++] = hasTerms ? 1 : 0;
      buffer[length++] = count;
      for (let j = 0; j < count; j++) {
        buffer[length++] = ids[j];
        buffer[length++] = sims[j];
      }
    },
    (done) => {
      if (length >= FLUSH_FLOATS || done - sentUpTo >= FLUSH_PAPERS || done === D) flush(done);
    },
    search,
  );
  if (sentUpTo < D) flush(D);
} catch (error) {
  send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
