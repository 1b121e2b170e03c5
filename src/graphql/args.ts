// Argument options every connection field shares.
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination/first';

export const FIRST_ARG = {
  nullable: true,
  defaultValue: DEFAULT_PAGE_SIZE,
  description: `How many items, at most ${MAX_PAGE_SIZE}.`,
} as const;

export const AFTER_ARG = {
  nullable: true,
  description: 'The endCursor of the previous page; leave out for the first page.',
} as const;

export const PAPER_FILTER_ARG = {
  nullable: true,
  description: 'Conditions the papers must meet, all of them; every paper when left out.',
} as const;

export const PAPER_ORDER_ARG = {
  nullable: true,
  description: 'The order of the papers; newest first when left out.',
} as const;
