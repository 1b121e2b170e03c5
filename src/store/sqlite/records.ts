// The shapes rows take once read: camelCase, booleans as booleans. SELECT lists alias the
// columns so that a row needs no copying except for has_code.
import { type AuthorMetrics } from '../../metrics';

export interface AuthorRecord {
  id: number;
  name: string;
  externalId: string | null;
}

export interface PaperRecord {
  id: number;
  externalId: string | null;
  title: string;
  abstract: string;
  /** arXiv category code; null when the paper has none. */
  category: string | null;
  /** OpenAlex primary topic id (T10965); null when none. */
  topicId: string | null;
  /** Every OpenAlex topic id of the paper, the primary first, as JSON text (["T10965","T11226"]); null when none. */
  topicIds: string | null;
  /** article, preprint, book-chapter, dataset, ... as the source says; null when unknown. */
  workType: string | null;
  /** Lowercase DOI without https://doi.org/. */
  doi: string | null;
  /** arXiv id without version. */
  arxivId: string | null;
  publishedAt: string;
  score: number;
  novelty: number | null;
  aiScore: number | null;
  citationCount: number;
  hasCode: boolean;
  codeUrl: string | null;
}

/** The fields a source may not know: left out of a write, they keep what is stored (null for a new paper). */
export type SourceFields = 'topicId' | 'topicIds' | 'workType' | 'doi' | 'arxivId';

/** A paper as written: every field but the row id, the fields of SourceFields optional. */
export type PaperFields = Omit<PaperRecord, 'id' | SourceFields> & Partial<Pick<PaperRecord, SourceFields>>;

export const AUTHOR_COLUMNS = 'au.id AS id, au.name AS name, au.external_id AS externalId';

export const PAPER_COLUMNS =
  'p.id AS id, p.external_id AS externalId, p.title AS title, p.abstract AS abstract, ' +
  'p.category AS category, p.topic_id AS topicId, p.topic_ids AS topicIds, p.work_type AS workType, p.doi AS doi, p.arxiv_id AS arxivId, ' +
  'p.published_at AS publishedAt, p.score AS score, p.novelty AS novelty, ' +
  'p.ai_score AS aiScore, p.citation_count AS citationCount, p.has_code AS hasCode, p.code_url AS codeUrl';

export function toPaper<T extends { hasCode: unknown }>(row: T): T & { hasCode: boolean } {
  row.hasCode = row.hasCode === 1 || row.hasCode === true;
  return row as T & { hasCode: boolean };
}

export function toAuthor<T extends AuthorRecord>(row: T): AuthorRecord {
  return { id: row.id, name: row.name, externalId: row.externalId };
}

/** The materialized metrics, and when they were last recomputed (null: never, an author without papers). */
export type StoredAuthorMetrics = AuthorMetrics & { changedAt: string | null };

/**
 * author_metrics (as m) read as StoredAuthorMetrics: by the loader, and by the author lists, which
 * read them with their page and prime the loader, so that both give the same values.
 */
export const STORED_METRICS_COLUMNS =
  'm.paper_count AS paperCount, m.citation_count AS citationCount, m.h_index AS hIndex, m.i10_index AS i10Index, ' +
  'm.g_index AS gIndex, m.novelty AS novelty, m.ai_score AS aiScore, m.primary_category AS primaryCategory, ' +
  'm.primary_topic_id AS primaryTopicId, m.primary_subfield_id AS primarySubfieldId, m.primary_field_id AS primaryFieldId, ' +
  'm.primary_domain_id AS primaryDomainId, m.changed_at AS changedAt';

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
export const TOPICS_BY_ID =
  'SELECT id, name, subfield_id AS subfieldId, subfield_name AS subfieldName, field_id AS fieldId, field_name AS fieldName, ' +
  'domain_id AS domainId, domain_name AS domainName FROM openalex_topics WHERE id IN (SELECT value FROM json_each(?))';
