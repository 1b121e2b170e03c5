// The search page (bench/workloads/search.graphql): the ranked page, the count, the highlights
// and the first 3 authors of each hit. Five statements; the search SQL is the API's own
// (src/store/sqlite/paper-search.ts), bound to the same FTS5 expression.
import type Database from 'better-sqlite3';
import { PAPER_SEARCH_RANK, paperExcerptsSql } from '../../src/store/sqlite/paper-search';
import { paperAuthorsReader } from './paper-authors';
import { categoryParts, encodeCursor, toFtsQuery, toGlobalId } from './shape';

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

export function searchPage(sqlite: Database.Database) {
  const hits = sqlite.prepare(`SELECT p.id AS id, p.title AS title, p.published_at AS publishedAt, p.citation_count AS citationCount,
      p.has_code AS hasCode, p.category AS category, ${PAPER_SEARCH_RANK} AS rank
    FROM papers p JOIN papers_fts ON papers_fts.rowid = p.id
    WHERE papers_fts MATCH ? AND p.category IN (SELECT value FROM json_each(?)) AND p.published_at >= ?
    ORDER BY rank, p.id LIMIT ${FIRST + 1}`);
  const count = sqlite.prepare(`SELECT COUNT(*) FROM papers p
    WHERE p.category IN (SELECT value FROM json_each(?)) AND p.published_at >= ?
      AND p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)`).pluck();
  const excerpts = sqlite.prepare(paperExcerptsSql());
  const authors = paperAuthorsReader(sqlite, 3);

  return ({ search, categories, publishedFrom }: Variables) => {
    const match = toFtsQuery(search)!;
    const categoryList = JSON.stringify(categories);
    const rows = hits.all(match, categoryList, publishedFrom) as Hit[];
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
        totalCount: count.get(categoryList, publishedFrom, match) as number,
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
