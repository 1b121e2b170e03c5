// Papers by id, one statement per batch.
import type DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from '../db/records';
import { rowsByKeyLoader } from './batch';

export function paperByIdLoader(sqlite: Database.Database): DataLoader<number, PaperRecord | null> {
  return rowsByKeyLoader(
    sqlite,
    `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id IN (SELECT value FROM json_each(?))`,
    (row: PaperRecord) => row.id,
    toPaper,
  );
}

export function paperByExternalIdLoader(sqlite: Database.Database): DataLoader<string, PaperRecord | null> {
  return rowsByKeyLoader(
    sqlite,
    `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.external_id IN (SELECT value FROM json_each(?))`,
    (row: PaperRecord) => row.externalId!,
    toPaper,
  );
}
