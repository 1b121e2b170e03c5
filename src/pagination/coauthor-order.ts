// The orders of an author's co-authors, as cursors see them. The columns each order sorts on are
// the store's coauthorSort (src/store/types.ts); a cursor holds their values for the last
// co-author seen.
import { coauthorSort, type CoauthorItem, type CoauthorOrder, type CoauthorSortColumn } from '../store';

export type { CoauthorItem, CoauthorOrder };

export const DEFAULT_COAUTHOR_ORDER: CoauthorOrder = { field: 'SHARED_PAPERS', direction: 'DESC' };

const VALUE: Readonly<Record<CoauthorSortColumn, (item: CoauthorItem) => number>> = {
  sharedPaperCount: (c) => c.sharedPaperCount,
  lastSharedYear: (c) => c.lastSharedYear!,
  coauthorId: (c) => c.id,
};

/** Names the ordering inside cursors, e.g. RECENCY_DESC. */
export function coauthorOrderTag(order: CoauthorOrder): string {
  return `${order.field}_${order.direction}`;
}

/** The full sort key of a co-author in this order: what a cursor holds. */
export function coauthorSortKey(order: CoauthorOrder, item: CoauthorItem): number[] {
  return coauthorSort(order).map((sort) => VALUE[sort.column](item));
}

export function coauthorSortKeyLength(order: CoauthorOrder): number {
  return coauthorSort(order).length;
}

/** Whether a page must read the shared years: when they are selected, or when the order (and so the cursor) holds one. */
export function coauthorYearsNeeded(order: CoauthorOrder, selected: boolean): boolean {
  return selected || coauthorSort(order).some((sort) => sort.column === 'lastSharedYear');
}
