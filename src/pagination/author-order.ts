// The orders and filters of author lists, as cursors and clients see them. Leaderboards read the
// (primary_category, metric, author_id) indexes of author_metrics (src/store).
import { SUBJECT_HELP, subjectProblem } from '../domain/subjects';
import { badUserInput } from '../errors';
import { type AuthorFilter, type AuthorOrder, type AuthorOrderField, type RankedAuthor } from '../store';
import { type Ordering } from './order';

export type { AuthorFilter, AuthorOrder, AuthorOrderField, RankedAuthor };

const KEYS = {
  H_INDEX: { type: 'number', value: (a: RankedAuthor) => a.hIndex },
  CITATION_COUNT: { type: 'number', value: (a: RankedAuthor) => a.citationCount },
  PAPER_COUNT: { type: 'number', value: (a: RankedAuthor) => a.paperCount },
  NOVELTY: { type: 'number', value: (a: RankedAuthor) => a.noveltyKey },
  NAME: { type: 'string', value: (a: RankedAuthor) => a.name },
} as const;

export const DEFAULT_AUTHOR_ORDER: AuthorOrder = { field: 'NAME', direction: 'ASC' };

/** The ordering of an author list, with the order the store reads it in. */
export function authorOrdering(order: AuthorOrder = DEFAULT_AUTHOR_ORDER): Ordering<RankedAuthor> & { order: AuthorOrder } {
  return {
    tag: `AUTHOR_${order.field}_${order.direction}`,
    key: KEYS[order.field],
    id: (a) => a.id,
    order: { field: order.field, direction: order.direction },
  };
}

/** Throws BAD_USER_INPUT naming the field and the fix; returns the filter unchanged otherwise. */
export function validateAuthorFilter(filter: AuthorFilter | null): AuthorFilter | null {
  if (filter?.category != null) {
    const problem = subjectProblem(filter.category);
    if (problem) throw badUserInput(`\`filter.category\` "${filter.category.slice(0, 40)}" ${problem}; ${SUBJECT_HELP}.`, 'filter');
  }
  for (const [value, name] of [
    [filter?.minHIndex, 'minHIndex'],
    [filter?.minPaperCount, 'minPaperCount'],
  ] as const) {
    if (value != null && value < 0) throw badUserInput(`\`filter.${name}\` must be 0 or more, got ${value}.`, 'filter');
  }
  return filter;
}
