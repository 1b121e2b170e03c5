// STUB (issue 19, being written): every method throws until its module is done.
import type { Store } from '../index';
import type { PgDb } from './db';
import { notYet } from './not-yet';

export type BatchReadsPart = Pick<Store, 'authorsById' | 'authorsByExternalId' | 'authorMetrics' | 'papersById' | 'papersByExternalId' | 'authorPaperPages' | 'authorPaperCounts' | 'paperAuthorPages' | 'paperAuthorCounts' | 'coauthorPages' | 'coauthorCounts' | 'paperSetGroups' | 'authorYears' | 'hCores' | 'noveltyPoints' | 'noveltyExplanations' | 'topicsById' | 'subjectNames'>;

export function batchReads(_db: PgDb): BatchReadsPart {
  return notYet<BatchReadsPart>(['authorsById' , 'authorsByExternalId' , 'authorMetrics' , 'papersById' , 'papersByExternalId' , 'authorPaperPages' , 'authorPaperCounts' , 'paperAuthorPages' , 'paperAuthorCounts' , 'coauthorPages' , 'coauthorCounts' , 'paperSetGroups' , 'authorYears' , 'hCores' , 'noveltyPoints' , 'noveltyExplanations' , 'topicsById' , 'subjectNames']);
}
