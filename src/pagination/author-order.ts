// The orders and filters of author lists, over the materialized author_metrics (m) joined to
// authors (au). Leaderboards read the (primary_category, metric, author_id) indexes.
import { type AuthorRecord } from '../db/records';
import { parseSubject, SUBJECT_HELP, subjectProblem, type OpenAlexLevel } from '../domain/subjects';
import { badUserInput } from '../errors';
import { type Direction, type Ordering } from './order';
import { type SqlConditions } from './paper-filter';

export type AuthorOrderField = 'H_INDEX' | 'CITATION_COUNT' | 'PAPER_COUNT' | 'NOVELTY' | 'NAME';

export interface AuthorOrder {
  field: AuthorOrderField;
  direction: Direction;
}

/** An author row with the sort keys of every ordering, so any cursor can be written from it. */
export interface RankedAuthor extends AuthorRecord {
  hIndex: number;
  citationCount: number;
  paperCount: number;
  noveltyKey: number;
}

export const RANKED_AUTHOR_COLUMNS =
  'au.id AS id, au.name AS name, au.external_id AS externalId, m.h_index AS hIndex, ' +
  'm.citation_count AS citationCount, m.paper_count AS paperCount, m.novelty_key AS noveltyKey';

const KEYS = {
  H_INDEX: { sql: 'm.h_index', type: 'number', value: (a: RankedAuthor) => a.hIndex },
  CITATION_COUNT: { sql: 'm.citation_count', type: 'number', value: (a: RankedAuthor) => a.citationCount },
  PAPER_COUNT: { sql: 'm.paper_count', type: 'number', value: (a: RankedAuthor) => a.paperCount },
  NOVELTY: { sql: 'm.novelty_key', type: 'number', value: (a: RankedAuthor) => a.noveltyKey },
  NAME: { sql: 'au.name', type: 'string', value: (a: RankedAuthor) => a.name },
} as const;

export const DEFAULT_AUTHOR_ORDER: AuthorOrder = { field: 'NAME', direction: 'ASC' };

export function authorOrdering(order: AuthorOrder = DEFAULT_AUTHOR_ORDER): Ordering<RankedAuthor> {
  return {
    tag: `AUTHOR_${order.field}_${order.direction}`,
    key: KEYS[order.field],
    direction: order.direction,
    idSql: 'm.author_id',
    id: (a) => a.id,
  };
}

export interface AuthorFilter {
  /** The author's primary subject: an arXiv code, an OpenAlex id or name (see domain/subjects). */
  category?: string | null;
  minHIndex?: number | null;
  minPaperCount?: number | null;
}

const PRIMARY_COLUMN: Readonly<Record<OpenAlexLevel, string>> = {
  TOPIC: 'm.primary_topic_id',
  SUBFIELD: 'm.primary_subfield_id',
  FIELD: 'm.primary_field_id',
  DOMAIN: 'm.primary_domain_id',
};
const NAME_LOOKUP: Readonly<Record<OpenAlexLevel, string>> = {
  TOPIC: 'SELECT id FROM openalex_topics WHERE lower(name) = ?',
  SUBFIELD: 'SELECT subfield_id FROM openalex_topics WHERE lower(subfield_name) = ?',
  FIELD: 'SELECT field_id FROM openalex_topics WHERE lower(field_name) = ?',
  DOMAIN: 'SELECT domain_id FROM openalex_topics WHERE lower(domain_name) = ?',
};

/**
 * Authors whose primary subject is this one: their most frequent arXiv category, or their most
 * frequent OpenAlex subject at the level of the one asked (a leaderboard "in Geology" ranks the
 * authors whose papers are mostly in the subfield Geology). An id reads one indexed column; a
 * name is looked up at every level.
 */
export function primarySubjectCondition(subject: string): { sql: string; params: unknown[] } {
  const problem = subjectProblem(subject);
  if (problem) throw badUserInput(`\`filter.category\` "${subject.slice(0, 40)}" ${problem}; ${SUBJECT_HELP}.`, 'filter');
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
  for (const [value, column, name] of [
    [filter?.minHIndex, 'm.h_index', 'minHIndex'],
    [filter?.minPaperCount, 'm.paper_count', 'minPaperCount'],
  ] as const) {
    if (value == null) continue;
    if (value < 0) throw badUserInput(`\`filter.${name}\` must be 0 or more, got ${value}.`, 'filter');
    sql.push(`${column} >= ?`);
    params.push(value);
  }
  return { sql, params };
}
