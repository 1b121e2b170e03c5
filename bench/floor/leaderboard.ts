// Author lists over author_metrics (bench/workloads/leaderboard.graphql and the top of
// deep.graphql): one statement, the metrics read with the page.
import type Database from 'better-sqlite3';
import { categoryParts, encodeCursor, toGlobalId } from './shape';

export interface RankedRow {
  id: number;
  name: string;
  hIndex: number;
  citationCount: number;
  paperCount: number;
  primaryCategory: string | null;
}

export type AuthorOrderField = 'H_INDEX' | 'CITATION_COUNT' | 'PAPER_COUNT';

const COLUMNS: Record<AuthorOrderField, { sql: string; key: (row: RankedRow) => number }> = {
  H_INDEX: { sql: 'm.h_index', key: (row) => row.hIndex },
  CITATION_COUNT: { sql: 'm.citation_count', key: (row) => row.citationCount },
  PAPER_COUNT: { sql: 'm.paper_count', key: (row) => row.paperCount },
};

/** The first `limit` authors of a category by a metric, descending, ties by id descending. */
export function rankedAuthors(sqlite: Database.Database, field: AuthorOrderField, limit: number) {
  const statement = sqlite.prepare(`SELECT au.id AS id, au.name AS name, m.h_index AS hIndex, m.citation_count AS citationCount,
      m.paper_count AS paperCount, m.primary_category AS primaryCategory
    FROM author_metrics m JOIN authors au ON au.id = m.author_id
    WHERE m.primary_category = ? ORDER BY ${COLUMNS[field].sql} DESC, m.author_id DESC LIMIT ${limit}`);
  return (category: string) => statement.all(category) as RankedRow[];
}

export function authorCursor(field: AuthorOrderField, row: RankedRow): string {
  return encodeCursor(`AUTHOR_${field}_DESC`, [COLUMNS[field].key(row), row.id]);
}

const FIRST = 50;

export function leaderboardPage(sqlite: Database.Database) {
  const ranked = rankedAuthors(sqlite, 'H_INDEX', FIRST + 1);
  return ({ category }: { category: string }) => {
    const rows = ranked(category);
    const page = rows.slice(0, FIRST);
    const last = page[page.length - 1];
    return {
      authors: {
        pageInfo: { hasNextPage: rows.length > FIRST, endCursor: last ? authorCursor('H_INDEX', last) : null },
        nodes: page.map((a) => {
          const category = a.primaryCategory === null ? null : categoryParts(a.primaryCategory);
          return {
            id: toGlobalId('Author', a.id),
            name: a.name,
            hIndex: a.hIndex,
            citationCount: a.citationCount,
            paperCount: a.paperCount,
            primaryCategory: category && { code: category.code, name: category.name },
          };
        }),
      },
    };
  };
}
