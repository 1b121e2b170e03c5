// Imports a file of JSON lines (plain or gzipped) into the database, one record per line, in a
// format of its own: the arXiv metadata snapshot or OpenAlex works (see ./arxiv-record and
// ./openalex-record, each a RecordMapper). Reading and mapping the file live here; a batch of
// records is written through the store's one write path for papers (Store.openPaperWrites, on
// SQLite src/store/sqlite/paper-writer), which holds the rules below:
//
// - Streams the file line by line: memory holds one batch of lines, plus the map of author keys.
// - Idempotent: papers are matched by external id (arXiv id, DOI, ...), else by DOI, else by arXiv
//   id, so that an arXiv record and the OpenAlex work of the same paper become one paper with both
//   subjects; authors by the source's author id (authors.external_id) when it gives one, else by
//   authorKey (see ./text). A known paper is updated only where the record says something else, so
//   a second import of the same file changes nothing; a subject, DOI, arXiv id, work type or
//   abstract the record lacks keeps the stored one (see MappedRecord.knows). An author a record
//   takes off its list goes at the end of the batch when no paper names them any more, unless a
//   client made them on purpose (authors.kept_without_papers), as with the API's writes.
// - One immediate transaction per batch, which also marks every author whose papers changed in it
//   as pending (author_metrics_pending); their metrics are recomputed in bulk once the file is
//   read. A killed import leaves a consistent database: papers and authorships whole, the authors
//   whose metrics are behind listed, which the next import (or server start) recomputes.
// - Novelty: the papers a batch adds without one from a source that has no novelty (arXiv,
//   OpenAlex; our own export says what the exported database had, and is copied as it is), and
//   those whose text or date changes while their novelty is computed, are marked in
//   novelty_pending in the batch's transaction and scored once the file is read and the search
//   index is back (src/novelty/pending). Papers published after them are not rescored.
// - A bad record is reported (line and reason) and skipped whole, never half written, and never
//   stops the import (see PaperWrites.writeBatch in src/store/sqlite/paper-writer).
//
// On a SQLite file this process holds (a Db), the load is also tuned to SQLite: the connection's
// cache and checkpoints, the search indexes suspended and the secondary indexes deferred (see
// planLoad). On any other Store (PostgreSQL, DATABASE_URL) it goes through the write path alone,
// in smaller batches: there a batch costs a round trip per statement, whatever its size.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sqliteStore, type Db, type PaperWriteSession, type SkippedRecord, type Store } from '../store';
import { deferSecondaryIndexes, restoreDeferredIndexes, resumeSearchIndexing, suspendSearchIndexing, tuneForBulkLoad } from '../store';
import { detectFormatOfLine, IMPORT_FORMATS, MAPPERS, mapLines, type ImportFormat, type Line, type MappedLines } from './formats';
import { startMapPool } from './map-pool';
import { type RecordMapper } from './record';

export { detectFormatOfLine, IMPORT_FORMATS, type ImportFormat } from './formats';

export type SkippedLine = SkippedRecord;

/** Where an import writes: a SQLite file this process holds open, or any engine's store. */
export type ImportTarget = Db | Store;

function isSqliteFile(target: ImportTarget): target is Db {
  return 'sqlite' in target;
}

interface Counts {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skippedLines: SkippedLine[];
}

/** Adds what a batch did to the run's counts: the first MAX_REASONS skipped lines kept, mapping's before the database's. */
function count(counts: Counts, skipped: readonly SkippedLine[], written: { added: number; updated: number; unchanged: number; skipped: SkippedLine[] }): void {
  counts.added += written.added;
  counts.updated += written.updated;
  counts.unchanged += written.unchanged;
  for (const line of [...skipped, ...written.skipped]) {
    counts.skipped++;
    if (counts.skippedLines.length < MAX_REASONS) counts.skippedLines.push(line);
  }
}

/** One batch: the lines that mapped written through the store's session (one transaction). */
async function writeBatch(session: PaperWriteSession, counts: Counts, mapped: MappedLines): Promise<void> {
  count(counts, mapped.skipped, await session.write(mapped.records));
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** The first MAX_REASONS skipped lines. */
  skippedLines: SkippedLine[];
  /** Papers whose novelty was computed at the end (those this run added or changed without a supplied novelty, and any an earlier run left). */
  noveltyComputed: number;
  seconds: number;
  recordsPerSecond: number;
}

export interface ImportProgress {
  /**
   * Records are written first; then come the deferred indexes of a large load, the search index
   * (these two on a SQLite file only), the novelty of the papers added without one, and the
   * metrics of the touched authors.
   */
  stage: 'records' | 'indexes' | 'search index' | 'novelty' | 'metrics';
  /** Records (non-blank lines) handled so far. */
  records: number;
  /** Bytes of the file (compressed, for a gzip) read so far, and its size. */
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Records per transaction (default: DEFAULT_BATCH_SIZE on a SQLite file, STORE_BATCH_SIZE on a store). */
  batchSize?: number;
  /** Map lines in a worker thread (default: for files of WORKER_FROM_BYTES or more, named formats only). */
  mapInWorker?: boolean;
}

export interface ImportFileOptions extends ImportOptions {
  /** Detected from the first non-blank line when not given (see detectFormat). */
  format?: ImportFormat;
}

// 10,000 records per transaction: a commit writes every page the batch dirtied, and the random
// inserts of the title/score/... indexes dirty many; 2,000 per batch made imports 30% slower.
export const DEFAULT_BATCH_SIZE = 10_000;
// Through a store (PostgreSQL): each phase of a batch is one statement over arrays of its
// records, so a larger batch saves few round trips and holds its locks and memory longer.
export const STORE_BATCH_SIZE = 2_000;
// The page cache during an import (128 MB; SQLite's default is 2 MB): a batch's dirty pages stay
// in memory until its commit instead of spilling, and index pages stay hot between batches.
const IMPORT_CACHE_KIB = 131_072;
// No memory map during an import, whatever SQLITE_MMAP_MB says: the index builds, novelty's
// reading and the metrics read the whole database, and every page read through a map stays in
// the process's resident memory. At a million records the map made the peak RSS 2.4 GB against
// 1.55 GB without it, for no faster an import (373 s with it, 340 s without; BENCHMARKS.md).
const IMPORT_MMAP_BYTES = 0;
// Files from this size on are mapped in a worker thread, beside the writes (see ./map-worker).
const WORKER_FROM_BYTES = 4 * 1024 * 1024;
const MAX_REASONS = 20;
const WAL_PAGES_PER_CHECKPOINT = 100_000;

async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function openLines(file: string, gzip: boolean): { raw: fs.ReadStream; lines: readline.Interface } {
  const raw = fs.createReadStream(file);
  const input = gzip ? raw.pipe(zlib.createGunzip()) : raw;
  raw.on('error', (error) => input.destroy(error));
  return { raw, lines: readline.createInterface({ input, crlfDelay: Infinity }) };
}

/** The format of a file, from its first non-blank line; throws when that line tells neither. */
export async function detectFormat(file: string): Promise<ImportFormat> {
  const { raw, lines } = openLines(file, await isGzip(file));
  try {
    for await (const text of lines) {
      if (text.trim() === '') continue;
      const format = detectFormatOfLine(text);
      if (format) return format;
      break;
    }
  } finally {
    lines.close();
    raw.destroy();
  }
  throw new Error(`cannot detect the format of ${file} from its first record: pass --format (${IMPORT_FORMATS.join(' or ')})`);
}

/**
 * How a load keeps the indexes, decided from its size against the database's, the file's records
 * estimated from its first batch (lines per byte read so far):
 * - the search indexes are suspended and rebuilt at the end (search/bulk-load) from a load of a
 *   fiftieth of the papers on: a row costs the triggers ~50 times its share of a rebuild (16 min
 *   against 2 for a million generated papers, of which the rebuild took ~16 s);
 * - the secondary indexes are deferred from a load that at least doubles the papers: rebuilding
 *   them costs ~16 us a paper, keeping them up ~35 us an inserted one, and a load of the size of
 *   the table is often a re-import that inserts nothing.
 */
function planLoad(papers: number, lines: number, bytesRead: number, totalBytes: number): { suspendSearch: boolean; deferIndexes: boolean } {
  const estimatedRecords = (lines / Math.max(bytesRead, 1)) * totalBytes;
  return { suspendSearch: estimatedRecords * 50 >= papers, deferIndexes: estimatedRecords >= 2 * papers };
}

/**
 * Imports a file of JSON lines (gzip detected by its magic bytes), each line mapped by `map` (a
 * format's mapper by name, or a function). On a SQLite file, a large load suspends search
 * indexing and defers the secondary indexes (see planLoad); the novelty of the papers added
 * without one is computed once the search index is back, then the touched authors' metrics are
 * recomputed in bulk.
 *
 * A named format in a file of WORKER_FROM_BYTES or more is mapped in a worker thread, one batch
 * ahead of the writes: at most two batches are in memory, the one written and the one mapped.
 */
export async function importLines(target: ImportTarget, file: string, map: RecordMapper | ImportFormat, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  const db = isSqliteFile(target) ? target : null;
  const batchSize = options.batchSize ?? (db ? DEFAULT_BATCH_SIZE : STORE_BATCH_SIZE);
  const totalBytes = (await fs.promises.stat(file)).size;
  const gzip = await isGzip(file);
  const useWorker = typeof map === 'string' && (options.mapInWorker ?? totalBytes >= WORKER_FROM_BYTES);
  const mapper = typeof map === 'string' ? MAPPERS[map] : map;

  const store = db ? sqliteStore(db) : (target as Store);
  const session = await store.openPaperWrites({ match: 'sourceIds', authors: 'source' });
  const counts: Counts = { added: 0, updated: 0, unchanged: 0, skipped: 0, skippedLines: [] };
  // SQLite's WAL is copied back into the database every WAL_PAGES_PER_CHECKPOINT pages instead
  // of every 1,000: a page an import dirties again and again is copied back once (25% faster).
  // Pages are read with read() into the 128 MB page cache, not through a memory map (see
  // IMPORT_MMAP_BYTES); the connection's own setting comes back at the end.
  const untune = db
    ? tuneForBulkLoad(db.sqlite, { walPagesPerCheckpoint: WAL_PAGES_PER_CHECKPOINT, cacheKib: IMPORT_CACHE_KIB, mmapBytes: IMPORT_MMAP_BYTES })
    : () => undefined;
  const { raw, lines } = openLines(file, gzip);
  const pool = useWorker ? startMapPool() : null;
  let records = 0;
  let searchResumed = false;
  let noveltyComputed = 0;
  try {
    // The batch being mapped while the previous one is written.
    let mapping: { size: number; mapped: Promise<MappedLines> } | null = null;
    const write = async (): Promise<void> => {
      if (!mapping) return;
      const { size, mapped } = mapping;
      mapping = null;
      await writeBatch(session, counts, await mapped);
      records += size;
      options.onProgress?.({ stage: 'records', records, bytesRead: raw.bytesRead, totalBytes });
    };
    let plan: ReturnType<typeof planLoad> | null = null;
    const flush = async (batch: Line[]): Promise<void> => {
      if (db && !plan) {
        plan = planLoad(await store.countPapers(), batch.length, raw.bytesRead, totalBytes);
        // withSearchIndexingDeferred takes a synchronous load; this one awaits the file between
        // batches, so it does the same suspend / resume around an await.
        if (plan.suspendSearch) suspendSearchIndexing(db.sqlite);
        if (plan.deferIndexes) deferSecondaryIndexes(db.sqlite);
      }
      const mapped = pool ? pool.run({ format: map as ImportFormat, lines: batch }) : Promise.resolve(mapLines(mapper, batch));
      // Leave no rejection unhandled while the previous batch is written.
      mapped.catch(() => undefined);
      await write();
      mapping = { size: batch.length, mapped };
    };
    let batch: Line[] = [];
    let number = 0;
    for await (const text of lines) {
      number++;
      if (text.trim() === '') continue;
      batch.push({ number, text });
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await flush(batch);
    await write();
    if (db) {
      // Also the indexes an earlier run deferred and was killed before it restored them.
      if ((plan as ReturnType<typeof planLoad> | null)?.deferIndexes) options.onProgress?.({ stage: 'indexes', records, bytesRead: totalBytes, totalBytes });
      restoreDeferredIndexes(db.sqlite);
      options.onProgress?.({ stage: 'search index', records, bytesRead: totalBytes, totalBytes });
      resumeSearchIndexing(db.sqlite, { rebuild: counts.added + counts.updated > 0 });
      searchResumed = true;
    }
    // The novelty of the papers marked (by this run, or left by one that was killed) needs the
    // search index; its scores change the authors' novelty means, so it comes before their metrics.
    // In bulk, and with any papers and authors left pending by an earlier run that was killed.
    ({ noveltyComputed } = await session.finish({ onStage: (stage) => options.onProgress?.({ stage, records, bytesRead: totalBytes, totalBytes }) }));
  } finally {
    raw.destroy();
    await pool?.destroy();
    // A run that changed nothing (a re-import) only puts the triggers back; a killed one is
    // rebuilt in full by the next start.
    if (db && !searchResumed) resumeSearchIndexing(db.sqlite, { rebuild: counts.added + counts.updated > 0 });
    untune();
  }
  // The time includes the rebuild of the search indexes, the novelty and the metrics: the import is not done before them.
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { added, updated, unchanged, skipped, skippedLines } = counts;
  return {
    added,
    updated,
    unchanged,
    skipped,
    skippedLines,
    noveltyComputed,
    seconds,
    recordsPerSecond: Math.round(records / Math.max(seconds, 1e-9)),
  };
}

/** Imports a file in the given format, or the one detected from its first non-blank line. */
export async function importFile(target: ImportTarget, file: string, options: ImportFileOptions = {}): Promise<ImportSummary> {
  const format = options.format ?? (await detectFormat(file));
  return importLines(target, file, format, options);
}
