// The store's contract (../contract.ts and its parts) on PostgreSQL: a throwaway cluster, a
// database of its own for each store the contract opens, seeded with the demo data by the start a
// `DATABASE_URL=... npm start` runs (src/bootstrap.ts preparePostgresDatabase).
import { preparePostgresDatabase } from '../../../src/bootstrap';
import { newPostgresDatabase, stopPostgres } from '../../support/engine';
import { storeContract } from '../contract';
import { mutationContract } from '../contract-mutations';
import { noveltyContract } from '../contract-novelty';
import { writeContract } from '../contract-writes';

afterAll(stopPostgres, 60_000);

storeContract(
  'PostgreSQL',
  async () => {
    const { opened } = await preparePostgresDatabase(await newPostgresDatabase(), { seedDemoData: true, demoCorpusPapers: 0 });
    return { store: opened.store, close: () => opened.close() };
  },
  [mutationContract, noveltyContract, writeContract],
  { migrations: 'migrations/postgres' },
);
