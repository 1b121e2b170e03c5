// Filters and orders of lists as SQL on PostgreSQL: the port of ../sqlite/conditions.ts (what
// each filter and order means is said there), with the same exported names and parameters in the
// same order. Lists of values are bound as one array (`= ANY(?::text[])`) where SQLite reads a
// JSON text with json_each; a search is the paper's search_vector against a tsquery.
import { parseSubject, type OpenAlexLevel, type SubjectRef } from '../../domain/subjects';
import { type AuthorFilter, type AuthorOrderField, type Direction, type PaperFilter, type PaperOrderField } from '../types';
import { SEARCH_CONFIG, toTsQuery } from './search-query';

// SQLite's lower() folds ASCII letters only (Écologie stays Écologie); PostgreSQL's follows the
// database's locale. The names a filter asks for are compared as SQLite compares them.
const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function sqliteLower(column: string): string {
  return `translate(${column}, '${ASCII_UPPER}', '${ASCII_UPPER.toLowerCase()}')`;
}

export interface SqlConditions {
  sql: string[];
  params: unknown[];
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
    params.push(filter.hasCode);
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
    sql.push('p.external_id = ANY(?::text[])');
    params.push(filter.externalIds);
  }
  if (filter.match) {
    const query = toTsQuery(filter.match);
    // An expression without a word matches nothing, as FTS5 finds nothing for it.
    if (query === null) sql.push('FALSE');
    else {
      sql.push(`p.search_vector @@ to_tsquery(${SEARCH_CONFIG}, ?)`);
      params.push(query);
    }
  }
  return { sql, params };
}

/** ` AND a AND b` of a list of conditions, or nothing. */
export function andAll(conditions: readonly string[]): string {
  return conditions.map((c) => ` AND ${c}`).join('');
}

/**
 * Papers in any of these subjects, as one condition (../sqlite/conditions.ts). Three texts at
 * most, by which kinds are asked, so that an arXiv-only filter keeps its plan on
 * papers_category_idx.
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
  const arxiv = 'p.category = ANY(?::text[])';
  if (ids.length + names.length === 0) return { sql: arxiv, params: [codes] };
  // ft: not t, which the statements around may use for the paper's own topic.
  const idColumns = ['ft.id', 'ft.subfield_id', 'ft.field_id', 'ft.domain_id'];
  const nameColumns = ['ft.name', 'ft.subfield_name', 'ft.field_name', 'ft.domain_name'];
  const topic =
    'p.topic_id IN (SELECT ft.id FROM openalex_topics ft WHERE ' +
    [...idColumns.map((c) => `${c} = ANY(?::text[])`), ...nameColumns.map((c) => `${sqliteLower(c)} = ANY(?::text[])`)].join(' OR ') +
    ')';
  const topicParams = [...idColumns.map(() => ids), ...nameColumns.map(() => names)];
  if (codes.length === 0) return { sql: topic, params: topicParams };
  return { sql: `(${arxiv} OR ${topic})`, params: [codes, ...topicParams] };
}

/** ` WHERE a AND b` of a list of conditions, or nothing when there are none. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

const PRIMARY_COLUMN: Readonly<Record<OpenAlexLevel, string>> = {
  TOPIC: 'm.primary_topic_id',
  SUBFIELD: 'm.primary_subfield_id',
  FIELD: 'm.primary_field_id',
  DOMAIN: 'm.primary_domain_id',
};
const NAME_LOOKUP: Readonly<Record<OpenAlexLevel, string>> = {
  TOPIC: `SELECT id FROM openalex_topics WHERE ${sqliteLower('name')} = ?`,
  SUBFIELD: `SELECT subfield_id FROM openalex_topics WHERE ${sqliteLower('subfield_name')} = ?`,
  FIELD: `SELECT field_id FROM openalex_topics WHERE ${sqliteLower('field_name')} = ?`,
  DOMAIN: `SELECT domain_id FROM openalex_topics WHERE ${sqliteLower('domain_name')} = ?`,
};

/** Authors whose primary subject is this one (../sqlite/conditions.ts). */
export function primarySubjectCondition(subject: string): { sql: string; params: unknown[] } {
  const ref = parseSubject(subject);
  if (ref.kind === 'arxiv') return { sql: 'm.primary_category = ?', params: [ref.code] };
  if (ref.kind === 'openalex') return { sql: `${PRIMARY_COLUMN[ref.level]} = ?`, params: [ref.id] };
  const levels = Object.keys(PRIMARY_COLUMN) as OpenAlexLevel[];
  const byName = levels.map((level) => `${PRIMARY_COLUMN[level]} IN (${NAME_LOOKUP[level]})`);
  const name = ref.name.toLowerCase();
  if (ref.code === null) return { sql: `(${byName.join(' OR ')})`, params: levels.map(() => name) };
  return { sql: `(m.primary_category = ? OR ${byName.join(' OR ')})`, params: [ref.code, ...levels.map(() => name)] };
}

export function authorFilterSql(filter: AuthorFilter | null | undefined): SqlConditions {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (filter?.category != null) {
    const condition = primarySubjectCondition(filter.category);
    sql.push(condition.sql);
    params.push(...condition.params);
  }
  for (const [value, column] of [
    [filter?.minHIndex, 'm.h_index'],
    [filter?.minPaperCount, 'm.paper_count'],
  ] as const) {
    if (value == null) continue;
    sql.push(`${column} >= ?`);
    params.push(value);
  }
  return { sql, params };
}

/**
 * The type a cursor's value is bound as: wide enough for any value SQLite would compare (an id or
 * count beyond int4 finds nothing there, where an int4 parameter, as PostgreSQL infers it from
 * the column, would fail the cast), and of the column's operator family, so that the (column, id)
 * index still serves the comparison.
 */
type CursorType = 'int8' | 'float8' | 'text';

/** A keyset order: the sort column, its direction, and the row id as tiebreak in the same direction. */
export interface KeysetOrder {
  column: string;
  cursorType: CursorType;
  idColumn: string;
  direction: Direction;
}

// Each maps to an index on (column, id); none of these columns is NULL (the novelty keys are
// coalesce(novelty, -1)), so NULLs need no placing. Titles and names are COLLATE "C" columns:
// byte order, as SQLite's.
const PAPER_SORT: Readonly<Record<PaperOrderField, [string, CursorType]>> = {
  PUBLISHED_AT: ['p.published_at', 'text'],
  CITATION_COUNT: ['p.citation_count', 'int8'],
  SCORE: ['p.score', 'float8'],
  NOVELTY: ['p.novelty_key', 'float8'],
  TITLE: ['p.title', 'text'],
};

const AUTHOR_SORT: Readonly<Record<AuthorOrderField, [string, CursorType]>> = {
  H_INDEX: ['m.h_index', 'int8'],
  CITATION_COUNT: ['m.citation_count', 'int8'],
  PAPER_COUNT: ['m.paper_count', 'int8'],
  NOVELTY: ['m.novelty_key', 'float8'],
  NAME: ['au.name', 'text'],
};

export function paperKeyset(order: { field: PaperOrderField; direction: Direction }): KeysetOrder {
  const [column, cursorType] = PAPER_SORT[order.field];
  return { column, cursorType, idColumn: 'p.id', direction: order.direction };
}

export function authorKeyset(order: { field: AuthorOrderField; direction: Direction }): KeysetOrder {
  const [column, cursorType] = AUTHOR_SORT[order.field];
  return { column, cursorType, idColumn: 'm.author_id', direction: order.direction };
}

export function orderBySql(o: KeysetOrder): string {
  return `${o.column} ${o.direction}, ${o.idColumn} ${o.direction}`;
}

/** `(col, id) < (?, ?)` for a descending order, `>` for ascending: rows after the cursor. */
export function afterSql(o: KeysetOrder): string {
  return `(${o.column}, ${o.idColumn}) ${o.direction === 'DESC' ? '<' : '>'} (?::${o.cursorType}, ?::int8)`;
}
