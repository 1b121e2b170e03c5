// Author name search on PostgreSQL: the port of ../sqlite/author-search.ts over the search_vector
// of authors and author_aliases (every query word a prefix, `word:*`), with the same tiers and
// order: exact name, then a name that starts with the query, then the rest; most cited first
// within a tier, then name (bytes) and id.
import type { Page } from '../types';
import { toPage } from '../sqlite/pages';
import type { NameQuery } from '../sqlite/author-query';
import type { AuthorNameSearchArgs, AuthorSearchHit } from '../sqlite/author-search';
import { row, rows, type PgDb } from './db';
import { AUTHOR_COLUMNS } from './records';
import { SEARCH_CONFIG, toTsQuery } from './search-query';

// The name's tokens in order: the vector's lexemes by position. The vector holds the words of
// search_words (./schema.ts), cut as FTS5's unicode61 cuts them: "Jean-Pierre" is "jean" and
// "pierre" only, not also the hyphenated whole that PostgreSQL's parser would add.
const NAME_TOKENS = `SELECT l.lexeme, pos FROM unnest(au.search_vector) l, unnest(l.positions) pos`;

// Parameters, in order: the match, exact and startsWith tsqueries, the word count twice.
// FTS5's startsWith expression is anchored (`^`), a tsquery phrase is not: the phrase is matched
// against a vector of the name's first words only, as many as the query has, so that it can
// only hold them from the first. Each CASE branch reads the name's tokens only for the authors
// whose vector already holds the words.
const RANKED_MATCHES = `
  SELECT ${AUTHOR_COLUMNS},
    CASE
      WHEN au.search_vector @@ x.exact AND (SELECT count(*) FROM (${NAME_TOKENS}) t) = ? THEN 0
      WHEN au.search_vector @@ x.starts
        AND to_tsvector(${SEARCH_CONFIG}, (SELECT string_agg(t.lexeme, ' ' ORDER BY t.pos) FROM (${NAME_TOKENS} ORDER BY pos LIMIT ?) t)) @@ x.starts
        THEN 1
      ELSE 2
    END AS tier,
    coalesce(am.citation_count, 0) AS citations
  FROM (SELECT to_tsquery(${SEARCH_CONFIG}, ?) AS match, to_tsquery(${SEARCH_CONFIG}, ?) AS exact, to_tsquery(${SEARCH_CONFIG}, ?) AS starts) x
  CROSS JOIN authors au
  LEFT JOIN author_metrics am ON am.author_id = au.id
  WHERE au.id IN (SELECT m.id FROM authors m WHERE m.search_vector @@ x.match
    UNION SELECT a.author_id FROM author_aliases a WHERE a.search_vector @@ x.match)`;

// The match is one parameter; the statement's own FROM keeps it bound once.
const MATCHED_IDS = `SELECT m.id FROM authors m WHERE m.search_vector @@ to_tsquery(${SEARCH_CONFIG}, ?)
  UNION SELECT a.author_id FROM author_aliases a WHERE a.search_vector @@ to_tsquery(${SEARCH_CONFIG}, ?)`;

const ORDER = 'ORDER BY tier, -citations, name, id LIMIT ?';

interface TsNameQuery {
  match: string;
  exact: string;
  startsWith: string;
}

/** The name query's expressions as tsquery text, or null when the query holds no word PostgreSQL reads. */
function tsNameQuery(query: NameQuery): TsNameQuery | null {
  const match = toTsQuery(query.match);
  const exact = toTsQuery(query.exact);
  const startsWith = toTsQuery(query.startsWith);
  return match === null || exact === null || startsWith === null ? null : { match, exact, startsWith };
}

/** Authors whose name matches `query` (see toNameQuery), best match first, a keyset page. */
export async function searchAuthorNames(db: PgDb, { query, first, after }: AuthorNameSearchArgs): Promise<Page<AuthorSearchHit>> {
  const ts = tsNameQuery(query);
  if (ts === null) return { items: [], hasNextPage: false };
  // The tier's parameters come before the FROM's in the text.
  const params: unknown[] = [query.wordCount, query.wordCount, ts.match, ts.exact, ts.startsWith];
  const sql = after
    ? `SELECT * FROM (${RANKED_MATCHES}) s WHERE (tier, -citations, name, id) > (?::int8, ?::int8, ?::text, ?::int8) ${ORDER}`
    : `SELECT * FROM (${RANKED_MATCHES}) s ${ORDER}`;
  if (after) params.push(...after);
  params.push(first + 1);
  return toPage(await rows<AuthorSearchHit>(db, sql, params), first);
}

/** Every match counted. */
export async function countAuthorNameMatches(db: PgDb, query: NameQuery): Promise<number> {
  const ts = tsNameQuery(query);
  if (ts === null) return 0;
  return (await row<{ n: number }>(db, `SELECT count(*) AS n FROM (${MATCHED_IDS}) matched`, [ts.match, ts.match]))!.n;
}
