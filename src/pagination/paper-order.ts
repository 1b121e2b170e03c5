// The orders a list of papers can take, as cursors see them (the store maps each to an index on
// (column, id)).
import { type PaperOrder, type PaperOrderField, type PaperRecord, type RankedPaper } from '../store';
import { type Ordering, type SortKey } from './order';

export type { PaperOrder, PaperOrderField };

export const DEFAULT_PAPER_ORDER: PaperOrder = { field: 'PUBLISHED_AT', direction: 'DESC' };

const KEYS: Record<PaperOrderField, SortKey<PaperRecord>> = {
  PUBLISHED_AT: { type: 'string', value: (p) => p.publishedAt },
  CITATION_COUNT: { type: 'number', value: (p) => p.citationCount },
  SCORE: { type: 'number', value: (p) => p.score },
  // Papers without a novelty sort below every scored paper: the key is ifnull(novelty, -1).
  NOVELTY: { type: 'number', value: (p) => p.novelty ?? -1 },
  TITLE: { type: 'string', value: (p) => p.title },
};

/** The ordering of a paper list, with the order the store reads it in. */
export function paperOrdering(order: PaperOrder = DEFAULT_PAPER_ORDER): Ordering<PaperRecord> & { order: PaperOrder } {
  return {
    tag: `${order.field}_${order.direction}`,
    key: KEYS[order.field],
    id: (p) => p.id,
    order: { field: order.field, direction: order.direction },
  };
}

/** Best match first (bm25, lower is better); ties by id. Only with a search: the store ranks the page. */
export const RELEVANCE: Ordering<RankedPaper> = {
  tag: 'RELEVANCE',
  key: { type: 'number', value: (p) => p.rank },
  id: (p) => p.id,
};
