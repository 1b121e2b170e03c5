// The filters a list of papers takes, as SQL conditions on `p` (papers) with their parameters.
// Every shape of filter is one SQL text, so prepared statements stay few.
import { parseSubject, SUBJECT_HELP, subjectProblem, type SubjectRef } from '../domain/subjects';
import { badUserInput } from '../errors';

export interface PaperFilter {
  /** Subjects, any of them (see domain/subjects): arXiv codes, OpenAlex ids or names. */
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

/** Throws BAD_USER_INPUT naming the field and the fix; returns the filter unchanged otherwise. */
export function validatePaperFilter(filter: PaperFilter, argumentName = 'filter'): PaperFilter {
  const { categories, publishedFrom, publishedTo, minCitations, minScore } = filter;
  if (categories) {
    if (categories.length > MAX_FILTER_CATEGORIES) {
      throw badUserInput(`\`${argumentName}.categories\` has ${categories.length} entries; give at most ${MAX_FILTER_CATEGORIES}.`, argumentName);
    }
    for (const c of categories) {
      const problem = subjectProblem(c);
      if (problem) throw badUserInput(`\`${argumentName}.categories\` has "${c.slice(0, 40)}", which ${problem}; ${SUBJECT_HELP}.`, argumentName);
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
    const subject = subjectConditions(filter.categories.map(parseSubject));
    sql.push(subject.sql);
    params.push(...subject.params);
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

/**
 * Papers in any of these subjects, as one condition. arXiv codes read papers.category; OpenAlex
 * subjects read the paper's topic, whose subfield, field and domain are its topic row's: a topic
 * id, a subfield id, ... or a name at any of those levels. Three texts at most, by which kinds
 * are asked, so that an arXiv-only filter keeps its plan on papers_category_idx.
 */
export function subjectConditions(refs: readonly SubjectRef[]): { sql: string; params: unknown[] } {
  const codes: string[] = [];
  const ids: string[] = [];
  const names: string[] = [];
  for (const ref of refs) {
    if (ref.kind === 'arxiv') codes.push(ref.code);
    else if (ref.kind === 'openalex') ids.push(ref.id);
    else {
      names.push(ref.name.toLowerCase());
      if (ref.code !== null) codes.push(ref.code);
    }
  }
  const arxiv = 'p.category IN (SELECT value FROM json_each(?))';
  if (ids.length + names.length === 0) return { sql: arxiv, params: [JSON.stringify(codes)] };
  // ft: not t, which the statements around may use for the paper's own topic.
  const idColumns = ['ft.id', 'ft.subfield_id', 'ft.field_id', 'ft.domain_id'];
  const nameColumns = ['ft.name', 'ft.subfield_name', 'ft.field_name', 'ft.domain_name'];
  const topic =
    'p.topic_id IN (SELECT ft.id FROM openalex_topics ft WHERE ' +
    [...idColumns.map((c) => `${c} IN (SELECT value FROM json_each(?))`), ...nameColumns.map((c) => `lower(${c}) IN (SELECT value FROM json_each(?))`)].join(' OR ') +
    ')';
  const topicParams = [...idColumns.map(() => JSON.stringify(ids)), ...nameColumns.map(() => JSON.stringify(names))];
  if (codes.length === 0) return { sql: topic, params: topicParams };
  return { sql: `(${arxiv} OR ${topic})`, params: [JSON.stringify(codes), ...topicParams] };
}

/** ` WHERE a AND b` of a list of conditions, or nothing when there are none. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/** Stable text of a filter, for DataLoader and statement cache keys. */
export function filterKey(filter: PaperFilter | null | undefined): string {
  return filter ? JSON.stringify(Object.entries(filter).filter(([, v]) => v != null).sort()) : '';
}
