// The orders a list of papers can take. Each maps to an index on (column, id).
import { type PaperRecord } from '../db/records';
import { type Direction, type Ordering, type SortKey } from './order';

export type PaperOrderField = 'PUBLISHED_AT' | 'CITATION_COUNT' | 'SCORE' | 'NOVELTY' | 'TITLE';

export interface PaperOrder {
  field: PaperOrderField;
  direction: Direction;
}

export const DEFAULT_PAPER_ORDER: PaperOrder = { field: 'PUBLISHED_AT', direction: 'DESC' };

const KEYS: Record<PaperOrderField, SortKey<PaperRecord>> = {
  PUBLISHED_AT: { sql: 'p.published_at', type: 'string', value: (p) => p.publishedAt },
  CITATION_COUNT: { sql: 'p.citation_count', type: 'number', value: (p) => p.citationCount },
  SCORE: { sql: 'p.score', type: 'number', value: (p) => p.score },
  // Papers without a novelty sort below every scored paper: the indexed key is ifnull(novelty, -1).
  NOVELTY: { sql: 'p.novelty_key', type: 'number', value: (p) => p.novelty ?? -1 },
  TITLE: { sql: 'p.title', type: 'string', value: (p) => p.title },
};

export function paperOrdering(order: PaperOrder = DEFAULT_PAPER_ORDER): Ordering<PaperRecord> {
  return {
    tag: `${order.field}_${order.direction}`,
    key: KEYS[order.field],
    direction: order.direction,
    idSql: 'p.id',
    id: (p) => p.id,
  };
}
