// Imports an arXiv metadata snapshot (JSON lines, plain or gzipped) into the database.
//
// - Streams the file line by line: memory holds one batch of lines, plus the map of author keys.
// - Idempotent: papers are matched by external id (the arXiv id), authors by authorKey (see
//   ./text). A known paper is updated only where the record says something else, so a second
//   import of the same file changes nothing.
// - One immediate transaction per batch, ending with refreshAuthorMetrics for every author whose
//   papers changed in it: a killed import leaves a consistent database and a re-run finishes it.
// - Each record is written in its own savepoint: a bad record is reported (line and reason) and
//   skipped whole, never half written, and never stops the import.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import { type Db } from '../db/client';
import { resumeSearchIndexing, suspendSearchIndexing } from '../search/bulk-load';
import { refreshAuthorMetrics } from '../services/author-metrics.service';
import { authorKey } from './text';
import { mapArxivLine, RecordError, type MappedRecord } from './arxiv-record';

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** The first MAX_REASONS skipped lines. */
  skippedLines: SkippedLine[];
  seconds: number;
  recordsPerSecond: number;
}

export interface ImportProgress {
  /** Records (non-blank lines) handled so far. */
  records: number;
  /** Bytes of the file (compressed, for a gzip) read so far, and its size. */
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Records per transaction. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 2_000;
const MAX_REASONS = 20;

interface Line {
  number: number;
  text: string;
}

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

interface Statements {
  findPaper: Database.Statement;
  insertPaper: Database.Statement;
  updatePaper: Database.Statement;
  authorsOf: Database.Statement;
  unlink: Database.Statement;
  link: Database.Statement;
  insertAuthor: Database.Statement;
}

interface ExistingPaper {
  id: number;
  title: string;
  abstract: string;
  category: string;
  publishedAt: string;
}

function statements(sqlite: Database.Database): Statements {
  return {
    findPaper: sqlite.prepare(
      'SELECT id, title, abstract, category, published_at AS publishedAt FROM papers WHERE external_id = ?',
    ),
    insertPaper: sqlite.prepare(
      `INSERT INTO papers (external_id, title, abstract, category, published_at, score, novelty, ai_score, citation_count, has_code, code_url)
       VALUES (@externalId, @title, @abstract, @category, @publishedAt, @score, @novelty, @aiScore, @citationCount, @hasCode, @codeUrl)`,
    ),
    // Only the fields the snapshot knows: scores and citation counts set since stay as they are.
    updatePaper: sqlite.prepare('UPDATE papers SET title = ?, abstract = ?, category = ?, published_at = ? WHERE id = ?'),
    authorsOf: sqlite.prepare('SELECT author_id FROM authorships WHERE paper_id = ? ORDER BY position').pluck(),
    unlink: sqlite.prepare('DELETE FROM authorships WHERE paper_id = ?'),
    link: sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)'),
    insertAuthor: sqlite.prepare('INSERT INTO authors (name) VALUES (?)'),
  };
}

/** Every existing author by authorKey; of several authors with one key, the oldest. */
function loadAuthorKeys(sqlite: Database.Database): Map<string, number> {
  const keys = new Map<string, number>();
  for (const row of sqlite.prepare('SELECT id, name FROM authors ORDER BY id').iterate() as IterableIterator<{ id: number; name: string }>) {
    const key = authorKey(row.name);
    if (key && !keys.has(key)) keys.set(key, row.id);
  }
  return keys;
}

type Outcome = 'added' | 'updated' | 'unchanged';

class Importer {
  private readonly st: Statements;
  private readonly authorIds: Map<string, number>;
  readonly summary = { added: 0, updated: 0, unchanged: 0, skipped: 0, skippedLines: [] as SkippedLine[] };

  constructor(private readonly sqlite: Database.Database) {
    this.st = statements(sqlite);
    this.authorIds = loadAuthorKeys(sqlite);
  }

  private skip(line: number, reason: string): void {
    this.summary.skipped++;
    if (this.summary.skippedLines.length < MAX_REASONS) this.summary.skippedLines.push({ line, reason });
  }

  /** Writes one record; adds the authors whose papers changed to `touched`. */
  private write(record: MappedRecord, touched: Set<number>, created: string[]): Outcome {
    const authorIds = record.authors.map(({ name, key }) => {
      let id = this.authorIds.get(key);
      if (id === undefined) {
        id = Number(this.st.insertAuthor.run(name).lastInsertRowid);
        this.authorIds.set(key, id);
        created.push(key);
      }
      return id;
    });
    const f = record.fields;
    const existing = this.st.findPaper.get(f.externalId) as ExistingPaper | undefined;
    if (existing === undefined) {
      const paperId = Number(this.st.insertPaper.run({ ...f, hasCode: f.hasCode ? 1 : 0 }).lastInsertRowid);
      authorIds.forEach((authorId, i) => this.st.link.run(paperId, authorId, i + 1));
      for (const id of authorIds) touched.add(id);
      return 'added';
    }
    const before = this.st.authorsOf.all(existing.id) as number[];
    const fieldsChanged =
      existing.title !== f.title || existing.abstract !== f.abstract || existing.category !== f.category || existing.publishedAt !== f.publishedAt;
    const authorsChanged = before.length !== authorIds.length || before.some((id, i) => id !== authorIds[i]);
    if (!fieldsChanged && !authorsChanged) return 'unchanged';
    if (fieldsChanged) this.st.updatePaper.run(f.title, f.abstract, f.category, f.publishedAt, existing.id);
    if (authorsChanged) {
      this.st.unlink.run(existing.id);
      authorIds.forEach((authorId, i) => this.st.link.run(existing.id, authorId, i + 1));
    }
    for (const id of before) touched.add(id);
    for (const id of authorIds) touched.add(id);
    return 'updated';
  }

  /** One batch, one immediate transaction; each record in a savepoint of its own. */
  runBatch(lines: readonly Line[]): void {
    const touched = new Set<number>();
    const one = this.sqlite.transaction((record: MappedRecord, created: string[]) => this.write(record, touched, created));
    this.sqlite
      .transaction(() => {
        for (const line of lines) {
          let record: MappedRecord;
          try {
            record = mapArxivLine(line.text);
          } catch (error) {
            this.skip(line.number, error instanceof RecordError ? error.message : String(error));
            continue;
          }
          const created: string[] = [];
          try {
            this.summary[one(record, created)]++;
          } catch (error) {
            // The savepoint is rolled back: so are the authors it created.
            for (const key of created) this.authorIds.delete(key);
            this.skip(line.number, `${record.fields.externalId}: ${(error as Error).message}`);
          }
        }
        refreshAuthorMetrics(this.sqlite, touched);
      })
      .immediate();
  }
}

/**
 * Imports an arXiv metadata snapshot file (JSON lines, gzip detected by its magic bytes).
 * Search indexing is suspended for the run and rebuilt once at the end (see search/bulk-load).
 */
export async function importArxivFile(db: Db, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const totalBytes = (await fs.promises.stat(file)).size;
  const gzip = await isGzip(file);

  // withSearchIndexingDeferred takes a synchronous load; this one awaits the file between
  // batches, so it does the same suspend / resume around an await.
  suspendSearchIndexing(db.sqlite);
  const raw = fs.createReadStream(file);
  let records = 0;
  let importer: Importer;
  try {
    importer = new Importer(db.sqlite);
    const input = gzip ? raw.pipe(zlib.createGunzip()) : raw;
    raw.on('error', (error) => input.destroy(error));
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let batch: Line[] = [];
    let number = 0;
    const flush = (): void => {
      importer.runBatch(batch);
      records += batch.length;
      batch = [];
      options.onProgress?.({ records, bytesRead: raw.bytesRead, totalBytes });
    };
    for await (const text of lines) {
      number++;
      if (text.trim() === '') continue;
      batch.push({ number, text });
      if (batch.length >= batchSize) flush();
    }
    if (batch.length > 0) flush();
  } finally {
    raw.destroy();
    resumeSearchIndexing(db.sqlite);
  }
  // The time includes the rebuild of the search indexes: the import is not done before it.
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { added, updated, unchanged, skipped, skippedLines } = importer.summary;
  return { added, updated, unchanged, skipped, skippedLines, seconds, recordsPerSecond: Math.round(records / Math.max(seconds, 1e-9)) };
}
