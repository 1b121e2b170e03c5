// From the GraphQL filter input to the checked filter the data layer takes.
import { badUserInput } from '../errors';
import { validatePaperFilter, type PaperFilter } from '../pagination/paper-filter';
import { type PaperOrder } from '../pagination/paper-order';
import { PaperOrderField } from './types/enums';
import { type PaperOrder as PaperOrderInput } from './types/paper-order.input';
import { rowIdOf } from './node-id';
import { type PaperFilterInput } from './types/paper-filter.input';

/** graphql-scalars' Date parses to a JS Date; the database holds ISO dates. */
export function isoDate<T extends null | undefined>(value: Date | string | T): string | T {
  if (value == null) return value as T;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

export function toPaperFilter(input: PaperFilterInput | null | undefined, externalIds?: string[] | null): PaperFilter | null {
  if (!input && !externalIds) return null;
  return validatePaperFilter({
    categories: input?.categories,
    publishedFrom: isoDate(input?.publishedFrom),
    publishedTo: isoDate(input?.publishedTo),
    hasCode: input?.hasCode,
    minCitations: input?.minCitations,
    minScore: input?.minScore,
    authorId: input?.authorId != null ? rowIdOf(input.authorId, 'Author', 'filter.authorId') : null,
    externalIds,
  });
}

/** An order of a list without a search: RELEVANCE there is a BAD_USER_INPUT. */
export function listOrder(orderBy: PaperOrderInput | null | undefined): PaperOrder | undefined {
  if (orderBy?.field === PaperOrderField.RELEVANCE) {
    throw badUserInput('`orderBy: RELEVANCE` needs a `search` with at least one word; order by another field, or search.', 'orderBy');
  }
  return (orderBy ?? undefined) as PaperOrder | undefined;
}
