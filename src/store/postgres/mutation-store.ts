// STUB (issue 19, being written).
import type { MutationStore } from '../mutation-types';
import type { PgDb } from './db';
import { notYet } from './not-yet';

export function mutationStore(_db: PgDb): MutationStore {
  return notYet<MutationStore>(['createPaper', 'upsertPaper', 'updatePaper', 'deletePaper', 'updateCitationCounts', 'createAuthor', 'updateAuthor', 'deleteAuthor', 'mergeAuthors']);
}
