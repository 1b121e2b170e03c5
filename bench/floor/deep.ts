// The deep page (bench/workloads/deep.graphql): 50 authors, 10 papers each with their first 3
// authors, 5 co-authors each. Four statements, each batch bound as one JSON array.
import type Database from 'better-sqlite3';
import { rankedAuthors, type AuthorOrderField } from './leaderboard';
import { paperAuthorsReader } from './paper-authors';
import { groupBy, toGlobalId } from './shape';

interface PaperRow {
  parentId: number;
  id: number;
  title: string;
  citationCount: number;
}

interface CoauthorRow {
  parentId: number;
  id: number;
  name: string;
  sharedPaperCount: number;
}

const FIELDS: AuthorOrderField[] = ['H_INDEX', 'CITATION_COUNT', 'PAPER_COUNT'];

export function deepPage(sqlite: Database.Database) {
  const lists = new Map(FIELDS.map((field) => [field, rankedAuthors(sqlite, field, 50)]));
  const papers = sqlite.prepare(`SELECT parentId, id, title, citationCount FROM (
      SELECT s.author_id AS parentId, p.id AS id, p.title AS title, p.citation_count AS citationCount,
             ROW_NUMBER() OVER (PARTITION BY s.author_id ORDER BY p.citation_count DESC, p.id DESC) AS rank
        FROM authorships s JOIN papers p ON p.id = s.paper_id
       WHERE s.author_id IN (SELECT value FROM json_each(?))
    ) WHERE rank <= 10 ORDER BY parentId, rank`);
  // Most shared papers first, ties by the smaller id: the API's default co-author order. Ranked
  // first, names joined to the kept five only.
  const coauthors = sqlite.prepare(`SELECT r.parentId AS parentId, au.id AS id, au.name AS name, r.sharedPaperCount AS sharedPaperCount
      FROM (SELECT g.*, ROW_NUMBER() OVER (PARTITION BY g.parentId ORDER BY g.sharedPaperCount DESC, g.coauthorId ASC) AS rank
              FROM (SELECT mine.author_id AS parentId, theirs.author_id AS coauthorId, COUNT(*) AS sharedPaperCount
                      FROM authorships mine
                      JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
                     WHERE mine.author_id IN (SELECT value FROM json_each(?))
                     GROUP BY mine.author_id, theirs.author_id) g) r
      JOIN authors au ON au.id = r.coauthorId
     WHERE r.rank <= 5 ORDER BY r.parentId, r.rank`);
  const authors = paperAuthorsReader(sqlite, 3);

  return ({ category, order }: { category: string; order: AuthorOrderField }) => {
    const top = lists.get(order)!(category);
    const authorIds = top.map((a) => a.id);
    const keys = JSON.stringify(authorIds);
    const papersOf = groupBy(authorIds, papers.all(keys) as PaperRow[]);
    const coauthorsOf = groupBy(authorIds, coauthors.all(keys) as CoauthorRow[]);
    // A paper of two listed authors is asked for once, as DataLoader asks for it.
    const paperIds = [...new Set(papersOf.flat().map((p) => p.id))];
    const paperAuthors = new Map(authors.pages(paperIds).map((page, i) => [paperIds[i], page]));
    return {
      authors: {
        nodes: top.map((a, i) => ({
          id: toGlobalId('Author', a.id),
          name: a.name,
          hIndex: a.hIndex,
          papers: {
            nodes: papersOf[i].map((p) => ({
              id: toGlobalId('Paper', p.id),
              title: p.title,
              citationCount: p.citationCount,
              authors: { nodes: paperAuthors.get(p.id)!.map((au) => ({ id: toGlobalId('Author', au.id), name: au.name })) },
            })),
          },
          coauthors: {
            edges: coauthorsOf[i].map((c) => ({ sharedPaperCount: c.sharedPaperCount, node: { id: toGlobalId('Author', c.id), name: c.name } })),
          },
        })),
      },
    };
  };
}
