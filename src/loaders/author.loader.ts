// Authors by id and their metrics, one statement per batch of authors.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { AUTHOR_COLUMNS, type AuthorRecord, STORED_METRICS_COLUMNS, type StoredAuthorMetrics, storedMetricsOf } from '../db/records';
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


const ZERO: StoredAuthorMetrics = {
  paperCount: 0, citationCount: 0, hIndex: 0, i10Index: 0, gIndex: 0, novelty: null, aiScore: null, primaryCategory: null,
  primaryTopicId: null, primarySubfieldId: null, primaryFieldId: null, primaryDomainId: null, changedAt: null,
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
      `SELECT m.author_id AS authorId, ${STORED_METRICS_COLUMNS} FROM author_metrics m WHERE m.author_id IN (SELECT value FROM json_each(?))`,
    ).all(keyList(ids)) as (StoredAuthorMetrics & { authorId: number })[];
    const byAuthor = new Map(rows.map((row) => [row.authorId, storedMetricsOf(row)]));
    return ids.map((id) => byAuthor.get(id) ?? ZERO);
  });
}
