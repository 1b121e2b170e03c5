// The engine's part of a backup (src/ops/backup.ts): SQLite's online backup API over a snapshot
// of the source, and integrity_check of the copy. The files, their names and the progress are
// src/ops's.
import Database from 'better-sqlite3';
import { openDatabase } from './client';

/** A read-only connection to the source in a read transaction held until the copy is done. */
export interface BackupSnapshot {
  /** Papers in the snapshot: those committed when it was taken. */
  papers: number;
  /**
   * Copies the snapshot into `file`, `pagesPerStep` pages a step, the event loop running between
   * steps; `onStep` is called before each step with the pages copied so far, and stops the copy
   * by throwing. Ends the read transaction once the copy is complete.
   */
  copyTo(file: string, pagesPerStep: number, onStep: (copiedPages: number, totalPages: number) => void): Promise<{ totalPages: number }>;
  close(): void;
}

/**
 * The source, read-only, in a read transaction held across every step of the copy: the copy is
 * the database as of this moment, and writes by the server meanwhile neither enter it nor restart
 * it (without the transaction, SQLite restarts a backup whenever another connection writes).
 * Throws the engine's error when the file is no ScholarGraph database.
 */
export function openBackupSnapshot(source: string): BackupSnapshot {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = openDatabase(source, { readonly: true }).sqlite;
    sqlite.exec('BEGIN');
    const papers = sqlite.prepare('SELECT COUNT(*) FROM papers').pluck().get() as number;
    const connection = sqlite;
    return {
      papers,
      async copyTo(file, pagesPerStep, onStep) {
        const result = await connection.backup(file, {
          progress: ({ totalPages, remainingPages }) => {
            onStep(totalPages - remainingPages, totalPages);
            return pagesPerStep;
          },
        });
        connection.exec('COMMIT');
        return { totalPages: result.totalPages };
      },
      close: () => connection.close(),
    };
  } catch (error) {
    sqlite?.close();
    throw error;
  }
}

/** Runs integrity_check on a copy; its pages and page size when it passes, an error naming the first problems otherwise. */
export function checkDatabaseCopy(file: string): { pages: number; pageSize: number } {
  // Read-write, so that closing removes the -wal and -shm files the check creates.
  const copy = new Database(file, { fileMustExist: true });
  try {
    const problems = copy.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (problems.length !== 1 || problems[0].integrity_check !== 'ok') {
      throw new Error(`The copy fails integrity_check: ${problems.slice(0, 5).map((p) => p.integrity_check).join('; ')}`);
    }
    return { pages: copy.pragma('page_count', { simple: true }) as number, pageSize: copy.pragma('page_size', { simple: true }) as number };
  } finally {
    copy.close();
  }
}

/**
 * Checkpoints the WAL of a database no other connection holds into the file and closes it, which
 * removes the WAL: the file is whole by itself (src/ops/cluster.ts, once its workers stopped).
 */
export function checkpointWal(file: string): void {
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
}
