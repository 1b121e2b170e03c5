// Co-authors of each author with the number of papers they share, most shared first (ties by
// id, so the order is total), a page per author, all authors of a batch in one statement.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { AUTHOR_COLUMNS, type AuthorRecord } from '../db/records';
import { pagesByParent, type Page } from '../pagination/page';
import { countLoader } from './batch';

export interface CoauthorItem extends AuthorRecord {
  parentId: number;
  sharedPaperCount: number;
}

export interface CoauthorArgs {
  first: number;
  /** [sharedPaperCount, author id] of the last co-author seen. */
  after: [number, number] | null;
}

const SHARED = `SELECT mine.author_id AS parentId, theirs.author_id AS coauthorId, COUNT(*) AS sharedPaperCount
    FROM authorships mine
    JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
   WHERE mine.author_id IN (SELECT value FROM json_each(?))
   GROUP BY mine.author_id, theirs.author_id`;

export function coauthorsLoader(sqlite: Database.Database, { first, after }: CoauthorArgs): DataLoader<number, Page<CoauthorItem>> {
  const sql = `SELECT * FROM (
      SELECT g.parentId AS parentId, g.sharedPaperCount AS sharedPaperCount, ${AUTHOR_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY g.parentId ORDER BY g.sharedPaperCount DESC, au.id ASC) AS rank
        FROM (${SHARED}) g JOIN authors au ON au.id = g.coauthorId
       ${after ? 'WHERE g.sharedPaperCount < ? OR (g.sharedPaperCount = ? AND au.id > ?)' : ''}
    ) WHERE rank <= ? ORDER BY parentId, rank`;
  return new DataLoader(async (authorIds) => {
    const params = after ? [after[0], after[0], after[1], first + 1] : [first + 1];
    const rows = prepared(sqlite, sql).all(keyList(authorIds), ...params) as CoauthorItem[];
    return pagesByParent(authorIds, rows, first);
  });
}

export function coauthorCountLoader(sqlite: Database.Database): DataLoader<number, number> {
  return countLoader(sqlite, `SELECT parentId AS id, COUNT(*) AS n FROM (${SHARED}) GROUP BY parentId`);
}
