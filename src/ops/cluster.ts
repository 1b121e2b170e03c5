// Cluster mode (WORKERS > 1): a primary process that prepares the database once, then forks the
// workers that serve it (node:cluster shares the port; SQLite's WAL lets them all read while one
// writes). The primary keeps the rate limit's buckets, so that a client's budget is one budget
// whichever worker answers. Signals go to the primary, which passes each one on to every worker:
// the first makes them drain (src/ops/graceful-shutdown.ts), a second makes them exit at once.
// A worker that dies is replaced after a backoff while the others go on serving; one that keeps
// failing to start is given up on, which the workers' /readyz reports (src/http/health.ts).
// A scrape of /metrics reaches one worker, which asks the primary for every worker's metrics,
// summed by prom-client's AggregatorRegistry (src/http/metrics.ts).
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { type Server } from 'node:http';
import pino from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { checkpointWal } from '../store';
import { createLogger, type LogFormat } from './log-format';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type ShutdownSignal = (typeof SIGNALS)[number];

/** Messages between the primary and its workers, beside node:cluster's and the rate limiter's. */
type Message =
  | { scholargraph: 'stop-listening' }
  | { scholargraph: 'stopped-listening' }
  | { scholargraph: 'signal'; signal: ShutdownSignal }
  | { scholargraph: 'report-workers' }
  | { scholargraph: 'workers'; report: WorkersReport }
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

/** How the primary replaces a worker that died: README.md, "Cluster mode". */
export interface RestartPolicy {
  /** The wait before replacing a worker that had served; each start that fails in a row doubles it. */
  firstDelayMs: number;
  /** The longest wait between two starts. */
  maxDelayMs: number;
  /** Starts that fail in a row (the worker died before it listened) after which the primary stops replacing that worker. */
  maxStartFailures: number;
}

// 0.5 s after a worker that served died, then 1, 2, 4, 8 s after each start that failed: a
// cause that passes (a file being restored, a port being freed, memory being freed) gets about
// 15 s; one that does not is given up on rather than retried forever.
export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 500, maxDelayMs: 10_000, maxStartFailures: 5 };

/** What the primary tells the workers of them all, for /readyz (src/http/health.ts). */
export interface WorkersReport {
  /** WORKERS: how many the primary keeps. */
  configured: number;
  /** Listening. */
  serving: number;
  /** Forked when the server started, not listening yet. */
  starting: number;
  /** Died, or failed to start, and being replaced after the backoff. */
  restarting: number;
  /** Failed to start `maxStartFailures` times in a row: not replaced any more. */
  abandoned: number;
  /** Why fewer workers serve than are configured, once one has died or failed to start. */
  reason?: string;
}

export interface PrimaryOptions {
  workers: number;
  logLevel: string;
  /** Migrations and demo data, run once before any worker starts; the primary then closes the database. */
  prepare(): { seeded: boolean; database: string };
  /** The SQLite file's WAL checkpointed once every worker has stopped (true by default; PostgreSQL has none to fold). */
  checkpointOnExit?: boolean;
  /** RESTART_POLICY by default; shorter in the tests. */
  restart?: RestartPolicy;
  /** How the primary's own lines look (src/ops/log-format.ts); JSON by default. */
  logFormat?: LogFormat;
  /**
   * Called once, when every worker first forked has either listened or failed its start, and at
   * least one listens: the API answers (src/ops/banner.ts).
   */
  onReady?(ready: { serving: number; workers: number; port: number }, log: pino.Logger): void;
}

/** One of the `workers` places the primary keeps filled. */
interface Slot {
  number: number;
  worker: Worker | null;
  state: 'starting' | 'serving' | 'restarting' | 'abandoned';
  /** Starts in a row whose worker died before it listened; a worker that listens resets it. */
  failures: number;
  /** The replacement's start, while it waits out the backoff. */
  timer?: NodeJS.Timeout;
}

const seconds = (ms: number): string => `${ms / 1000} s`;

export function startPrimary({ workers, logLevel, prepare, restart = RESTART_POLICY, logFormat = 'json', onReady, checkpointOnExit = true }: PrimaryOptions): void {
  const log = createLogger(logLevel, logFormat);
  const { seeded, database } = prepare();
  log.info({ database, seeded, workers }, seeded ? 'empty database: demo data loaded' : 'database ready');
  // Before the first fork: workers' limiters register with it as they start.
  new RateLimiterClusterMaster();
  answerMetricsRequests();

  let signals = 0;
  let signalled = false;
  let exitCode = 0;
  const slots: Slot[] = Array.from({ length: workers }, (_, i) => ({ number: i + 1, worker: null, state: 'starting', failures: 0 }));
  const slotOf = new WeakMap<Worker, Slot>();
  const listening = new WeakSet<Worker>();
  // Killed by the primary at the stop while still starting: their exit says nothing of the stop.
  const discarded = new WeakSet<Worker>();
  const live = (): Worker[] =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected() && !discarded.has(w));
  const send = (worker: Worker, message: Message): void => {
    worker.send(message);
  };
  const count = (state: Slot['state']): number => slots.filter((slot) => slot.state === state).length;
  let port: number | null = null;
  let announced = false;
  function announceOnceReady(): void {
    if (announced || port === null || count('starting') > 0 || count('serving') === 0) return;
    announced = true;
    onReady?.({ serving: count('serving'), workers, port }, log);
  }

  function report(): WorkersReport {
    const counts = { configured: workers, serving: count('serving'), starting: count('starting'), restarting: count('restarting'), abandoned: count('abandoned') };
    const { serving, restarting, abandoned } = counts;
    const why: string[] = [];
    if (abandoned > 0) {
      why.push(
        `${abandoned} failed to start ${restart.maxStartFailures} times in a row and ${abandoned === 1 ? 'is' : 'are'} not replaced any more ` +
          '(the log says why; restart the server once the cause is fixed)',
      );
    }
    if (restarting > 0) why.push(`${restarting} died or failed to start and ${restarting === 1 ? 'is' : 'are'} being restarted, with a backoff`);
    return why.length === 0 ? counts : { ...counts, reason: `${serving} of ${workers} workers serve: ${why.join('; ')}` };
  }

  // Every worker answers /readyz with what it was told last: the report when it asked for it, as
  // it started (so that it has one before it serves), and each one since it began to serve.
  function tellWorkers(): void {
    const message: Message = { scholargraph: 'workers', report: report() };
    for (const worker of live()) if (listening.has(worker)) send(worker, message);
  }
  cluster.on('message', (worker, message) => {
    if (ours(message)?.scholargraph === 'report-workers' && worker.isConnected()) send(worker, { scholargraph: 'workers', report: report() });
  });

  function fork(slot: Slot): void {
    slot.timer = undefined;
    const worker = cluster.fork();
    slot.worker = worker;
    slotOf.set(worker, slot);
    // A message sent as a worker dies fails with an 'error' on it, which unheard would end the
    // primary, and every worker with it; the worker's exit is handled on its own.
    worker.on('error', (error) => log.warn({ err: error, workerId: worker.id }, 'a worker could not be reached: it is probably exiting'));
    worker.once('listening', (address) => {
      port ??= address.port;
      listening.add(worker);
      const replaced = slot.state === 'restarting';
      slot.state = 'serving';
      slot.failures = 0;
      if (replaced) log.info({ workerId: worker.id, slot: slot.number, serving: count('serving'), workers }, 'a replacement worker is serving');
      tellWorkers();
      announceOnceReady();
    });
  }

  /** A worker died while the server runs: replaced after the backoff, or given up on. */
  function replace(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    const served = listening.has(worker);
    slot.failures = served ? 0 : slot.failures + 1;
    if (slot.failures >= restart.maxStartFailures) {
      slot.state = 'abandoned';
      const serving = count('serving');
      log.error(
        { workerId: worker.id, slot: slot.number, code, signal, failures: slot.failures, serving, workers },
        `a worker failed to start ${slot.failures} times in a row: not replacing it any more, ${serving} of ${workers} workers serve. ` +
          'The errors above say why it failed; once the cause is fixed, restart the server to run every worker again',
      );
      tellWorkers();
      if (slots.every((s) => s.state === 'abandoned')) {
        log.error({ workers }, 'no worker could start: stopping');
        exitCode = 1;
        exitOnceAllStopped();
      }
      return;
    }
    const delayMs = Math.min(restart.firstDelayMs * 2 ** slot.failures, restart.maxDelayMs);
    slot.state = 'restarting';
    slot.timer = setTimeout(() => fork(slot), delayMs);
    const context = { workerId: worker.id, slot: slot.number, code, signal, retryInMs: delayMs, serving: count('serving'), workers };
    if (served) log.error(context, `a worker died: starting another in ${seconds(delayMs)}`);
    else log.error({ ...context, failures: slot.failures }, `a worker failed to start (${slot.failures} of ${restart.maxStartFailures} in a row): starting another in ${seconds(delayMs)}`);
    tellWorkers();
    announceOnceReady();
  }

  function exitOnceAllStopped(): void {
    if (Object.keys(cluster.workers ?? {}).length > 0) return;
    log.info({ exitCode }, 'every worker has stopped');
    if (checkpointOnExit) closeWal(database, log);
    process.exit(exitCode);
  }

  cluster.on('exit', (worker, code, signal) => {
    const slot = slotOf.get(worker);
    if (slot?.worker === worker) slot.worker = null;
    if (signals === 0) {
      if (slot) replace(slot, worker, code, signal);
      return;
    }
    // Only the exits of a stop decide the primary's code: a worker that died and was replaced
    // before it, or one the stop killed while it started, says nothing of how the server stops.
    if (code !== 0 && exitCode === 0 && !discarded.has(worker)) exitCode = code ?? 1;
    exitOnceAllStopped();
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
    if (signals === 1) {
      for (const slot of slots) clearTimeout(slot.timer);
      // A worker still starting serves nothing, and may not follow the primary's messages yet
      // (they would be lost, and it would go on to listen): it is killed rather than drained.
      for (const worker of live()) {
        if (listening.has(worker)) continue;
        discarded.add(worker);
        worker.process.kill('SIGKILL');
      }
      stopListening(signal);
      // Every worker may be gone already: all of them waiting out a backoff.
      return exitOnceAllStopped();
    }
    if (!signalled) signalWorkers(signal);
    signalWorkers(signal);
  }
  for (const signal of SIGNALS) process.on(signal, () => onSignal(signal));

  for (const slot of slots) fork(slot);
}

/**
 * Once every worker has closed the database: workers that close at the same moment each see the
 * other's connection and leave the WAL to it, so the primary, alone with the file, checkpoints it
 * into the database and closes, which removes the WAL: the file is whole by itself, as a single
 * process leaves it.
 */
function closeWal(database: string, log: pino.Logger): void {
  try {
    checkpointWal(database);
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
 * In a worker: follows the primary. Its "stop listening" closes the server to new connections
 * (and is emitted as 'stop-listening', for installGracefulShutdown to close the open ones as
 * their responses end); the signals it hands on are emitted under their names. Signals sent to
 * the worker itself are ignored: a terminal's Ctrl-C or a kill of the process group reaches
 * every process, and the primary's count is the one that says first or second.
 */
export function followPrimary(server: Server): EventEmitter {
  const signals = new EventEmitter();
  for (const signal of SIGNALS) process.on(signal, () => undefined);
  process.on('message', (message: unknown) => {
    const command = ours(message);
    if (command?.scholargraph === 'stop-listening') {
      signals.emit('stop-listening');
      // The server still answers the requests in flight; Fastify's close later finds it closed.
      server.close();
      process.send!({ scholargraph: 'stopped-listening' } satisfies Message);
    } else if (command?.scholargraph === 'signal') {
      signals.emit(command.signal, command.signal);
    }
  });
  return signals;
}

let workersReport: WorkersReport | undefined;
let followingReports = false;

/**
 * The primary's latest report on the workers, for /readyz: in a cluster worker, the one it asks
 * for here (the answer comes before this worker listens: the primary answers its messages in
 * order), then each one the primary sends as the workers change; outside a cluster, nothing.
 */
export function followWorkersReport(): () => WorkersReport | undefined {
  if (!cluster.isWorker) return () => undefined;
  if (!followingReports) {
    followingReports = true;
    process.on('message', (message: unknown) => {
      const command = ours(message);
      if (command?.scholargraph === 'workers') workersReport = command.report;
    });
    process.send!({ scholargraph: 'report-workers' } satisfies Message);
  }
  return () => workersReport;
}
