// Author name search: ranked by how well the name matches (lists without a search: ./lists.ts).
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import { readsOf } from './read-pool';
import { AUTHOR_COLUMNS, type AuthorRecord } from './records';
import { type Page } from '../types';
import { toPage } from './pages';
import { type NameQuery, type NameTier } from './author-query';

/** Cursor tag of a name search; the key is an AuthorSearchKey. */
export const AUTHOR_SEARCH_ORDERING = 'NAME_SEARCH';
/** decodeCursor(after, AUTHOR_SEARCH_ORDERING, AUTHOR_SEARCH_KEY_TYPES) reads an AuthorSearchKey back. */
export const AUTHOR_SEARCH_KEY_TYPES = ['number', 'number', 'string', 'number'] as const;

/**
 * The sort key of a name search, every part ascending: best tier first, then most cited (hence
 * the negated count), then name and id so that the order is total and a cursor names one place.
 */
export type AuthorSearchKey = [tier: NameTier, negatedCitations: number, name: string, id: number];

export interface AuthorSearchHit extends AuthorRecord {
  tier: NameTier;
  /** author_metrics.citation_count, 0 for an author without metrics. */
  citations: number;
}

export interface AuthorNameSearchArgs {
  query: NameQuery;
  first: number;
  after: AuthorSearchKey | null;
}

export function authorSearchCursorKey(hit: AuthorSearchHit): AuthorSearchKey {
  // 0 - x, not -x: an uncited author's key holds 0, the value it has after a JSON round trip, not -0.
  return [hit.tier, 0 - hit.citations, hit.name, hit.id];
}

// Only the authors the FTS index matches are read, and each narrower tier expression is an
// IN-list evaluated once per statement, so a keystroke costs the matches, not the table.
// An exact match is the query's words as whole tokens in a name with exactly that many tokens;
// authors_fts_docsize holds each name's token count as a varint, one byte below 128 (and the
// query has at most MAX_NAME_WORDS words), compared here as a one-byte blob.
// The authors whose name, or a name they had before a merge (author_aliases), matches.
const MATCHED_IDS = `SELECT rowid FROM authors_fts WHERE authors_fts MATCH @match
  UNION SELECT a.author_id FROM author_aliases a
   WHERE a.rowid IN (SELECT rowid FROM author_aliases_fts WHERE author_aliases_fts MATCH @match)`;

const RANKED_MATCHES = `
  SELECT ${AUTHOR_COLUMNS},
    CASE
      WHEN au.id IN (SELECT rowid FROM authors_fts WHERE authors_fts MATCH @exact)
        AND (SELECT d.sz FROM authors_fts_docsize d WHERE d.id = au.id) = @size THEN 0
      WHEN au.id IN (SELECT rowid FROM authors_fts WHERE authors_fts MATCH @startsWith) THEN 1
      ELSE 2
    END AS tier,
    ifnull(am.citation_count, 0) AS citations
  FROM authors au
  LEFT JOIN author_metrics am ON am.author_id = au.id
  WHERE au.id IN (${MATCHED_IDS})`;

const SEARCH_FIRST = `SELECT * FROM (${RANKED_MATCHES}) ORDER BY tier, -citations, name, id LIMIT @limit`;
const SEARCH_AFTER = `SELECT * FROM (${RANKED_MATCHES})
  WHERE (tier, -citations, name, id) > (@tier, @negatedCitations, @name, @id)
  ORDER BY tier, -citations, name, id LIMIT @limit`;

function queryParams(query: NameQuery) {
  return {
    match: query.match,
    exact: query.exact,
    startsWith: query.startsWith,
    size: Buffer.from([query.wordCount]),
  };
}

/** Authors whose name matches `query` (see toNameQuery), best match first, a keyset page. */
export function searchAuthorNames(sqlite: Database.Database, { query, first, after }: AuthorNameSearchArgs): Page<AuthorSearchHit> {
  const params = { ...queryParams(query), limit: first + 1 };
  const rows = after
    ? prepared(sqlite, SEARCH_AFTER).all({ ...params, tier: after[0], negatedCitations: after[1], name: after[2], id: after[3] })
    : prepared(sqlite, SEARCH_FIRST).all(params);
  return toPage(rows as AuthorSearchHit[], first);
}

/** Every match counted, off the event loop (src/store/sqlite/read-pool.ts). */
export async function countAuthorNameMatches(sqlite: Database.Database, query: NameQuery): Promise<number> {
  return (await readsOf(sqlite).get<{ n: number }>(`SELECT COUNT(*) AS n FROM (${MATCHED_IDS})`, [{ match: query.match }]))!.n;
}
