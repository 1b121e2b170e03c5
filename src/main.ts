// Entry point: config -> database -> server -> pending work; with WORKERS > 1, a primary that
// prepares the database, forks that many workers, each serving it (src/ops/cluster.ts), and
// finishes the pending work.
import 'reflect-metadata';
import cluster from 'node:cluster';
import net from 'node:net';
import { type Config, ConfigError, loadConfig } from './config';
import { prepareDatabase, preparePostgresDatabase } from './bootstrap';
import { openDatabase, openPostgresStore, postgresEngine, sqliteEngine, type DatabaseCounts, type PendingWorkEstimate, type ServingEngine } from './store';
import { createServer } from './http/server';
import { type BackgroundWork, startBackgroundWork } from './novelty/background';
import { announceReady, databaseCounts, databaseCountsOf } from './ops/banner';
import { followPrimary, startPrimary } from './ops/cluster';
import { installGracefulShutdown } from './ops/graceful-shutdown';
import { createLogger, logDestination, type LogFormat, resolveLogFormat } from './ops/log-format';
import { type PendingWorkerData } from './novelty/pending-worker-data';

interface Role {
  /** A cluster worker's id: it takes its signals from the primary. */
  worker?: number;
  /** Logged by the server itself when it serves alone; a cluster's primary logs it. */
  seeded?: boolean;
  /** Pending work prepareDatabase left, finished in the background once the server listens. */
  deferred?: PendingWorkEstimate | null;
}

// How long a process about to exit (a second signal, a cluster's primary) waits for the
// pending-work thread to end the transaction under way; a thread ended mid-transaction loses
// nothing committed either, but it is untidy.
const EXIT_WAIT_MS = 10_000;

/** The database a start serves: DATABASE_URL's PostgreSQL, else the SQLite file at DATABASE_PATH. */
interface Target {
  engine: 'sqlite' | 'postgres';
  /** As the banner and the log show it: the file, or the URL without its password. */
  shown: string;
  /** What the pending-work thread opens. */
  background: PendingWorkerData['database'];
}

function targetOf(config: Config): Target {
  if (config.databaseUrl === null) return { engine: 'sqlite', shown: config.databasePath, background: { file: config.databasePath } };
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = '***';
  return { engine: 'postgres', shown: url.toString(), background: { url: config.databaseUrl } };
}

/** The counts of a database no connection of this process holds open (a cluster's primary). */
async function countsOf(config: Config): Promise<DatabaseCounts | null> {
  if (config.databaseUrl === null) return databaseCountsOf(config.databasePath);
  try {
    const opened = await openPostgresStore(config.databaseUrl, { migrate: false, max: 1 });
    try {
      return await databaseCounts(opened.store);
    } finally {
      await opened.close();
    }
  } catch {
    return null;
  }
}

async function serve(config: Config, format: LogFormat, engine: ServingEngine, { worker, seeded, deferred }: Role): Promise<void> {
  const target = targetOf(config);
  const app = await createServer({
    engine,
    logLevel: config.logLevel,
    logStream: logDestination(format),
    production: config.production,
    readsNeedKey: config.readsNeedKey,
    limits: config.limits,
    corsOrigins: config.corsOrigins,
    fieldSuggestions: config.fieldSuggestions,
    trustProxy: config.trustProxy,
    playground: config.playground,
    statementTally: config.sqlStatementsPerRequest,
    readThreads: config.readThreads,
    httpCache: config.httpCacheMaxAge,
    executor: config.graphqlExecutor,
    worker,
  });
  if (seeded !== undefined) {
    app.log.info({ database: target.shown, seeded }, seeded ? 'empty database: demo data loaded' : 'database ready');
  }
  const signals = worker === undefined ? process : followPrimary(app.server);
  let background: BackgroundWork | null = null;
  installGracefulShutdown(app, () => engine.close(), {
    graceMs: config.shutdownGraceSeconds * 1000,
    signals,
    stopBackgroundWork: async () => background?.stop(),
  });
  await app.listen({ port: config.port, host: config.host });
  // A cluster's primary says it once every worker has started.
  if (worker === undefined) {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const facts = { host: config.host, port, database: target.shown, engine: target.engine, seeded: seeded ?? false, counts: await databaseCounts(engine.store), playground: config.playground };
    announceReady(format, app.log, { ...facts, workers: 1, serving: 1, logLevel: config.logLevel });
  }
  if (deferred) {
    const work = startBackgroundWork({ database: target.background, pending: deferred, log: app.log });
    // A second signal exits at once: the thread still gets to end its transaction. (`npm start`
    // stopped with Ctrl-C gets two: one from the terminal, one relayed by tsx.)
    process.once('exit', () => work.stopBeforeExit(EXIT_WAIT_MS));
    background = work;
  }
}

/**
 * In a cluster's primary, once the workers are forked: the pending work, stopped by the signal
 * that stops the workers. The primary exits as soon as they have (src/ops/cluster.ts), so its exit
 * waits for the thread to end the transaction under way.
 */
function finishInPrimary(config: Config, format: LogFormat, pending: PendingWorkEstimate): void {
  const background = startBackgroundWork({ database: targetOf(config).background, pending, log: createLogger(config.logLevel, format) });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void background.stop());
  process.once('exit', () => background.stopBeforeExit(EXIT_WAIT_MS));
}

/** A reason the server cannot start that one line says, with its remedy: printed without a stack. */
class StartError extends Error {}

/** What a failed listen on HOST:PORT means to whoever started the server, or null for another error. */
function listenProblem(error: unknown, { port, host }: Pick<Config, 'port' | 'host'>): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    const other = port === 65535 ? 4000 : port + 1;
    return `port ${port} is already in use on ${host}: stop what uses it or set PORT to another port (PORT=${other} npm start)`;
  }
  if (code === 'EACCES') {
    return `port ${port} on ${host} needs privileges this process lacks (ports below 1024 usually do): set PORT to a port above 1023 (PORT=4000 npm start)`;
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `HOST ${host} is not an address of this machine (${code}): set HOST to one of its addresses, or 0.0.0.0 for all of them`;
  }
  return null;
}

/**
 * Binds HOST:PORT for a moment and lets it go: a port in use is reported before migrations and
 * demo data touch the database file, not after.
 */
async function checkPort(config: Config): Promise<void> {
  const probe = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port: config.port, host: config.host }, resolve);
    });
  } catch (error) {
    const problem = listenProblem(error, config);
    throw problem ? new StartError(problem) : error;
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Decided once, by the process started at the terminal: its workers inherit the answer.
  const format = resolveLogFormat(config.logFormat);
  process.env.LOG_FORMAT = format;
  if (!cluster.isWorker) await checkPort(config);
  if (config.databaseUrl !== null) return startOnPostgres(config, format, config.databaseUrl);
  // Pending work that takes more than a moment is finished once the API answers.
  const prepare = () =>
    prepareDatabase(config.databasePath, { seedDemoData: config.seedDemoData, demoCorpusPapers: config.demoCorpusPapers, finishPending: 'quick' });
  if (cluster.isWorker) {
    // The primary has migrated and seeded the file: a worker only opens it.
    await serve(config, format, sqliteEngine(openDatabase(config.databasePath)), { worker: cluster.worker!.id });
  } else if (config.workers > 1) {
    let seededNow = false;
    startPrimary({
      workers: config.workers,
      logLevel: config.logLevel,
      logFormat: format,
      onReady: ({ serving, workers, port }, log) => {
        void databaseCountsOf(config.databasePath).then((counts) => {
          const facts = { host: config.host, port, database: config.databasePath, seeded: seededNow, counts, playground: config.playground };
          announceReady(format, log, { ...facts, workers, serving, logLevel: config.logLevel });
        });
      },
      prepare: () => {
        const { db, seeded, deferred } = prepare();
        seededNow = seeded;
        // Closed before the workers open it, so that the last of them to close checkpoints the WAL away.
        db.close();
        // startPrimary forks the workers as soon as this returns, in the same tick.
        if (deferred) setImmediate(() => finishInPrimary(config, format, deferred));
        return { seeded, database: config.databasePath };
      },
    });
  } else {
    const { db, seeded, deferred } = prepare();
    await serveOrExplain(config, format, sqliteEngine(db), { seeded, deferred });
  }
}

/** A listen that fails between the port's check and the listen itself, explained. */
async function serveOrExplain(config: Config, format: LogFormat, engine: ServingEngine, role: Role): Promise<void> {
  try {
    await serve(config, format, engine, role);
  } catch (error) {
    // Taken between the check and the listen.
    const problem = listenProblem(error, config);
    throw problem ? new StartError(problem) : error;
  }
}

/**
 * DATABASE_URL: the same start on PostgreSQL. The database is migrated and seeded before any
 * worker serves it (under locks, so that API nodes starting at once on one database do it once);
 * a cluster's workers each open a pool of their own.
 */
async function startOnPostgres(config: Config, format: LogFormat, url: string): Promise<void> {
  const target = targetOf(config);
  if (cluster.isWorker) {
    const opened = await openPostgresStore(url, { migrate: false, readUrls: config.databaseReadUrls });
    await serve(config, format, postgresEngine(opened), { worker: cluster.worker!.id });
    return;
  }
  const prepared = await preparePostgresDatabase(url, {
    seedDemoData: config.seedDemoData,
    demoCorpusPapers: config.demoCorpusPapers,
    finishPending: 'quick',
    readUrls: config.databaseReadUrls,
  });
  if (config.workers === 1) {
    await serveOrExplain(config, format, postgresEngine(prepared.opened), { seeded: prepared.seeded, deferred: prepared.deferred });
    return;
  }
  await prepared.opened.close();
  startPrimary({
    workers: config.workers,
    logLevel: config.logLevel,
    logFormat: format,
    checkpointOnExit: false,
    onReady: ({ serving, workers, port }, log) => {
      void countsOf(config).then((counts) => {
        const facts = { host: config.host, port, database: target.shown, engine: target.engine, seeded: prepared.seeded, counts, playground: config.playground };
        announceReady(format, log, { ...facts, workers, serving, logLevel: config.logLevel });
      });
    },
    prepare: () => {
      const { deferred } = prepared;
      if (deferred) setImmediate(() => finishInPrimary(config, format, deferred));
      return { seeded: prepared.seeded, database: target.shown };
    },
  });
}

// A setting or a port the server cannot start with is one line saying what to change; anything
// else is a bug or a broken environment, and keeps its stack.
main().catch((error) => {
  if (error instanceof ConfigError || error instanceof StartError) console.error(`scholargraph: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
