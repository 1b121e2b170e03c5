// Papers by id, one statement per batch.
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';

export function paperByIdLoader(sqlite: Database.Database): DataLoader<number, PaperRecord | null> {
  return new DataLoader(async (ids) => {
    const rows = prepared(
      sqlite,
      `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id IN (SELECT value FROM json_each(?))`,
    ).all(keyList(ids)) as PaperRecord[];
    const byId = new Map(rows.map((row) => [row.id, toPaper(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
