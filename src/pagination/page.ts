// A page of a list: the items in order and whether more follow. Statements fetch first + 1 rows;
// the extra row only answers hasNextPage.
import { type Page } from '../store';

export type { Page };

export function toPage<T>(rows: T[], first: number): Page<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first };
}
