// A page of a list: the items in order and whether more follow. Statements fetch first + 1 rows
// per parent; the extra row only answers hasNextPage.
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}

export function toPage<T>(rows: T[], first: number): Page<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Splits rows of many parents (ordered by parent, then rank) into one page per parent key. */
export function pagesByParent<T extends { parentId: number }>(
  parentIds: readonly number[],
  rows: T[],
  first: number,
): Page<T>[] {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.parentId);
    if (list) list.push(row);
    else grouped.set(row.parentId, [row]);
  }
  return parentIds.map((id) => toPage(grouped.get(id) ?? [], first));
}
