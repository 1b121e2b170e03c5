// The one write path for papers (writePapers): the importer, the corpus generator and the seed.
import { type Db } from './client';
import { type WriteStore } from '../write-types';

export function writeStore(db: Db): WriteStore {
  void db;
  return {};
}
