// What Author.metrics shows beside its numbers, for a batch of authors in one statement each:
// the h-core (the papers that make the h-index) and the novelty of every paper of the window.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';
import { type NoveltyPoint } from '../metrics';
import { paperFilterSql, type PaperFilter } from '../pagination/paper-filter';
import { byParent } from './batch';

function andFilter(filter: PaperFilter | null | undefined): { sql: string; params: unknown[] } {
  const conditions = paperFilterSql(filter);
  return { sql: conditions.sql.map((c) => ` AND ${c}`).join(''), params: conditions.params };
}

/**
 * Each author's h-core within the filter: most cited first (ties: newest row first), the papers
 * whose rank is at most their citation count, which are exactly the first h.
 */
export function hCoreLoader(sqlite: Database.Database, filter: PaperFilter | null | undefined): DataLoader<number, PaperRecord[]> {
  const { sql, params } = andFilter(filter);
  const statement = `SELECT * FROM (
      SELECT s.author_id AS parentId, ${PAPER_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY s.author_id ORDER BY p.citation_count DESC, p.id DESC) AS rank
        FROM authorships s JOIN papers p ON p.id = s.paper_id
       WHERE s.author_id IN (SELECT value FROM json_each(?))${sql}
    ) WHERE rank <= citationCount ORDER BY parentId, rank`;
  return new DataLoader(async (authorIds) => {
    const rows = prepared(sqlite, statement).all(keyList(authorIds), ...params) as (PaperRecord & { parentId: number; rank: number })[];
    return byParent(authorIds, rows).map((papers) =>
      papers.map((row) => {
        const { parentId: _parent, rank: _rank, ...paper } = row;
        return toPaper(paper);
      }),
    );
  });
}

/** The novelty, citations and year of each of an author's papers within the filter that has a novelty. */
export function noveltyPointsLoader(sqlite: Database.Database, filter: PaperFilter | null | undefined): DataLoader<number, NoveltyPoint[]> {
  const { sql, params } = andFilter(filter);
  const statement = `SELECT s.author_id AS parentId, p.novelty AS novelty, p.citation_count AS citations,
         CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year
    FROM authorships s JOIN papers p ON p.id = s.paper_id
   WHERE s.author_id IN (SELECT value FROM json_each(?)) AND p.novelty IS NOT NULL${sql}`;
  return new DataLoader(async (authorIds) => {
    const rows = prepared(sqlite, statement).all(keyList(authorIds), ...params) as (NoveltyPoint & { parentId: number })[];
    return byParent(authorIds, rows);
  });
}
