// Entry point: config -> database -> server.
import 'reflect-metadata';
import { loadConfig } from './config';
import { prepareDatabase } from './bootstrap';
import { createServer } from './http/server';
import { installGracefulShutdown, withoutAddedSignalListeners } from './ops/graceful-shutdown';

// Read here until it joins the other settings in src/config.ts (as `shutdownGraceSeconds`).
function shutdownGraceSeconds(value: string | undefined): number {
  if (value === undefined || value === '') return 10;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) {
    throw new Error(`SHUTDOWN_GRACE_SECONDS must be a number of seconds between 0 and 3600, got "${value}"`);
  }
  return seconds;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const graceSeconds = shutdownGraceSeconds(process.env.SHUTDOWN_GRACE_SECONDS);
  const { db, seeded } = prepareDatabase(config.databasePath, {
    seedDemoData: config.seedDemoData,
    demoCorpusPapers: config.demoCorpusPapers,
  });
  // Apollo's own signal handlers would close the server behind the drain's back.
  const app = await withoutAddedSignalListeners(() =>
    createServer({ db, logLevel: config.logLevel, production: config.production, readsNeedKey: config.readsNeedKey }),
  );
  app.log.info({ database: config.databasePath, seeded }, seeded ? 'empty database: demo data loaded' : 'database ready');
  installGracefulShutdown(app, db, { graceMs: graceSeconds * 1000 });
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
