// The store's contract (../contract.ts and its parts) on PostgreSQL: a throwaway cluster, a
// database of its own for each store the contract opens, migrated and seeded with the demo data
// by the start a `DATABASE_URL=... npm start` runs (src/bootstrap.ts preparePostgresDatabase).
import { Client } from 'pg';
import { preparePostgresDatabase } from '../../../src/bootstrap';
import { startPostgres, type PostgresCluster } from '../../support/postgres';
import { storeContract } from '../contract';
import { mutationContract } from '../contract-mutations';
import { noveltyContract } from '../contract-novelty';
import { writeContract } from '../contract-writes';

let cluster: PostgresCluster | null = null;
let databases = 0;

async function clusterOnce(): Promise<PostgresCluster> {
  cluster ??= await startPostgres();
  return cluster;
}

afterAll(async () => cluster?.stop(), 60_000);

storeContract(
  'PostgreSQL',
  async () => {
    const { url } = await clusterOnce();
    const name = `contract_${++databases}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const { opened } = await preparePostgresDatabase(url.replace(/\/[^/]+$/, `/${name}`), { seedDemoData: true, demoCorpusPapers: 0 });
    return { store: opened.store, close: () => opened.close() };
  },
  [mutationContract, noveltyContract, writeContract],
  { migrations: 'migrations/postgres' },
);
