// A paper's authors in author-list order, a page per paper, all papers of a batch in one
// statement. The cursor is the position, backed by the unique (paper_id, position) index.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { AUTHOR_COLUMNS, type AuthorRecord } from '../db/records';
import { pagesByParent, type Page } from '../pagination/page';
import { countLoader } from './batch';

export interface PaperAuthorItem extends AuthorRecord {
  parentId: number;
  position: number;
}

export interface PositionArgs {
  first: number;
  afterPosition: number | null;
}

export function paperAuthorsLoader(
  sqlite: Database.Database,
  { first, afterPosition }: PositionArgs,
): DataLoader<number, Page<PaperAuthorItem>> {
  const sql = `SELECT * FROM (
      SELECT s.paper_id AS parentId, s.position AS position, ${AUTHOR_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY s.paper_id ORDER BY s.position) AS rank
        FROM authorships s JOIN authors au ON au.id = s.author_id
       WHERE s.paper_id IN (SELECT value FROM json_each(?))${afterPosition === null ? '' : ' AND s.position > ?'}
    ) WHERE rank <= ? ORDER BY parentId, rank`;
  return new DataLoader(async (paperIds) => {
    const params = afterPosition === null ? [first + 1] : [afterPosition, first + 1];
    const rows = prepared(sqlite, sql).all(keyList(paperIds), ...params) as PaperAuthorItem[];
    return pagesByParent(paperIds, rows, first);
  });
}

export function paperAuthorCountLoader(sqlite: Database.Database): DataLoader<number, number> {
  return countLoader(
    sqlite,
    `SELECT paper_id AS id, COUNT(*) AS n FROM authorships
      WHERE paper_id IN (SELECT value FROM json_each(?)) GROUP BY paper_id`,
  );
}
