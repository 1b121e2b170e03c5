// The floor's pages on PostgreSQL (bench/floor/postgres-floor.ts): the same JSON as the SQLite
// floor's handlers (./profile.ts, ./search.ts, ...), each page's data read in one statement where
// SQL can say it, since on PostgreSQL every statement is a round trip: the lists under a page
// (a paper's first authors, an author's papers and co-authors) are correlated subqueries
// aggregated with json_agg rather than statements of their own. Statements are named, so that
// each connection prepares them once.
import type { Pool, QueryResultRow } from 'pg';
import { hashApiKey } from '../../src/auth/keys';
import type { PgDb } from '../../src/store/postgres/db';
import { postgresStore } from '../../src/store/postgres';
import { PAPER_SEARCH_QUERY, PAPER_SEARCH_RANK, PAPER_SEARCH_WHERE, paperExcerpts } from '../../src/store/postgres/paper-search';
import { ESTIMATE_SAMPLING, sampledIdSql } from '../../src/store/sqlite/paper-search';
import { toTsQuery } from '../../src/store/postgres/search-query';
import { newPaperSchema } from '../../src/validation/paper-input';
import { authorCursor, type AuthorOrderField, type RankedRow } from './leaderboard';
import { categoryParts, encodeCursor, fromGlobalId, toFtsQuery, toGlobalId } from './shape';
import { FloorError } from './upsert';

/** The floor's own statements (the store's, for highlights and the write, are counted by its PgDb). */
export interface Statements {
  total: number;
}

type Run = <R extends QueryResultRow>(name: string, text: string, values: unknown[]) => Promise<R[]>;

function runner(pool: Pool, statements: Statements): Run {
  return async (name, text, values) => {
    statements.total += 1;
    return (await pool.query({ name, text, values })).rows;
  };
}

// The first `n` authors of the paper `paperId` (an SQL expression), in list order, as JSON.
const firstAuthors = (paperId: string, n: number, fields: 'name' | 'id-name') =>
  `(SELECT coalesce(json_agg(${fields === 'name' ? 'f.name' : "json_build_object('id', f.id, 'name', f.name)"} ORDER BY f.position), '[]')
      FROM (SELECT a.id, a.name, s.position FROM authorships s JOIN authors a ON a.id = s.author_id
             WHERE s.paper_id = ${paperId} ORDER BY s.position LIMIT ${n}) f)`;
const authorCount = (paperId: string) => `(SELECT count(*) FROM authorships c WHERE c.paper_id = ${paperId})`;

interface ProfileRow {
  name: string;
  primaryCategory: string | null;
  hIndex: number;
  paperCount: number;
  citationCount: number;
  novelty: number | null;
  aiScore: number | null;
  totalCount: number;
  papers: {
    score: number;
    category: string | null;
    publishedAt: string;
    hasCode: boolean;
    codeUrl: string | null;
    title: string;
    abstract: string;
    authorCount: number;
    authors: string[];
  }[];
}

/** The profile page (./profile.ts): one statement. */
export function profilePage(run: Run) {
  const sql = `SELECT au.name, m.primary_category AS "primaryCategory", coalesce(m.h_index, 0) AS "hIndex",
      coalesce(m.paper_count, 0) AS "paperCount", coalesce(m.citation_count, 0) AS "citationCount", m.novelty, m.ai_score AS "aiScore",
      (SELECT count(*) FROM authorships WHERE author_id = au.id) AS "totalCount",
      (SELECT coalesce(json_agg(json_build_object('score', t.score, 'category', t.category, 'publishedAt', t.published_at,
                'hasCode', t.has_code, 'codeUrl', t.code_url, 'title', t.title, 'abstract', t.abstract,
                'authorCount', ${authorCount('t.id')}, 'authors', ${firstAuthors('t.id', 3, 'name')})
              ORDER BY t.citation_count DESC, t.id DESC), '[]')
         FROM (SELECT p.id, p.score, p.category, p.published_at, p.has_code, p.code_url, p.title, p.abstract, p.citation_count
                 FROM authorships s JOIN papers p ON p.id = s.paper_id
                WHERE s.author_id = au.id ORDER BY p.citation_count DESC, p.id DESC LIMIT 20) t) AS papers
    FROM authors au LEFT JOIN author_metrics m ON m.author_id = au.id WHERE au.id = $1`;
  return async ({ id }: { id: string }) => {
    const [author] = await run<ProfileRow>('profile', sql, [fromGlobalId(id)!.rowId]);
    if (!author) return { author: null };
    const category = author.primaryCategory === null ? null : categoryParts(author.primaryCategory);
    return {
      author: {
        name: author.name,
        primaryCategory: category && { code: category.code, subjectClass: category.subjectClass, name: category.name },
        hIndex: author.hIndex,
        paperCount: author.paperCount,
        citationCount: author.citationCount,
        novelty: author.novelty,
        aiScore: author.aiScore,
        papers: {
          totalCount: author.totalCount,
          nodes: author.papers.map((p) => {
            const parts = p.category === null ? null : categoryParts(p.category);
            return {
              score: p.score,
              arxivCategory: parts && { code: parts.code, subjectClass: parts.subjectClass },
              publishedAt: p.publishedAt,
              hasCode: p.hasCode,
              codeUrl: p.codeUrl,
              title: p.title,
              authors: { totalCount: p.authorCount, nodes: p.authors.map((name) => ({ name })) },
              abstract: p.abstract,
            };
          }),
        },
      },
    };
  };
}

interface Hit {
  totalCount: number;
  sampled: number;
  id: number;
  title: string;
  publishedAt: string;
  citationCount: number;
  hasCode: boolean;
  category: string;
  rank: number;
  authorCount: number;
  authors: { id: number; name: string }[];
}

const FIRST_HITS = 20;
/** SEARCH_COUNT_BOUND (src/graphql/types/connections.type.ts), not imported: that module brings the schema's classes. */
const COUNT_BOUND = 1_000;

/**
 * The search page (./search.ts): the ranked page, the count and each hit's first authors in one
 * statement (the matches ranked once, counted and paged); the highlights by the API's own
 * function (src/store/postgres/paper-search.ts: ts_headline, then marks and ellipses set in
 * JavaScript as FTS5 sets them), a second statement.
 */
export function searchPage(run: Run, db: PgDb) {
  const sql = `WITH hits AS (
      SELECT p.id, p.title, p.published_at, p.citation_count, p.has_code, p.category, ${PAPER_SEARCH_RANK} AS rank
        FROM papers p, ${PAPER_SEARCH_QUERY.replace('?', '$1')}
       WHERE ${PAPER_SEARCH_WHERE} AND p.category = ANY($2::text[]) AND p.published_at >= $3
    ), page AS (SELECT * FROM hits ORDER BY rank, id LIMIT ${FIRST_HITS + 1})
    SELECT (SELECT count(*) FROM hits) AS "totalCount", (SELECT count(*) FROM hits WHERE ${sampledIdSql('hits.id')}) AS sampled, page.id, page.title, page.published_at AS "publishedAt",
           page.citation_count AS "citationCount", page.has_code AS "hasCode", page.category, page.rank,
           ${authorCount('page.id')} AS "authorCount", ${firstAuthors('page.id', 3, 'id-name')} AS authors
      FROM page ORDER BY page.rank, page.id`;
  return async ({ search, categories, publishedFrom }: { search: string; categories: string[]; publishedFrom: string }) => {
    const query = toTsQuery(toFtsQuery(search)!)!;
    const rows = await run<Hit>('search', sql, [query, categories, publishedFrom]);
    const page = rows.slice(0, FIRST_HITS);
    const highlights = new Map((await paperExcerpts(db, search, page.map((p) => p.id))).map((e) => [e.id, { title: e.title, abstract: e.abstract }]));
    const last = page[page.length - 1];
    return {
      papers: {
        // Exact up to the API's bound (SEARCH_COUNT_BOUND), estimated past it as src/store/postgres/lists.ts does.
        totalCount: !rows[0] ? 0 : rows[0].totalCount <= COUNT_BOUND ? rows[0].totalCount : Math.max(COUNT_BOUND + 1, rows[0].sampled * ESTIMATE_SAMPLING),
        pageInfo: { hasNextPage: rows.length > FIRST_HITS, endCursor: last ? encodeCursor('RELEVANCE', [last.rank, last.id]) : null },
        edges: page.map((p) => {
          const { code, name } = categoryParts(p.category);
          return {
            highlight: highlights.get(p.id) ?? null,
            node: {
              id: toGlobalId('Paper', p.id),
              title: p.title,
              publishedAt: p.publishedAt,
              citationCount: p.citationCount,
              hasCode: p.hasCode,
              category: { code, name },
              authors: { totalCount: p.authorCount, nodes: p.authors.map((a) => ({ id: toGlobalId('Author', a.id), name: a.name })) },
            },
          };
        }),
      },
    };
  };
}

const ORDER_COLUMNS: Record<AuthorOrderField, string> = { H_INDEX: 'm.h_index', CITATION_COUNT: 'm.citation_count', PAPER_COUNT: 'm.paper_count' };

const rankedSql = (field: AuthorOrderField, limit: number) => `SELECT au.id, au.name, m.h_index AS "hIndex", m.citation_count AS "citationCount",
    m.paper_count AS "paperCount", m.primary_category AS "primaryCategory"
  FROM author_metrics m JOIN authors au ON au.id = m.author_id
  WHERE m.primary_category = $1 ORDER BY ${ORDER_COLUMNS[field]} DESC, m.author_id DESC LIMIT ${limit}`;

const FIRST_AUTHORS = 50;
// The ranked list's order again, over its output columns.
const TOP_ORDER: Record<AuthorOrderField, string> = { H_INDEX: 'top."hIndex"', CITATION_COUNT: 'top."citationCount"', PAPER_COUNT: 'top."paperCount"' };

/** The leaderboard (./leaderboard.ts): one statement, as on SQLite. */
export function leaderboardPage(run: Run) {
  const sql = rankedSql('H_INDEX', FIRST_AUTHORS + 1);
  return async ({ category }: { category: string }) => {
    const rows = await run<RankedRow>('leaderboard', sql, [category]);
    const page = rows.slice(0, FIRST_AUTHORS);
    const last = page[page.length - 1];
    return {
      authors: {
        pageInfo: { hasNextPage: rows.length > FIRST_AUTHORS, endCursor: last ? authorCursor('H_INDEX', last) : null },
        nodes: page.map((a) => {
          const parts = a.primaryCategory === null ? null : categoryParts(a.primaryCategory);
          return {
            id: toGlobalId('Author', a.id),
            name: a.name,
            hIndex: a.hIndex,
            citationCount: a.citationCount,
            paperCount: a.paperCount,
            primaryCategory: parts && { code: parts.code, name: parts.name },
          };
        }),
      },
    };
  };
}

interface DeepRow {
  id: number;
  name: string;
  hIndex: number;
  papers: { id: number; title: string; citationCount: number; authors: { id: number; name: string }[] }[];
  coauthors: { id: number; name: string; sharedPaperCount: number }[];
}

/**
 * The deep page (./deep.ts): one statement per order. Each listed author's 10 papers with their
 * first 3 authors, and the 5 co-authors with the most shared papers (ties by the smaller id), as
 * subqueries of the ranked list.
 */
export function deepPage(run: Run) {
  const sql = (field: AuthorOrderField) => `SELECT top.id, top.name, top."hIndex",
      (SELECT coalesce(json_agg(json_build_object('id', tp.id, 'title', tp.title, 'citationCount', tp.citation_count,
                'authors', ${firstAuthors('tp.id', 3, 'id-name')}) ORDER BY tp.citation_count DESC, tp.id DESC), '[]')
         FROM (SELECT p.id, p.title, p.citation_count FROM authorships s JOIN papers p ON p.id = s.paper_id
                WHERE s.author_id = top.id ORDER BY p.citation_count DESC, p.id DESC LIMIT 10) tp) AS papers,
      (SELECT coalesce(json_agg(json_build_object('id', g.coauthor, 'name', a.name, 'sharedPaperCount', g.n) ORDER BY g.n DESC, g.coauthor), '[]')
         FROM (SELECT theirs.author_id AS coauthor, count(*) AS n
                 FROM authorships mine JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
                WHERE mine.author_id = top.id GROUP BY theirs.author_id ORDER BY n DESC, theirs.author_id LIMIT 5) g
         JOIN authors a ON a.id = g.coauthor) AS coauthors
    FROM (${rankedSql(field, FIRST_AUTHORS)}) top ORDER BY ${TOP_ORDER[field]} DESC, top.id DESC`;
  const texts = new Map((Object.keys(ORDER_COLUMNS) as AuthorOrderField[]).map((field) => [field, sql(field)]));
  return async ({ category, order }: { category: string; order: AuthorOrderField }) => {
    const rows = await run<DeepRow>(`deep-${order}`, texts.get(order)!, [category]);
    return {
      authors: {
        nodes: rows.map((a) => ({
          id: toGlobalId('Author', a.id),
          name: a.name,
          hIndex: a.hIndex,
          papers: {
            nodes: a.papers.map((p) => ({
              id: toGlobalId('Paper', p.id),
              title: p.title,
              citationCount: p.citationCount,
              authors: { nodes: p.authors.map((au) => ({ id: toGlobalId('Author', au.id), name: au.name })) },
            })),
          },
          coauthors: { edges: a.coauthors.map((c) => ({ sharedPaperCount: c.sharedPaperCount, node: { id: toGlobalId('Author', c.id), name: c.name } })) },
        })),
      },
    };
  };
}

/** A node lookup (./node.ts): one statement. */
export function nodeLookup(run: Run) {
  const paper = `SELECT title, published_at AS "publishedAt", citation_count AS "citationCount", score, category FROM papers WHERE id = $1`;
  const author = `SELECT au.name, coalesce(m.h_index, 0) AS "hIndex", coalesce(m.paper_count, 0) AS "paperCount",
      coalesce(m.citation_count, 0) AS "citationCount"
    FROM authors au LEFT JOIN author_metrics m ON m.author_id = au.id WHERE au.id = $1`;
  return async ({ id }: { id: string }) => {
    const decoded = fromGlobalId(id)!;
    if (decoded.type === 'Paper') {
      const [row] = await run<{ title: string; publishedAt: string; citationCount: number; score: number; category: string }>('node-paper', paper, [decoded.rowId]);
      if (!row) return { node: null };
      return { node: { id, title: row.title, publishedAt: row.publishedAt, citationCount: row.citationCount, score: row.score, category: { code: categoryParts(row.category).code } } };
    }
    const [row] = await run<{ name: string; hIndex: number; paperCount: number; citationCount: number }>('node-author', author, [decoded.rowId]);
    return { node: row ? { id, ...row } : null };
  };
}

interface Input {
  authors: { id: string }[];
  [field: string]: unknown;
}

/**
 * The write of the write mix (./upsert.ts): the key checked, the input validated with the API's
 * zod schema, the paper written by the PostgreSQL store's own upsert (one transaction that also
 * refreshes the authors' metrics), then read back with its first authors in one statement.
 */
export function upsertWrite(run: Run, db: PgDb) {
  const store = postgresStore(db);
  const key = 'SELECT role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL';
  const paper = `SELECT external_id AS "externalId", title, citation_count AS "citationCount",
      ${authorCount('p.id')} AS "authorCount", ${firstAuthors('p.id', 5, 'id-name')} AS authors
    FROM papers p WHERE p.id = $1`;
  return async ({ input }: { input: Input }, authorization: string | undefined) => {
    const [found] = authorization?.startsWith('Bearer ') ? await run<{ role: string }>('key', key, [hashApiKey(authorization.slice(7))]) : [];
    if (found?.role !== 'writer' && found?.role !== 'admin') throw new FloorError(401, 'a writer key is needed');
    const { authors: refs, ...fields } = input;
    const parsed = newPaperSchema.safeParse(fields);
    if (!parsed.success) throw new FloorError(400, parsed.error.message);
    const authorIds = refs.map((ref) => fromGlobalId(ref.id)?.rowId ?? 0);
    const written = await store.upsertPaper(parsed.data as typeof parsed.data & { externalId: string }, authorIds);
    if (written.kind !== 'written') throw new FloorError(400, `the write was refused: ${written.kind}`);
    const [row] = await run<{ externalId: string; title: string; citationCount: number; authorCount: number; authors: { id: number; name: string }[] }>(
      'upserted',
      paper,
      [written.paperId],
    );
    return {
      upsertPaper: {
        paper: {
          id: toGlobalId('Paper', written.paperId),
          externalId: row.externalId,
          title: row.title,
          citationCount: row.citationCount,
          authors: { totalCount: row.authorCount, nodes: row.authors.map((a) => ({ id: toGlobalId('Author', a.id), name: a.name })) },
        },
      },
    };
  };
}

/** Pages by path, for the floor server. */
export function postgresPages(pool: Pool, db: PgDb, statements: Statements) {
  const run = runner(pool, statements);
  return {
    '/profile': profilePage(run),
    '/search': searchPage(run, db),
    '/leaderboard': leaderboardPage(run),
    '/deep': deepPage(run),
    '/node': nodeLookup(run),
    '/upsert': upsertWrite(run, db),
  } as Record<string, (variables: any, authorization: string | undefined) => Promise<unknown>>;
}
