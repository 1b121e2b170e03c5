// What the importer tests share: migrated databases in one scratch folder, and a hash of the
// tables an import writes, to tell "the same database" from "a different one".
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';

export interface Scratch {
  /** The scratch folder; valid inside tests. */
  dir(): string;
  /** A migrated database file in the folder, closed after the suite. */
  freshDb(name: string): Db;
}

/** Registers beforeAll/afterAll hooks that make and remove the folder. */
export function scratchFolder(prefix: string): Scratch {
  let dir = '';
  const open: Db[] = [];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    for (const db of open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    freshDb(name) {
      const db = openDatabase(path.join(dir, `${name}.db`));
      migrateDatabase(db);
      open.push(db);
      return db;
    },
  };
}

export function rows(db: Db, sql: string): unknown[] {
  return db.sqlite.prepare(sql).raw().all();
}

/**
 * The metric values of author_metrics, without changed_at: that one is the time of the last
 * recomputation, which a recomputation from scratch moves without changing any value.
 */
export const METRIC_VALUES =
  'SELECT author_id, paper_count, citation_count, h_index, i10_index, g_index, novelty, ai_score, primary_category FROM author_metrics';

/** The content of the tables the importer writes, as one hash. */
export function contentHash(db: Db): string {
  const hash = crypto.createHash('sha256');
  for (const sql of [
    'SELECT * FROM papers ORDER BY id',
    'SELECT * FROM authors ORDER BY id',
    'SELECT paper_id, author_id, position FROM authorships ORDER BY paper_id, position',
    `${METRIC_VALUES} ORDER BY author_id`,
  ]) {
    hash.update(JSON.stringify(rows(db, sql)));
  }
  return hash.digest('hex');
}
