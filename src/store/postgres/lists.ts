// STUB (issue 19, being written): every method throws until its module is done.
import type { Store } from '../index';
import type { PgDb } from './db';
import { notYet } from './not-yet';

export type ListReadsPart = Pick<Store, 'listPapers' | 'countPapers' | 'missingExternalIds' | 'searchPapers' | 'listAuthors' | 'paperExcerpts' | 'searchAuthors' | 'countAuthorNameMatches' | 'countAuthors'>;

export function listReads(_db: PgDb): ListReadsPart {
  return notYet<ListReadsPart>(['listPapers' , 'countPapers' , 'missingExternalIds' , 'searchPapers' , 'listAuthors' , 'paperExcerpts' , 'searchAuthors' , 'countAuthorNameMatches' , 'countAuthors']);
}
