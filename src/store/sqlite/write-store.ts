// The one write path for papers (./paper-writer) as the Store's sessions: asynchronous on the
// interface, synchronous on SQLite's connection underneath.
import { type Db } from './client';
import { openPaperWrites } from './paper-writer';
import { type WriteStore } from '../write-types';

export function writeStore(db: Db): WriteStore {
  return {
    openPaperWrites: async (options) => {
      const writes = openPaperWrites(db, options);
      return {
        write: async (records) => writes.writeBatch(records),
        finish: async (finishOptions) => writes.finish(finishOptions),
      };
    },
  };
}
