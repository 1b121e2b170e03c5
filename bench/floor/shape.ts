// What the floor shares with the API beyond SQL: the formats of ids, cursors and categories
// (pure functions of a row), so that its JSON can be deep-equal to the API's.
export { toGlobalId, fromGlobalId } from '../../src/graphql/ids';
export { encodeCursor } from '../../src/pagination/cursor';
export { categoryParts } from '../../src/domain/arxiv-categories';
export { toFtsQuery } from '../../src/store/sqlite/fts-query';

/** Rows of many parents, ordered by parent, grouped by it; a parent without rows gets []. */
export function groupBy<T extends { parentId: number }>(parents: readonly number[], rows: readonly T[]): T[][] {
  const groups = new Map<number, T[]>(parents.map((id) => [id, []]));
  for (const row of rows) groups.get(row.parentId)?.push(row);
  return parents.map((id) => groups.get(id)!);
}
