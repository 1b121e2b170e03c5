// Entry point: config -> database -> server; with WORKERS > 1, a primary that prepares the
// database and forks that many workers, each serving it (src/ops/cluster.ts).
import 'reflect-metadata';
import cluster from 'node:cluster';
import { type Config, loadConfig } from './config';
import { prepareDatabase } from './bootstrap';
import { openDatabase, type Db } from './db/client';
import { createServer } from './http/server';
import { followPrimary, startPrimary } from './ops/cluster';
import { installGracefulShutdown } from './ops/graceful-shutdown';

interface Role {
  /** A cluster worker's id: it takes its signals from the primary. */
  worker?: number;
  /** Logged by the server itself when it serves alone; a cluster's primary logs it. */
  seeded?: boolean;
}

async function serve(config: Config, db: Db, { worker, seeded }: Role): Promise<void> {
  const app = await createServer({
    db,
    logLevel: config.logLevel,
    production: config.production,
    readsNeedKey: config.readsNeedKey,
    limits: config.limits,
    corsOrigins: config.corsOrigins,
    fieldSuggestions: config.fieldSuggestions,
    trustProxy: config.trustProxy,
    playground: config.playground,
    worker,
  });
  if (seeded !== undefined) {
    app.log.info({ database: config.databasePath, seeded }, seeded ? 'empty database: demo data loaded' : 'database ready');
  }
  const signals = worker === undefined ? process : followPrimary(app.server);
  installGracefulShutdown(app, db, { graceMs: config.shutdownGraceSeconds * 1000, signals });
  await app.listen({ port: config.port, host: config.host });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const prepare = () =>
    prepareDatabase(config.databasePath, { seedDemoData: config.seedDemoData, demoCorpusPapers: config.demoCorpusPapers });
  if (cluster.isWorker) {
    // The primary has migrated and seeded the file: a worker only opens it.
    await serve(config, openDatabase(config.databasePath), { worker: cluster.worker!.id });
  } else if (config.workers > 1) {
    startPrimary({
      workers: config.workers,
      logLevel: config.logLevel,
      prepare: () => {
        const { db, seeded } = prepare();
        // Closed before the workers open it, so that the last of them to close checkpoints the WAL away.
        db.close();
        return { seeded, database: config.databasePath };
      },
    });
  } else {
    const { db, seeded } = prepare();
    await serve(config, db, { seeded });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
