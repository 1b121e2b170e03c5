// Entry point: config -> database -> server.
import 'reflect-metadata';
import { loadConfig } from './config';
import { prepareDatabase } from './bootstrap';
import { createServer } from './http/server';
import { installGracefulShutdown } from './ops/graceful-shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const { db, seeded } = prepareDatabase(config.databasePath, {
    seedDemoData: config.seedDemoData,
    demoCorpusPapers: config.demoCorpusPapers,
  });
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
  });
  app.log.info({ database: config.databasePath, seeded }, seeded ? 'empty database: demo data loaded' : 'database ready');
  installGracefulShutdown(app, db, { graceMs: config.shutdownGraceSeconds * 1000 });
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
