// The filters a list of papers takes: checked here, before a statement runs, and read by the
// store (src/store), which turns them into conditions.
import { SUBJECT_HELP, subjectProblem } from '../domain/subjects';
import { badUserInput } from '../errors';
import { type PaperFilter } from '../store';

export type { PaperFilter };

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

/** Stable text of a filter, for DataLoader and statement cache keys. */
export function filterKey(filter: PaperFilter | null | undefined): string {
  return filter ? JSON.stringify(Object.entries(filter).filter(([, v]) => v != null).sort()) : '';
}
