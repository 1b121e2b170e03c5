// Entry point: config -> database -> server.
import 'reflect-metadata';
import { loadConfig } from './config';
import { prepareDatabase } from './bootstrap';
import { createServer } from './http/server';

async function main(): Promise<void> {
  const config = loadConfig();
  const { db, seeded } = prepareDatabase(config.databasePath, {
    seedDemoData: config.seedDemoData,
    demoCorpusPapers: config.demoCorpusPapers,
  });
  const app = await createServer({ db, logLevel: config.logLevel, production: config.production, readsNeedKey: config.readsNeedKey });
  app.log.info({ database: config.databasePath, seeded }, seeded ? 'empty database: demo data loaded' : 'database ready');
  const shutdown = async () => {
    await app.close();
    db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
