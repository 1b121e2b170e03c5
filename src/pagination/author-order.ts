// The orders and filters of author lists, over the materialized author_metrics (m) joined to
// authors (au). Leaderboards read the (primary_category, metric, author_id) indexes.
import { type AuthorRecord } from '../db/records';
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
  /** Primary category code, e.g. cs.LG. */
  category?: string | null;
  minHIndex?: number | null;
  minPaperCount?: number | null;
}

export function authorFilterSql(filter: AuthorFilter | null | undefined): SqlConditions {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (filter?.category != null) {
    sql.push('m.primary_category = ?');
    params.push(filter.category);
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
