// The sizes the query cost prices aggregates by: how many papers, authors and authorships a
// count or a page's stats may have to scan. Read from the tables' largest row ids (one index
// step each, not a count: the store's tableSizes), so the figures are upper bounds after
// deletes, and remembered for a few seconds: the cost of a query changes with the data, not with
// every request.
import { storeItself, type Store, type TableSizes } from '../store';

export type TableStatistics = TableSizes;

/** An empty database: aggregates cost nothing beyond their connection. */
export const NO_ROWS: TableStatistics = { papers: 0, authors: 0, authorships: 0 };

const MAX_AGE_MS = 10_000;

const remembered = new WeakMap<Store, { at: number; statistics: TableStatistics }>();

/** The store's table sizes, read at most once per MAX_AGE_MS. */
export async function tableStatistics(store: Store, now = Date.now()): Promise<TableStatistics> {
  // Remembered for the store itself, not for one request's handle of it.
  const key = storeItself(store);
  const known = remembered.get(key);
  if (known && now - known.at < MAX_AGE_MS) return known.statistics;
  const statistics = await store.tableSizes();
  remembered.set(key, { at: now, statistics });
  return statistics;
}
