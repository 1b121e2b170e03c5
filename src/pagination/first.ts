// The page size rules shared by every connection.
import { badUserInput } from '../errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(
      `\`first\` must be between 0 and ${MAX_PAGE_SIZE}, got ${first}. ` +
        `Ask for at most ${MAX_PAGE_SIZE} items and follow pageInfo.endCursor with \`after\` for more.`,
      'first',
    );
  }
  return first;
}
