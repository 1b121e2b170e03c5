// Cluster mode (WORKERS > 1): a primary process that prepares the database once, then forks the
// workers that serve it (node:cluster shares the port; SQLite's WAL lets them all read while one
// writes). The primary keeps the rate limit's buckets, so that a client's budget is one budget
// whichever worker answers. Signals go to the primary, which passes each one on to every worker:
// the first makes them drain (src/ops/graceful-shutdown.ts), a second makes them exit at once.
// A scrape of /metrics reaches one worker, which asks the primary for every worker's metrics,
// summed by prom-client's AggregatorRegistry (src/http/metrics.ts).
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { type Server } from 'node:http';
import Database from 'better-sqlite3';
import pino from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type ShutdownSignal = (typeof SIGNALS)[number];

/** Messages between the primary and its workers, beside node:cluster's and the rate limiter's. */
type Message =
  | { scholargraph: 'stop-listening' }
  | { scholargraph: 'stopped-listening' }
  | { scholargraph: 'signal'; signal: ShutdownSignal }
  | { scholargraph: 'gather-metrics'; request: number }
  | ({ scholargraph: 'metrics'; request: number } & ({ text: string } | { error: string }));

function ours(message: unknown): Message | null {
  return typeof message === 'object' && message !== null && 'scholargraph' in message ? (message as Message) : null;
}

// A worker that does not say it stopped listening within this is signalled anyway.
const STOP_LISTENING_TIMEOUT_MS = 5000;
// Longer than prom-client's own 5 s for the workers' answers, so that its error comes back first;
// shorter than Prometheus' default 10 s scrape timeout, so that the scraper sees the 503.
const METRICS_TIMEOUT_MS = 7000;

export interface PrimaryOptions {
  workers: number;
  logLevel: string;
  /** Migrations and demo data, run once before any worker starts; the primary then closes the database. */
  prepare(): { seeded: boolean; database: string };
}

export function startPrimary({ workers, logLevel, prepare }: PrimaryOptions): void {
  const log = pino({ level: logLevel });
  const { seeded, database } = prepare();
  log.info({ database, seeded, workers }, seeded ? 'empty database: demo data loaded' : 'database ready');
  // Before the first fork: workers' limiters register with it as they start.
  new RateLimiterClusterMaster();
  answerMetricsRequests();

  let signals = 0;
  let signalled = false;
  let exitCode = 0;
  const listening = new WeakSet<Worker>();
  const live = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
  const send = (worker: Worker, message: Message): void => {
    worker.send(message);
  };

  const fork = (): void => {
    const worker = cluster.fork();
    worker.once('listening', () => listening.add(worker));
  };

  cluster.on('exit', (worker, code, signal) => {
    // A worker that died and was replaced says nothing of how the server stops: only the exits
    // of a stop (and a worker that never started) decide the primary's code.
    if (signals > 0 && code !== 0 && exitCode === 0) exitCode = code ?? 1;
    if (signals === 0) {
      if (listening.has(worker)) {
        log.error({ workerId: worker.id, code, signal }, 'a worker died: starting another');
        fork();
        return;
      }
      // A worker that dies before it ever listened would die again: stop rather than loop.
      log.error({ workerId: worker.id, code, signal }, 'a worker failed to start: stopping the others');
      exitCode ||= 1;
      onSignal('SIGTERM');
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) {
      log.info({ exitCode }, 'every worker has stopped');
      closeWal(database, log);
      process.exit(exitCode);
    }
  });

  const signalWorkers = (signal: ShutdownSignal): void => {
    signalled = true;
    for (const worker of live()) send(worker, { scholargraph: 'signal', signal });
  };

  // Every worker first stops listening, then drains: once all have stopped, the primary's socket
  // is closed and new connections are refused, as a single process refuses them, rather than
  // handed to a worker that is about to close.
  function stopListening(signal: ShutdownSignal): void {
    const waiting = new Set(live());
    const done = (worker: Worker): void => {
      waiting.delete(worker);
      if (waiting.size === 0 && !signalled) {
        clearTimeout(timer);
        signalWorkers(signal);
      }
    };
    const timer = setTimeout(() => signalled || signalWorkers(signal), STOP_LISTENING_TIMEOUT_MS);
    cluster.on('message', (worker, message) => {
      if (ours(message)?.scholargraph === 'stopped-listening') done(worker);
    });
    cluster.on('exit', done);
    if (waiting.size === 0) signalWorkers(signal);
    for (const worker of waiting) send(worker, { scholargraph: 'stop-listening' });
  }

  // The first signal drains the workers; a second makes them exit at once (128 + its number),
  // and the primary with them.
  function onSignal(signal: ShutdownSignal): void {
    signals += 1;
    if (signals === 1) return stopListening(signal);
    if (!signalled) signalWorkers(signal);
    signalWorkers(signal);
  }
  for (const signal of SIGNALS) process.on(signal, () => onSignal(signal));

  for (let i = 0; i < workers; i++) fork();
}

/**
 * Once every worker has closed the database: workers that close at the same moment each see the
 * other's connection and leave the WAL to it, so the primary, alone with the file, checkpoints it
 * into the database and closes, which removes the WAL: the file is whole by itself, as a single
 * process leaves it.
 */
function closeWal(database: string, log: pino.Logger): void {
  try {
    const sqlite = new Database(database, { fileMustExist: true });
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      sqlite.close();
    }
  } catch (error) {
    // The data is safe in the WAL either way: the next open replays it.
    log.warn({ err: error, database }, 'could not checkpoint the WAL after the workers stopped; the next start replays it');
  }
}

/** In the primary: a worker's "gather-metrics" is answered with every worker's metrics, or why not. */
function answerMetricsRequests(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message) => {
    const command = ours(message);
    if (command?.scholargraph !== 'gather-metrics') return;
    const answer = (result: { text: string } | { error: string }): void => {
      // A worker that died meanwhile has no one waiting (and sending to it would throw).
      if (worker.isConnected()) worker.send({ scholargraph: 'metrics', request: command.request, ...result } satisfies Message);
    };
    aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      // prom-client's only timeout: a worker (starting, stuck, or stopped) did not answer within 5 s.
      (error: Error) => {
        const why = error.message === 'Operation timed out.' ? 'a worker did not send its metrics within 5 s' : error.message;
        answer({ error: `the primary could not gather every worker's metrics: ${why}` });
      },
    );
  });
}

/**
 * In a worker: hands `registry` to the primary's gathering (prom-client answers its requests
 * once an AggregatorRegistry exists in the worker too), and returns the function that asks the
 * primary for the whole cluster's metrics in the Prometheus text format.
 */
export function shareMetrics(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries(registry);
  new AggregatorRegistry();
  const waiting = new Map<number, (answer: { text: string } | { error: string }) => void>();
  let requests = 0;
  process.on('message', (message: unknown) => {
    const answer = ours(message);
    if (answer?.scholargraph === 'metrics') waiting.get(answer.request)?.(answer);
  });
  return () =>
    new Promise((resolve, reject) => {
      const request = ++requests;
      const settle = (answer: { text: string } | { error: string }): void => {
        clearTimeout(timer);
        waiting.delete(request);
        if ('text' in answer) resolve(answer.text);
        else reject(new Error(answer.error));
      };
      const timer = setTimeout(() => settle({ error: `the primary process did not answer within ${METRICS_TIMEOUT_MS / 1000} s` }), METRICS_TIMEOUT_MS);
      waiting.set(request, settle);
      if (!process.connected) return settle({ error: 'this worker has lost its primary process' });
      // With a callback, a closed channel is an error here rather than an uncaught 'error' event.
      process.send!({ scholargraph: 'gather-metrics', request } satisfies Message, undefined, {}, (error) => {
        if (error) settle({ error: `this worker could not reach its primary process (${error.message})` });
      });
    });
}

/**
 * In a worker: follows the primary. Its "stop listening" closes the server to new connections;
 * the signals it hands on are emitted under their names, for installGracefulShutdown. Signals
 * sent to the worker itself are ignored: a terminal's Ctrl-C or a kill of the process group
 * reaches every process, and the primary's count is the one that says first or second.
 */
export function followPrimary(server: Server): EventEmitter {
  const signals = new EventEmitter();
  for (const signal of SIGNALS) process.on(signal, () => undefined);
  process.on('message', (message: unknown) => {
    const command = ours(message);
    if (command?.scholargraph === 'stop-listening') {
      // The server still answers the requests in flight; Fastify's close later finds it closed.
      server.close();
      process.send!({ scholargraph: 'stopped-listening' } satisfies Message);
    } else if (command?.scholargraph === 'signal') {
      signals.emit(command.signal, command.signal);
    }
  });
  return signals;
}
