// The API's writes (the createPaper, upsertPaper, ... mutations), each one transaction.
import { type Db } from './client';
import { type MutationStore } from '../mutation-types';

export function mutationStore(db: Db): MutationStore {
  void db;
  return {};
}
