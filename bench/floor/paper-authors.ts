// The first authors of a set of papers, and how many each has: two statements for any number of
// papers, as in the API (the keys bound as one JSON array).
import type Database from 'better-sqlite3';
import { groupBy } from './shape';

export interface PaperAuthorRow {
  parentId: number;
  id: number;
  name: string;
}

export function paperAuthorsReader(sqlite: Database.Database, first: number) {
  const page = sqlite.prepare(`SELECT parentId, id, name FROM (
      SELECT s.paper_id AS parentId, au.id AS id, au.name AS name,
             ROW_NUMBER() OVER (PARTITION BY s.paper_id ORDER BY s.position) AS rank
        FROM authorships s JOIN authors au ON au.id = s.author_id
       WHERE s.paper_id IN (SELECT value FROM json_each(?))
    ) WHERE rank <= ${first} ORDER BY parentId, rank`);
  const count = sqlite.prepare(`SELECT paper_id AS id, COUNT(*) AS n FROM authorships
      WHERE paper_id IN (SELECT value FROM json_each(?)) GROUP BY paper_id`);
  return {
    pages(paperIds: readonly number[]): PaperAuthorRow[][] {
      return groupBy(paperIds, page.all(JSON.stringify(paperIds)) as PaperAuthorRow[]);
    },
    counts(paperIds: readonly number[]): Map<number, number> {
      return new Map((count.all(JSON.stringify(paperIds)) as { id: number; n: number }[]).map((row) => [row.id, row.n]));
    },
  };
}
