// The two batch shapes most loaders share: rows by id, and a count per key. Each is one
// statement for the whole batch, with the keys bound as one JSON array.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';

/** `sql` selects the rows whose `keyOf` is among the keys in `json_each(?)`. */
export function rowsByKeyLoader<K extends number | string, T>(
  sqlite: Database.Database,
  sql: string,
  keyOf: (row: T) => K,
  shape: (row: T) => T = (row) => row,
): DataLoader<K, T | null> {
  return new DataLoader(async (keys) => {
    const rows = prepared(sqlite, sql).all(JSON.stringify(keys)) as T[];
    const byKey = new Map(rows.map((row) => [keyOf(row), shape(row)]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** `sql` selects `id, n` rows for the keys in `json_each(?)`, then `params`; a key without a row counts 0. */
export function countLoader(sqlite: Database.Database, sql: string, params: readonly unknown[] = []): DataLoader<number, number> {
  return new DataLoader(async (ids) => {
    const rows = prepared(sqlite, sql).all(keyList(ids), ...params) as { id: number; n: number }[];
    const counts = new Map(rows.map((row) => [row.id, row.n]));
    return ids.map((id) => counts.get(id) ?? 0);
  });
}

/** Rows grouped by their parentId, one list per parent key in key order. */
export function byParent<T extends { parentId: number }>(parents: readonly number[], rows: readonly T[]): T[][] {
  const groups = new Map<number, T[]>(parents.map((id) => [id, []]));
  for (const row of rows) groups.get(row.parentId)?.push(row);
  return parents.map((id) => groups.get(id)!);
}
