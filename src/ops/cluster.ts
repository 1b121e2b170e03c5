// Cluster mode (WORKERS > 1): a primary process that prepares the database once, then forks the
// workers that serve it (node:cluster shares the port; SQLite's WAL lets them all read while one
// writes). The primary keeps the rate limit's buckets, so that a client's budget is one budget
// whichever worker answers. Signals go to the primary, which passes each one on to every worker:
// the first makes them drain (src/ops/graceful-shutdown.ts), a second makes them exit at once.
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { type Server } from 'node:http';
import pino from 'pino';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type ShutdownSignal = (typeof SIGNALS)[number];

/** Messages between the primary and its workers, beside node:cluster's and the rate limiter's. */
type Message =
  | { scholargraph: 'stop-listening' }
  | { scholargraph: 'stopped-listening' }
  | { scholargraph: 'signal'; signal: ShutdownSignal };

function ours(message: unknown): Message | null {
  return typeof message === 'object' && message !== null && 'scholargraph' in message ? (message as Message) : null;
}

// A worker that does not say it stopped listening within this is signalled anyway.
const STOP_LISTENING_TIMEOUT_MS = 5000;

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
    if (code !== 0 && exitCode === 0) exitCode = code ?? 1;
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
