// Rows of many parents (ordered by parent, then rank) into one list or page per parent key.
// Statements fetch first + 1 rows per parent; the extra row only answers hasNextPage.
import { type Page } from '../types';

export function toPage<T>(rows: T[], first: number): Page<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first };
}

export function pagesByParent<T extends { parentId: number }>(parentIds: readonly number[], rows: T[], first: number): Page<T>[] {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.parentId);
    if (list) list.push(row);
    else grouped.set(row.parentId, [row]);
  }
  return parentIds.map((id) => toPage(grouped.get(id) ?? [], first));
}

/** Rows grouped by their parentId, one list per parent key in key order. */
export function byParent<T extends { parentId: number }>(parents: readonly number[], rows: readonly T[]): T[][] {
  const groups = new Map<number, T[]>(parents.map((id) => [id, []]));
  for (const row of rows) groups.get(row.parentId)?.push(row);
  return parents.map((id) => groups.get(id)!);
}
