// A node lookup (bench/workloads/node.graphql): one statement, a paper or an author by id.
import type Database from 'better-sqlite3';
import { categoryParts, fromGlobalId } from './shape';

export function nodeLookup(sqlite: Database.Database) {
  const paper = sqlite.prepare(`SELECT title, published_at AS publishedAt, citation_count AS citationCount, score, category
    FROM papers WHERE id = ?`);
  const author = sqlite.prepare(`SELECT au.name AS name, coalesce(m.h_index, 0) AS hIndex, coalesce(m.paper_count, 0) AS paperCount,
      coalesce(m.citation_count, 0) AS citationCount
    FROM authors au LEFT JOIN author_metrics m ON m.author_id = au.id WHERE au.id = ?`);

  return ({ id }: { id: string }) => {
    const decoded = fromGlobalId(id)!;
    if (decoded.type === 'Paper') {
      const row = paper.get(decoded.rowId) as { title: string; publishedAt: string; citationCount: number; score: number; category: string } | undefined;
      if (!row) return { node: null };
      return { node: { id, title: row.title, publishedAt: row.publishedAt, citationCount: row.citationCount, score: row.score, category: { code: categoryParts(row.category).code } } };
    }
    const row = author.get(decoded.rowId) as { name: string; hIndex: number; paperCount: number; citationCount: number } | undefined;
    return { node: row ? { id, ...row } : null };
  };
}
