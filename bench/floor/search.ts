// The search page (bench/workloads/search.graphql): the ranked page, the count, the highlights
// and the first 3 authors of each hit. Five statements or a few more; the search SQL is the
// API's own (src/store/sqlite/paper-search.ts, lists.ts), bound to the same FTS5 expression:
// the best RANKED_CANDIDATES of the index filtered, every match joined when no page passes
// among them; the count exact up to the API's bound and estimated past it, as the API does.
import type Database from 'better-sqlite3';
import {
  ESTIMATE_SAMPLING,
  PAPER_SEARCH_RANK,
  paperExcerptsSql,
  paperMatchesFrom,
  paperSearchTopSql,
  RANKED_CANDIDATES,
  sampledIdSql,
} from '../../src/store/sqlite/paper-search';
import { paperAuthorsReader } from './paper-authors';
import { categoryParts, encodeCursor, toFtsQuery, toGlobalId } from './shape';
import { toFtsFilter } from '../../src/store/sqlite/fts-query';

interface Hit {
  id: number;
  title: string;
  publishedAt: string;
  citationCount: number;
  hasCode: number;
  category: string;
  rank: number;
}

interface Variables {
  search: string;
  categories: string[];
  publishedFrom: string;
}

const FIRST = 20;
/** SEARCH_COUNT_BOUND (src/graphql/types/connections.type.ts), not imported: that module brings the schema's classes. */
const COUNT_BOUND = 1_000;

export function searchPage(sqlite: Database.Database) {
  const columns = 'p.id AS id, p.title AS title, p.published_at AS publishedAt, p.citation_count AS citationCount, p.has_code AS hasCode, p.category AS category';
  const filters = 'p.category IN (SELECT value FROM json_each(?)) AND p.published_at >= ?';
  const candidates = sqlite.prepare(`SELECT ${columns}, s.rank AS rank FROM (${paperSearchTopSql(false)}) s JOIN papers p ON p.id = s.id
    WHERE ${filters} ORDER BY s.rank, s.id LIMIT ${FIRST + 1}`);
  const hits = sqlite.prepare(`SELECT ${columns}, ${PAPER_SEARCH_RANK} AS rank
    FROM papers p JOIN papers_fts ON papers_fts.rowid = p.id
    WHERE papers_fts MATCH ? AND ${filters}
    ORDER BY rank, p.id LIMIT ${FIRST + 1}`);
  const matches = paperMatchesFrom([filters]);
  const counted = sqlite.prepare(`SELECT count(*) AS n, max(id) AS last FROM (SELECT f.rowid AS id ${matches} LIMIT ${COUNT_BOUND + 1})`);
  const sampled = sqlite.prepare(`SELECT count(*) ${matches} AND f.rowid > ? AND ${sampledIdSql('f.rowid')}`).pluck();
  const count = (match: string, categoryList: string, publishedFrom: string): number => {
    const first = counted.get(match, categoryList, publishedFrom) as { n: number; last: number };
    if (first.n <= COUNT_BOUND) return first.n;
    return first.n + (sampled.get(match, categoryList, publishedFrom, first.last) as number) * ESTIMATE_SAMPLING;
  };
  const excerpts = sqlite.prepare(paperExcerptsSql());
  const authors = paperAuthorsReader(sqlite, 3);

  return ({ search, categories, publishedFrom }: Variables) => {
    const match = toFtsQuery(search)!;
    const categoryList = JSON.stringify(categories);
    const best = candidates.all(match, RANKED_CANDIDATES, categoryList, publishedFrom) as Hit[];
    const rows = best.length > FIRST ? best : (hits.all(match, categoryList, publishedFrom) as Hit[]);
    const page = rows.slice(0, FIRST);
    const ids = page.map((p) => p.id);
    const highlights = new Map(
      ids.length === 0
        ? []
        : (excerpts.all(match, Math.min(...ids), Math.max(...ids), JSON.stringify(ids)) as { id: number; title: string; abstract: string }[]).map(
            (e) => [e.id, { title: e.title, abstract: e.abstract }],
          ),
    );
    const pages = authors.pages(ids);
    const counts = authors.counts(ids);
    const last = page[page.length - 1];
    return {
      papers: {
        totalCount: count(toFtsFilter(search)!, categoryList, publishedFrom),
        pageInfo: { hasNextPage: rows.length > FIRST, endCursor: last ? encodeCursor('RELEVANCE', [last.rank, last.id]) : null },
        edges: page.map((p, i) => {
          const { code, name } = categoryParts(p.category);
          return {
            highlight: highlights.get(p.id) ?? null,
            node: {
              id: toGlobalId('Paper', p.id),
              title: p.title,
              publishedAt: p.publishedAt,
              citationCount: p.citationCount,
              hasCode: p.hasCode === 1,
              category: { code, name },
              authors: {
                totalCount: counts.get(p.id) ?? 0,
                nodes: pages[i].map((a) => ({ id: toGlobalId('Author', a.id), name: a.name })),
              },
            },
          };
        }),
      },
    };
  };
}
