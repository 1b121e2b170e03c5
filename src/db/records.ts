// The shapes rows take once read: camelCase, booleans as booleans. SELECT lists alias the
// columns so that a row needs no copying except for has_code.
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
  category: string;
  publishedAt: string;
  score: number;
  novelty: number | null;
  aiScore: number | null;
  citationCount: number;
  hasCode: boolean;
  codeUrl: string | null;
}

/** A paper as written: every field but the row id. */
export type PaperFields = Omit<PaperRecord, 'id'>;

export const AUTHOR_COLUMNS = 'au.id AS id, au.name AS name, au.external_id AS externalId';

export const PAPER_COLUMNS =
  'p.id AS id, p.external_id AS externalId, p.title AS title, p.abstract AS abstract, ' +
  'p.category AS category, p.published_at AS publishedAt, p.score AS score, p.novelty AS novelty, ' +
  'p.ai_score AS aiScore, p.citation_count AS citationCount, p.has_code AS hasCode, p.code_url AS codeUrl';

export function toPaper<T extends { hasCode: unknown }>(row: T): T & { hasCode: boolean } {
  row.hasCode = row.hasCode === 1 || row.hasCode === true;
  return row as T & { hasCode: boolean };
}

export function toAuthor<T extends AuthorRecord>(row: T): AuthorRecord {
  return { id: row.id, name: row.name, externalId: row.externalId };
}
