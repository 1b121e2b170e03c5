// The real primary (src/ops/cluster.ts) with a quicker restart policy than RESTART_POLICY, forking
// workers that run the real entry point (src/main.ts): for test/ops/cluster-restart.test.ts, which
// would otherwise wait out the production backoff (about 15 s for each worker given up on). The
// database is prepared as src/main.ts's primary prepares it.
import cluster from 'node:cluster';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { type RestartPolicy, startPrimary } from '../../src/ops/cluster';

// 0.2, 0.4, 0.8 s, then the cap: 1, 1 s; given up on at the fifth failed start, as in production.
export const QUICK_RESTART: RestartPolicy = { firstDelayMs: 200, maxDelayMs: 1000, maxStartFailures: 5 };

if (require.main === module) {
  const config = loadConfig();
  cluster.setupPrimary({ exec: path.join(__dirname, '..', '..', 'src', 'main.ts') });
  startPrimary({
    workers: config.workers,
    logLevel: config.logLevel,
    restart: QUICK_RESTART,
    prepare: () => {
      const { db, seeded } = prepareDatabase(config.databasePath, { seedDemoData: config.seedDemoData, demoCorpusPapers: config.demoCorpusPapers });
      db.close();
      return { seeded, database: config.databasePath };
    },
  });
}
