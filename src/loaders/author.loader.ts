// Authors by id and their metrics, one statement per batch of authors.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { AUTHOR_COLUMNS, type AuthorRecord } from '../db/records';
import { type AuthorMetrics } from '../metrics';
import { rowsByKeyLoader } from './batch';

/** Authors by id; the id of an author merged into another answers the survivor. */
export function authorByIdLoader(sqlite: Database.Database): DataLoader<number, AuthorRecord | null> {
  return rowsByKeyLoader(
    sqlite,
    `SELECT k.value AS requestedId, ${AUTHOR_COLUMNS}
       FROM json_each(?) k LEFT JOIN author_redirects r ON r.old_id = k.value
       JOIN authors au ON au.id = coalesce(r.author_id, k.value)`,
    (row: AuthorRecord & { requestedId: number }) => row.requestedId,
    ({ requestedId: _, ...author }) => author as AuthorRecord & { requestedId: number },
  );
}

/** The materialized metrics, and when they were last recomputed (null: never, an author without papers). */
export type StoredAuthorMetrics = AuthorMetrics & { changedAt: string | null };

const ZERO: StoredAuthorMetrics = {
  paperCount: 0, citationCount: 0, hIndex: 0, i10Index: 0, gIndex: 0, novelty: null, aiScore: null, primaryCategory: null, changedAt: null,
};

export function authorByExternalIdLoader(sqlite: Database.Database): DataLoader<string, AuthorRecord | null> {
  return rowsByKeyLoader(
    sqlite,
    `SELECT ${AUTHOR_COLUMNS} FROM authors au WHERE au.external_id IN (SELECT value FROM json_each(?))`,
    (row: AuthorRecord) => row.externalId!,
  );
}

/** Reads the materialized metrics (author_metrics), kept current by every write. */
export function authorMetricsLoader(sqlite: Database.Database): DataLoader<number, StoredAuthorMetrics> {
  return new DataLoader(async (ids) => {
    const rows = prepared(
      sqlite,
      `SELECT author_id AS authorId, paper_count AS paperCount, citation_count AS citationCount, h_index AS hIndex,
              i10_index AS i10Index, g_index AS gIndex, novelty, ai_score AS aiScore, primary_category AS primaryCategory,
              changed_at AS changedAt
         FROM author_metrics WHERE author_id IN (SELECT value FROM json_each(?))`,
    ).all(keyList(ids)) as (StoredAuthorMetrics & { authorId: number })[];
    const byAuthor = new Map(rows.map(({ authorId, ...metrics }) => [authorId, metrics]));
    return ids.map((id) => byAuthor.get(id) ?? ZERO);
  });
}
