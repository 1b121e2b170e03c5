// Orderings for keyset pagination, as cursors see them: a sort key and the row id as tiebreak,
// so every order is total and a cursor names one position in it. Which column each key is, and
// its direction, the store reads from the order itself (src/store/sqlite/conditions.ts).
import { type Direction, type KeyValue } from '../store';
import { decodeCursor, encodeCursor } from './cursor';

export type { Direction };

export interface SortKey<T> {
  type: 'string' | 'number';
  value(item: T): KeyValue;
}

export interface Ordering<T> {
  /** Names the ordering inside cursors, e.g. PUBLISHED_AT_DESC. */
  tag: string;
  key: SortKey<T>;
  id(item: T): number;
}

export function cursorOf<T>(o: Ordering<T>, item: T): string {
  return encodeCursor(o.tag, [o.key.value(item), o.id(item)]);
}

export function decodeAfter<T>(o: Ordering<T>, after: string): KeyValue[] {
  return decodeCursor(after, o.tag, [o.key.type, 'number']);
}
