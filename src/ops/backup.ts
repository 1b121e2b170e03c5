// A consistent copy of a live database with SQLite's online backup API, written to a temporary
// file beside the destination and renamed into place only once it passes integrity_check.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDatabaseCopy, openBackupSnapshot, type BackupSnapshot } from '../store';

export interface BackupOptions {
  /** Replace an existing destination. */
  force?: boolean;
  /** Called between steps (and once at the end) with the pages copied so far. */
  onProgress?: (copiedPages: number, totalPages: number) => void;
  /** Pages copied per step; the event loop runs between steps. */
  pagesPerStep?: number;
  /** Aborting stops the copy between two steps and removes the temporary file. */
  signal?: AbortSignal;
}

export interface BackupSummary {
  pages: number;
  pageSize: number;
  bytes: number;
  /** Papers in the copy: those committed when the copy began. */
  papers: number;
  seconds: number;
}

const DEFAULT_PAGES_PER_STEP = 1024;

function checkPaths(source: string, destination: string, force: boolean): void {
  // Opening a missing file would create an empty database and back that up, silently.
  if (!fs.existsSync(source)) throw new Error(`${source} does not exist: pass --database with the path of a ScholarGraph database.`);
  if (path.resolve(source) === path.resolve(destination)) throw new Error('The backup must go to another file than the database itself.');
  if (!fs.existsSync(path.dirname(path.resolve(destination)))) throw new Error(`The folder ${path.dirname(path.resolve(destination))} does not exist: create it first.`);
  if (fs.existsSync(destination) && !force) throw new Error(`${destination} already exists: choose another file, or pass --force to replace it.`);
  // A WAL beside the destination would be replayed into the new file on its next open.
  for (const sidecar of [`${destination}-wal`, `${destination}-shm`]) {
    if (fs.existsSync(sidecar)) throw new Error(`${sidecar} exists: a process may have ${destination} open. Stop it, or choose another file.`);
  }
}

function removeWithSidecars(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** Makes the rename durable: it lives in the folder's entry, not in the file. */
function syncFolder(folder: string): void {
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The source's snapshot (see openBackupSnapshot); a source that is no ScholarGraph database is refused, saying so. */
function openSnapshot(source: string): BackupSnapshot {
  try {
    return openBackupSnapshot(source);
  } catch (error) {
    throw new Error(`${source} is not a ScholarGraph database: ${(error as Error).message}`);
  }
}

export async function backupDatabase(source: string, destination: string, options: BackupOptions = {}): Promise<BackupSummary> {
  checkPaths(source, destination, options.force ?? false);
  const started = performance.now();
  const temporary = path.join(path.dirname(path.resolve(destination)), `.${path.basename(destination)}.${process.pid}.partial`);
  const snapshot = openSnapshot(source);
  try {
    const pagesPerStep = options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
    const result = await snapshot.copyTo(temporary, pagesPerStep, (copied, total) => {
      options.signal?.throwIfAborted();
      options.onProgress?.(copied, total);
    });
    options.onProgress?.(result.totalPages, result.totalPages);
    const { pages, pageSize } = checkDatabaseCopy(temporary);
    fs.renameSync(temporary, destination);
    syncFolder(path.dirname(path.resolve(destination)));
    return { pages, pageSize, bytes: pages * pageSize, papers: snapshot.papers, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    removeWithSidecars(temporary);
    throw error;
  } finally {
    snapshot.close();
  }
}
