// Orderings for keyset pagination: a column, a direction and the row id as tiebreak, so every
// order is total and a cursor names one position in it.
import { decodeCursor, encodeCursor, type KeyValue } from './cursor';

export type Direction = 'ASC' | 'DESC';

export interface SortKey<T> {
  /** SQL expression of the sort column, e.g. p.published_at. */
  sql: string;
  type: 'string' | 'number';
  value(item: T): KeyValue;
}

export interface Ordering<T> {
  /** Names the ordering inside cursors, e.g. PUBLISHED_AT_DESC. */
  tag: string;
  key: SortKey<T>;
  direction: Direction;
  /** SQL expression of the tiebreak id column, e.g. p.id. */
  idSql: string;
  id(item: T): number;
}

export function orderBySql<T>(o: Ordering<T>): string {
  return `${o.key.sql} ${o.direction}, ${o.idSql} ${o.direction}`;
}

/** `(col, id) < (?, ?)` for a descending order, `>` for ascending: rows after the cursor. */
export function afterSql<T>(o: Ordering<T>): string {
  return `(${o.key.sql}, ${o.idSql}) ${o.direction === 'DESC' ? '<' : '>'} (?, ?)`;
}

export function cursorOf<T>(o: Ordering<T>, item: T): string {
  return encodeCursor(o.tag, [o.key.value(item), o.id(item)]);
}

export function decodeAfter<T>(o: Ordering<T>, after: string): KeyValue[] {
  return decodeCursor(after, o.tag, [o.key.type, 'number']);
}
