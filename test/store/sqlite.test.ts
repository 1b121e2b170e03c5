// The store's contract (./contract.ts) on SQLite: a real file, migrated and seeded with the demo
// data as `npm start` does.
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { sqliteStore } from '../../src/store';
import { tempDir } from '../support/server';
import { storeContract } from './contract';
import { mutationContract } from './contract-mutations';
import { noveltyContract } from './contract-novelty';
import { writeContract } from './contract-writes';

storeContract('SQLite', async () => {
  const dir = tempDir('scholargraph-store-');
  const { db } = prepareDatabase(path.join(dir, 'store.db'), { seedDemoData: true, demoCorpusPapers: 0 });
  return {
    store: sqliteStore(db),
    async close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}, [mutationContract, noveltyContract, writeContract]);
