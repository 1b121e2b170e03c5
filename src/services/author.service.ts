// Top-level author lists: by name, optionally narrowed by a search on the name.
import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { AUTHOR_COLUMNS, type AuthorRecord } from '../db/records';
import { toPage, type Page } from '../pagination/page';

export interface AuthorSearchArgs {
  /** Words that must all occur in the name, in any case; empty for every author. */
  words: string[];
  first: number;
  /** [name, id] of the last author seen. */
  after: [string, number] | null;
}

export const MAX_SEARCH_WORDS = 8;

/** Splits a search string into the words of a name search; LIKE wildcards are taken literally. */
export function searchWords(search: string | null | undefined): string[] {
  return (search ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

function whereSql(words: readonly string[], after: boolean): string {
  const conditions = words.map(() => "au.name LIKE ? ESCAPE '\\'");
  if (after) conditions.push('(au.name, au.id) > (?, ?)');
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

export function searchAuthors(sqlite: Database.Database, { words, first, after }: AuthorSearchArgs): Page<AuthorRecord> {
  const sql = `SELECT ${AUTHOR_COLUMNS} FROM authors au${whereSql(words, after !== null)} ORDER BY au.name, au.id LIMIT ?`;
  const rows = prepared(sqlite, sql).all(...words, ...(after ?? []), first + 1) as AuthorRecord[];
  return toPage(rows, first);
}

export function countAuthors(sqlite: Database.Database, words: readonly string[]): number {
  const sql = `SELECT COUNT(*) AS n FROM authors au${whereSql(words, false)}`;
  return (prepared(sqlite, sql).get(...words) as { n: number }).n;
}
