// The bulk run on several threads: each worker thread (./scoring-worker) builds the whole index
// of the corpus and scores its share of the targets (see ./memory-index), and this thread merges
// their results back into publication order for the caller, who writes them meanwhile.
//
// The caller's run stays synchronous (SQLite's bulk run, its transactions and its stop checks
// are): this thread takes the results with receiveMessageOnPort and sleeps on an Atomics counter
// the workers bump after each message, so nothing waits on the event loop.
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { NEAREST, type NoveltyResult } from './measure';
import { type MemoryCorpus } from './memory-corpus';
import { resultOf, SEARCH, scoreCorpus, scoringInput, type ScoringInput, type SearchParameters, type Share } from './memory-index';

/** Fewer targets than this are scored on the calling thread: starting the threads would cost more than they save. */
export const PARALLEL_FROM = 5_000;

/** What a scoring thread gets (structured-cloned, the corpus's SharedArrayBuffers shared, not copied). */
export interface ScoringWorkerData {
  input: ScoringInput;
  share: Share;
  search: SearchParameters;
  /** Where the thread posts its ScoringMessages. */
  port: MessagePort;
  /** Bumped (and notified) by the thread after each message. */
  signal: Int32Array;
}

/**
 * A thread's message: its results for the papers before `upTo` not sent yet, each as
 * [doc, earlier, hasTerms 0/1, count, then count pairs of (paper id, similarity)]; or its failure.
 */
export type ScoringMessage = { upTo: number; records: Float64Array } | { error: string };

/** The threads a bulk run uses unless told: NOVELTY_THREADS, by default one a CPU (see src/config). */
export { noveltyThreads } from '../config';

/** The threads a run of `corpus` on up to `threads` uses: 1 below PARALLEL_FROM targets. */
export function threadsFor(corpus: MemoryCorpus, threads: number): number {
  let targets = 0;
  for (const target of corpus.targets.view()) targets += target;
  return targets < PARALLEL_FROM ? 1 : Math.max(1, threads);
}

/**
 * scoreCorpus on `threads` threads when the corpus has PARALLEL_FROM targets or more (the same
 * results, in the same order), else on this one. Returns the number of threads that scored.
 */
export function scoreCorpusOnThreads(
  corpus: MemoryCorpus,
  threads: number,
  onResult: (result: NoveltyResult) => void,
  onProgress?: (done: number) => void,
  search: SearchParameters = SEARCH,
): number {
  const used = threadsFor(corpus, threads);
  if (used === 1) scoreCorpus(corpus, onResult, onProgress, search);
  else scoreCorpusInParallel(corpus, used, onResult, onProgress, search);
  return used;
}

interface Channel {
  port: MessagePort;
  /** The thread has sent every result for the papers before this one. */
  upTo: number;
  queue: Float64Array[];
  /** Where the next record of queue[0] begins. */
  at: number;
}

/** scoreCorpus on `threads` worker threads, each scoring every threads-th target. */
export function scoreCorpusInParallel(
  corpus: MemoryCorpus,
  threads: number,
  onResult: (result: NoveltyResult) => void,
  onProgress?: (done: number) => void,
  search: SearchParameters = SEARCH,
): void {
  const input = scoringInput(corpus);
  const D = corpus.size;
  const paperIds = input.paperIds;
  const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  // A record's nearest papers, decoded for resultOf.
  const ids = new Int32Array(NEAREST);
  const sims = new Float64Array(NEAREST);
  const workers: Worker[] = [];
  const channels: Channel[] = [];
  try {
    for (let part = 0; part < threads; part++) {
      const { port1, port2 } = new MessageChannel();
      const data: ScoringWorkerData = { input, share: { part, parts: threads }, search, port: port2, signal };
      workers.push(startWorker(data, port2));
      channels.push({ port: port1, upTo: 0, queue: [], at: 0 });
    }
    let reported = 0;
    for (;;) {
      const seen = Atomics.load(signal, 0);
      let received = false;
      for (const channel of channels) {
        for (let m = receiveMessageOnPort(channel.port); m; m = receiveMessageOnPort(channel.port)) {
          received = true;
          const message = m.message as ScoringMessage;
          if ('error' in message) throw new Error(`a novelty scoring thread failed: ${message.error}`);
          if (message.records.length > 0) channel.queue.push(message.records);
          channel.upTo = message.upTo;
        }
      }
      // Every thread has sent its results before upTo: those are merged, in corpus order.
      const upTo = Math.min(...channels.map((channel) => channel.upTo));
      for (;;) {
        let next: Channel | null = null;
        for (const channel of channels) {
          if (channel.queue.length > 0 && (!next || channel.queue[0][channel.at] < next.queue[0][next.at])) next = channel;
        }
        if (!next || next.queue[0][next.at] >= upTo) break;
        const records = next.queue[0];
        const at = next.at;
        const doc = records[at];
        const count = records[at + 3];
        for (let j = 0; j < count; j++) {
          ids[j] = records[at + 4 + 2 * j];
          sims[j] = records[at + 5 + 2 * j];
        }
        next.at = at + 4 + 2 * count;
        if (next.at === records.length) {
          next.queue.shift();
          next.at = 0;
        }
        onResult(resultOf(paperIds, corpus.dates, doc, records[at + 1], records[at + 2] === 1, count, ids, sims));
      }
      if (upTo > reported) onProgress?.((reported = upTo));
      if (upTo >= D) return;
      if (!received) Atomics.wait(signal, 0, seen, 1_000);
    }
  } finally {
    // Done, failed or stopped by the caller (a throw from onResult): the threads go either way.
    for (const worker of workers) void worker.terminate();
  }
}

function startWorker(workerData: ScoringWorkerData, port: MessagePort): Worker {
  // From src (tsx, ts-jest) the thread is TypeScript and needs tsx's loader; from dist it is JS.
  const typescript = __filename.endsWith('.ts');
  const script = path.join(__dirname, typescript ? 'scoring-worker.ts' : 'scoring-worker.js');
  const options = { workerData, transferList: [port] };
  const worker = typescript
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, ...options })
    : new Worker(script, options);
  // Its failures come as messages; this keeps an 'error' event from being unhandled.
  worker.on('error', () => undefined);
  return worker;
}
