// The shapes rows take once read: camelCase, booleans as booleans. SELECT lists alias the
// columns so that a row needs no copying except for has_code. Both come from the tables of
// ./schema, so that a column added there reaches the records and the statements that read them.
import { getTableColumns, type Table } from 'drizzle-orm';
import { authorMetrics, authors, openalexTopics, papers, type AuthorRow, type PaperRow } from './schema';

/**
 * `alias.column AS key` for each column of `table` but `leftOut`, in the schema's order; without
 * an alias, the bare column, `AS key` only where the two names differ.
 */
function selectList<T extends Table>(table: T, leftOut: readonly (keyof T['_']['columns'])[], alias?: string): string {
  return Object.entries(getTableColumns(table))
    .filter(([key]) => !leftOut.includes(key))
    .map(([key, column]) => (alias ? `${alias}.${column.name} AS ${key}` : column.name === key ? key : `${column.name} AS ${key}`))
    .join(', ');
}

// What the API's reads leave out: the delete rule's flag, and the sort keys SQLite computes.
const AUTHOR_LEFT_OUT = ['keptWithoutPapers'] as const;
const PAPER_LEFT_OUT = ['noveltyKey'] as const;

export type AuthorRecord = Omit<AuthorRow, (typeof AUTHOR_LEFT_OUT)[number]>;

export type PaperRecord = Omit<PaperRow, (typeof PAPER_LEFT_OUT)[number]>;

/** The fields a source may not know: left out of a write, they keep what is stored (null for a new paper). */
export type SourceFields = 'topicId' | 'topicIds' | 'workType' | 'doi' | 'arxivId';

/** A paper as written: every field but the row id, the fields of SourceFields optional. */
export type PaperFields = Omit<PaperRecord, 'id' | SourceFields> & Partial<Pick<PaperRecord, SourceFields>>;

export const AUTHOR_COLUMNS = selectList(authors, AUTHOR_LEFT_OUT, 'au');

export const PAPER_COLUMNS = selectList(papers, PAPER_LEFT_OUT, 'p');

export function toPaper<T extends { hasCode: unknown }>(row: T): T & { hasCode: boolean } {
  row.hasCode = row.hasCode === 1 || row.hasCode === true;
  return row as T & { hasCode: boolean };
}

export function toAuthor<T extends AuthorRecord>(row: T): AuthorRecord {
  return { id: row.id, name: row.name, externalId: row.externalId };
}

// The author, and the sort key SQLite computes.
const METRICS_LEFT_OUT = ['authorId', 'noveltyKey'] as const;

/**
 * The materialized metrics, and when they were last recomputed (null: never, an author without
 * papers). changed_at (migration 0010) is not in ./schema's author_metrics, hence named here.
 */
export type StoredAuthorMetrics = Omit<typeof authorMetrics.$inferSelect, (typeof METRICS_LEFT_OUT)[number]> & { changedAt: string | null };

/**
 * author_metrics (as m) read as StoredAuthorMetrics: by the loader, and by the author lists, which
 * read them with their page and prime the loader, so that both give the same values.
 */
export const STORED_METRICS_COLUMNS = `${selectList(authorMetrics, METRICS_LEFT_OUT, 'm')}, m.changed_at AS changedAt`;

/** The stored metrics of a row that selected STORED_METRICS_COLUMNS, without its other columns. */
export function storedMetricsOf(row: StoredAuthorMetrics): StoredAuthorMetrics {
  return {
    paperCount: row.paperCount,
    citationCount: row.citationCount,
    hIndex: row.hIndex,
    i10Index: row.i10Index,
    gIndex: row.gIndex,
    novelty: row.novelty,
    aiScore: row.aiScore,
    primaryCategory: row.primaryCategory,
    primaryTopicId: row.primaryTopicId,
    primarySubfieldId: row.primarySubfieldId,
    primaryFieldId: row.primaryFieldId,
    primaryDomainId: row.primaryDomainId,
    changedAt: row.changedAt,
  };
}

/** OpenAlex topic rows (OpenAlexTopicRow) by id, the ids bound as one JSON array. */
export const TOPICS_BY_ID = `SELECT ${selectList(openalexTopics, [])} FROM openalex_topics WHERE id IN (SELECT value FROM json_each(?))`;
