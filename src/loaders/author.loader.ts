// Authors by id and their metrics, one statement per batch of authors.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { AUTHOR_COLUMNS, type AuthorRecord } from '../db/records';
import { authorMetrics, type AuthorMetrics, type PaperFacts } from '../metrics';
import { rowsByIdLoader } from './batch';

export function authorByIdLoader(sqlite: Database.Database): DataLoader<number, AuthorRecord | null> {
  return rowsByIdLoader<AuthorRecord>(
    sqlite,
    `SELECT ${AUTHOR_COLUMNS} FROM authors au WHERE au.id IN (SELECT value FROM json_each(?))`,
  );
}

export function authorMetricsLoader(sqlite: Database.Database): DataLoader<number, AuthorMetrics> {
  return new DataLoader(async (ids) => {
    const rows = prepared(
      sqlite,
      `SELECT s.author_id AS authorId, p.citation_count AS citationCount, p.novelty AS novelty,
              p.ai_score AS aiScore, p.category AS category, p.published_at AS publishedAt
         FROM authorships s JOIN papers p ON p.id = s.paper_id
        WHERE s.author_id IN (SELECT value FROM json_each(?))`,
    ).all(keyList(ids)) as (PaperFacts & { authorId: number })[];
    const byAuthor = new Map<number, PaperFacts[]>();
    for (const row of rows) {
      const list = byAuthor.get(row.authorId);
      if (list) list.push(row);
      else byAuthor.set(row.authorId, [row]);
    }
    return ids.map((id) => authorMetrics(byAuthor.get(id) ?? []));
  });
}
