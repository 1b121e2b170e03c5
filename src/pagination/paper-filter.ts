// The filters a list of papers takes, as SQL conditions on `p` (papers) with their parameters.
// Every shape of filter is one SQL text, so prepared statements stay few.
import { badUserInput } from '../errors';

export interface PaperFilter {
  categories?: string[] | null;
  publishedFrom?: string | null;
  publishedTo?: string | null;
  hasCode?: boolean | null;
  minCitations?: number | null;
  minScore?: number | null;
  /** Row id of an author who must be on the paper. */
  authorId?: number | null;
  externalIds?: string[] | null;
  /** An FTS5 expression from toFtsQuery: only papers whose title or abstract match it. */
  match?: string | null;
}

export interface SqlConditions {
  sql: string[];
  params: unknown[];
}

export const MAX_FILTER_CATEGORIES = 50;
export const MAX_EXTERNAL_IDS = 100;
const CATEGORY_FORM = /^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/;

/** Throws BAD_USER_INPUT naming the field and the fix; returns the filter unchanged otherwise. */
export function validatePaperFilter(filter: PaperFilter, argumentName = 'filter'): PaperFilter {
  const { categories, publishedFrom, publishedTo, minCitations, minScore } = filter;
  if (categories) {
    if (categories.length > MAX_FILTER_CATEGORIES) {
      throw badUserInput(`\`${argumentName}.categories\` has ${categories.length} entries; give at most ${MAX_FILTER_CATEGORIES}.`, argumentName);
    }
    const bad = categories.find((c) => !CATEGORY_FORM.test(c));
    if (bad !== undefined) {
      throw badUserInput(`\`${argumentName}.categories\` has "${bad.slice(0, 40)}", which is not an arXiv category code; use codes such as cs.LG or hep-th.`, argumentName);
    }
  }
  if (publishedFrom && publishedTo && publishedFrom > publishedTo) {
    throw badUserInput(`\`${argumentName}.publishedFrom\` (${publishedFrom}) is after \`publishedTo\` (${publishedTo}); swap them.`, argumentName);
  }
  if (minCitations != null && minCitations < 0) {
    throw badUserInput(`\`${argumentName}.minCitations\` must be 0 or more, got ${minCitations}.`, argumentName);
  }
  if (minScore != null && !(minScore >= 0 && minScore <= 100)) {
    throw badUserInput(`\`${argumentName}.minScore\` must be between 0 and 100, got ${minScore}.`, argumentName);
  }
  if (filter.externalIds && filter.externalIds.length > MAX_EXTERNAL_IDS) {
    throw badUserInput(`\`externalIds\` has ${filter.externalIds.length} entries; give at most ${MAX_EXTERNAL_IDS} a request.`, 'externalIds');
  }
  return filter;
}

export function paperFilterSql(filter: PaperFilter | null | undefined): SqlConditions {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (!filter) return { sql, params };
  if (filter.categories) {
    sql.push('p.category IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.categories));
  }
  if (filter.publishedFrom) {
    sql.push('p.published_at >= ?');
    params.push(filter.publishedFrom);
  }
  if (filter.publishedTo) {
    sql.push('p.published_at <= ?');
    params.push(filter.publishedTo);
  }
  if (filter.hasCode != null) {
    sql.push('p.has_code = ?');
    params.push(filter.hasCode ? 1 : 0);
  }
  if (filter.minCitations != null) {
    sql.push('p.citation_count >= ?');
    params.push(filter.minCitations);
  }
  if (filter.minScore != null) {
    sql.push('p.score >= ?');
    params.push(filter.minScore);
  }
  if (filter.authorId != null) {
    sql.push('EXISTS (SELECT 1 FROM authorships fa WHERE fa.paper_id = p.id AND fa.author_id = ?)');
    params.push(filter.authorId);
  }
  if (filter.externalIds) {
    sql.push('p.external_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.externalIds));
  }
  if (filter.match) {
    sql.push('p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)');
    params.push(filter.match);
  }
  return { sql, params };
}

/** ` WHERE a AND b` of a list of conditions, or nothing when there are none. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/** Stable text of a filter, for DataLoader and statement cache keys. */
export function filterKey(filter: PaperFilter | null | undefined): string {
  return filter ? JSON.stringify(Object.entries(filter).filter(([, v]) => v != null).sort()) : '';
}
