// Imports a file of JSON lines (plain or gzipped) into the database, one record per line, in a
// format of its own: the arXiv metadata snapshot or OpenAlex works (see ./arxiv-record and
// ./openalex-record, each a RecordMapper). What is common to every format lives here:
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
//   stops the import (see Importer.runBatch).
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import { type Db } from '../store';
import { PAPER_COLUMNS, type PaperRecord, type SourceFields } from '../store/sqlite/records';
import { deferSecondaryIndexes, restoreDeferredIndexes, resumeSearchIndexing, suspendSearchIndexing } from '../store';
import { markAuthorMetricsPending, refreshPendingAuthorMetrics } from '../store/sqlite/author-metrics';
import { computePendingNovelty } from '../store/sqlite/novelty/pending';
import { markNoveltyPending } from '../store/sqlite/novelty/results';
import { changedPaperFields, sameAuthorList } from '../domain/paper-diff';
import { authorKey } from '../domain/text';
import { detectFormatOfLine, IMPORT_FORMATS, MAPPERS, mapLines, type ImportFormat, type Line, type MappedLines } from './formats';
import { startMapPool } from './map-pool';
import { type MappedAuthor, type MappedRecord, type MappedTopic, type RecordMapper } from './record';

export { detectFormatOfLine, IMPORT_FORMATS, type ImportFormat } from './formats';

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
  /** Papers whose novelty was computed at the end (those this run added or changed without a supplied novelty, and any an earlier run left). */
  noveltyComputed: number;
  seconds: number;
  recordsPerSecond: number;
}

export interface ImportProgress {
  /**
   * Records are written first; then come the deferred indexes of a large load, the search index,
   * the novelty of the papers added without one, and the metrics of the touched authors.
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
  /** Records per transaction. */
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
const DEFAULT_BATCH_SIZE = 10_000;
// The page cache during an import (128 MB; SQLite's default is 2 MB): a batch's dirty pages stay
// in memory until its commit instead of spilling, and index pages stay hot between batches.
const IMPORT_CACHE_KIB = 131_072;
// SQLite's default ceiling for a memory map (SQLITE_MAX_MMAP_SIZE).
const IMPORT_MMAP_BYTES = 0x7fff0000;
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

interface Statements {
  findPaper: Database.Statement;
  findPaperByDoi: Database.Statement;
  findPaperByArxivId: Database.Statement;
  upsertTopic: Database.Statement;
  insertPaper: Database.Statement;
  updatePaper: Database.Statement;
  updateCitations: Database.Statement;
  updateKnownToAll: Database.Statement;
  authorsOf: Database.Statement;
  identifiedAuthorsOf: Database.Statement;
  dropWithoutPapers: Database.Statement;
  unlink: Database.Statement;
  link: Database.Statement;
  insertAuthor: Database.Statement;
  setAuthorExternalId: Database.Statement;
}

/**
 * A stored paper as read, has_code as stored (0 or 1): compared with a record field by field; and
 * whether its novelty is a computed one (see src/novelty/store).
 */
type ExistingPaper = Omit<PaperRecord, 'hasCode'> & { hasCode: 0 | 1; noveltyComputed: 0 | 1 };

const FIND_PAPER = `SELECT ${PAPER_COLUMNS}, EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id AND n.novelty IS p.novelty) AS noveltyComputed
       FROM papers p WHERE`;

function statements(sqlite: Database.Database): Statements {
  return {
    findPaper: sqlite.prepare(`${FIND_PAPER} p.external_id = ?`),
    findPaperByDoi: sqlite.prepare(`${FIND_PAPER} p.doi = ? ORDER BY p.id LIMIT 1`),
    findPaperByArxivId: sqlite.prepare(`${FIND_PAPER} p.arxiv_id = ? ORDER BY p.id LIMIT 1`),
    // OpenAlex renames a topic now and then: the last record read says what it is called. A
    // topic stored as the record has it is not written again.
    upsertTopic: sqlite.prepare(
      `INSERT INTO openalex_topics (id, name, subfield_id, subfield_name, field_id, field_name, domain_id, domain_name)
       VALUES (@id, @name, @subfieldId, @subfieldName, @fieldId, @fieldName, @domainId, @domainName)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, subfield_id = excluded.subfield_id, subfield_name = excluded.subfield_name,
         field_id = excluded.field_id, field_name = excluded.field_name, domain_id = excluded.domain_id, domain_name = excluded.domain_name
       WHERE (name, subfield_id, subfield_name, field_id, field_name, domain_id, domain_name) IS NOT
             (excluded.name, excluded.subfield_id, excluded.subfield_name, excluded.field_id, excluded.field_name, excluded.domain_id, excluded.domain_name)`,
    ),
    insertPaper: sqlite.prepare(
      `INSERT INTO papers (external_id, title, abstract, category, topic_id, topic_ids, work_type, doi, arxiv_id, published_at, score, novelty, ai_score, citation_count, has_code, code_url)
       VALUES (@externalId, @title, @abstract, @category, @topicId, @topicIds, @workType, @doi, @arxivId, @publishedAt, @score, @novelty, @aiScore, @citationCount, @hasCode, @codeUrl)`,
    ),
    // Only the fields the source knows: scores and citation counts set since stay as they are.
    updatePaper: sqlite.prepare(
      `UPDATE papers SET title = @title, abstract = @abstract, category = @category, topic_id = @topicId, topic_ids = @topicIds, work_type = @workType,
         doi = @doi, arxiv_id = @arxivId, published_at = @publishedAt WHERE id = @id`,
    ),
    updateCitations: sqlite.prepare('UPDATE papers SET citation_count = ? WHERE id = ?'),
    updateKnownToAll: sqlite.prepare(
      'UPDATE papers SET score = @score, novelty = @novelty, ai_score = @aiScore, has_code = @hasCode, code_url = @codeUrl WHERE id = @id',
    ),
    authorsOf: sqlite.prepare('SELECT author_id FROM authorships WHERE paper_id = ? ORDER BY position').pluck(),
    dropWithoutPapers: sqlite
      .prepare(
        `DELETE FROM authors WHERE id IN (SELECT value FROM json_each(?)) AND kept_without_papers = 0
           AND NOT EXISTS (SELECT 1 FROM authorships s WHERE s.author_id = authors.id) RETURNING id`,
      )
      .pluck(),
    identifiedAuthorsOf: sqlite
      .prepare('SELECT count(*) FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = ? AND a.external_id IS NOT NULL')
      .pluck(),
    unlink: sqlite.prepare('DELETE FROM authorships WHERE paper_id = ?'),
    // One row per statement: the whole list through json_each in one INSERT ... SELECT was 45% slower.
    link: sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)'),
    insertAuthor: sqlite.prepare('INSERT INTO authors (name, external_id) VALUES (?, ?)'),
    setAuthorExternalId: sqlite.prepare('UPDATE authors SET external_id = ? WHERE id = ? AND external_id IS NULL'),
  };
}

/**
 * Every existing author by authorKey (of several authors with one key, the oldest), and which of
 * those have no external id.
 */
function loadAuthorKeys(sqlite: Database.Database): { keys: Map<string, number>; nameOnly: Set<number> } {
  const keys = new Map<string, number>();
  const nameOnly = new Set<number>();
  const rows = sqlite.prepare('SELECT id, name, external_id IS NULL AS nameOnly FROM authors ORDER BY id').iterate() as IterableIterator<{
    id: number;
    name: string;
    nameOnly: number;
  }>;
  for (const row of rows) {
    const key = authorKey(row.name);
    if (!key || keys.has(key)) continue;
    keys.set(key, row.id);
    if (row.nameOnly) nameOnly.add(row.id);
  }
  return { keys, nameOnly };
}

/** Every existing author by external id. */
function loadAuthorExternalIds(sqlite: Database.Database): Map<string, number> {
  const ids = new Map<string, number>();
  const rows = sqlite.prepare('SELECT id, external_id AS externalId FROM authors WHERE external_id IS NOT NULL').iterate() as IterableIterator<{
    id: number;
    externalId: string;
  }>;
  for (const row of rows) ids.set(row.externalId, row.id);
  return ids;
}

/** Undoes the additions to the author maps of a rolled-back savepoint. */
type Created = Array<() => void>;

type Outcome = 'added' | 'updated' | 'unchanged';

class Importer {
  private readonly st: Statements;
  private readonly authorIds: Map<string, number>;
  /** The authors of authorIds known by name only: the first source id under that name claims them. */
  private readonly nameOnly: Set<number>;
  private readonly authorExternalIds: Map<string, number>;
  /** Authors a batch took off an author list: those left without a paper go at its end. */
  private unlinked = new Set<number>();
  /** The topics written (or found as they are) in this run, by id, as JSON: each is written once. */
  private readonly topics = new Map<string, string>();
  readonly summary = { added: 0, updated: 0, unchanged: 0, skipped: 0, skippedLines: [] as SkippedLine[] };

  constructor(
    private readonly sqlite: Database.Database,
  ) {
    this.st = statements(sqlite);
    ({ keys: this.authorIds, nameOnly: this.nameOnly } = loadAuthorKeys(sqlite));
    this.authorExternalIds = loadAuthorExternalIds(sqlite);
  }

  private skip(line: number, reason: string): void {
    this.summary.skipped++;
    if (this.summary.skippedLines.length < MAX_REASONS) this.summary.skippedLines.push({ line, reason });
  }

  /**
   * The author by the source's id when it gives one, else by authorKey. An id seen for the first
   * time may claim the author known by that name only (see MappedAuthor.claimsNamesake), so that
   * an arXiv import followed by an OpenAlex one gives one author, not two; it never claims an
   * author that has an id of its own. A name-only author created later under a name an id has
   * links to that author.
   */
  private authorId({ name, key, externalId, claimsNamesake }: MappedAuthor, created: Created): number {
    if (externalId) {
      let id = this.authorExternalIds.get(externalId);
      const named = id === undefined && claimsNamesake ? this.authorIds.get(key) : undefined;
      if (named !== undefined && this.nameOnly.has(named)) {
        this.st.setAuthorExternalId.run(externalId, named);
        this.nameOnly.delete(named);
        this.authorExternalIds.set(externalId, named);
        created.push(() => this.nameOnly.add(named), () => this.authorExternalIds.delete(externalId));
        id = named;
      }
      if (id === undefined) {
        const newId = Number(this.st.insertAuthor.run(name, externalId).lastInsertRowid);
        this.authorExternalIds.set(externalId, newId);
        created.push(() => this.authorExternalIds.delete(externalId));
        if (!this.authorIds.has(key)) {
          this.authorIds.set(key, newId);
          created.push(() => this.authorIds.delete(key));
        }
        id = newId;
      }
      return id;
    }
    let id = this.authorIds.get(key);
    if (id === undefined) {
      const newId = Number(this.st.insertAuthor.run(name, null).lastInsertRowid);
      this.authorIds.set(key, newId);
      this.nameOnly.add(newId);
      created.push(() => this.authorIds.delete(key), () => this.nameOnly.delete(newId));
      id = newId;
    }
    return id;
  }

  /** Writes the topic a record names, once a run, and again only when OpenAlex says something new of it. */
  private writeTopic(topic: MappedTopic, created: Created): void {
    const json = JSON.stringify(topic);
    if (this.topics.get(topic.id) === json) return;
    this.st.upsertTopic.run(topic);
    this.topics.set(topic.id, json);
    created.push(() => this.topics.delete(topic.id));
  }

  /** The stored paper this record is: by external id, else by DOI, else by arXiv id. */
  private find(f: MappedRecord['fields']): ExistingPaper | undefined {
    return (
      (this.st.findPaper.get(f.externalId) as ExistingPaper | undefined) ??
      (f.doi ? (this.st.findPaperByDoi.get(f.doi) as ExistingPaper | undefined) : undefined) ??
      (f.arxivId ? (this.st.findPaperByArxivId.get(f.arxivId) as ExistingPaper | undefined) : undefined)
    );
  }

  /** The record's author list as ids, creating the authors not known yet. */
  private resolveAuthors(record: MappedRecord, created: Created): number[] {
    // Two source authors may come to one author here (one name, no ids): link them once.
    return [...new Set(record.authors.map((author) => this.authorId(author, created)))];
  }

  /**
   * The author list a record gives a stored paper. A list of names alone does not replace a list
   * with source ids (an arXiv record of a paper whose OpenAlex authors are known): the names may
   * be spelled otherwise, the ids are identities; and the authors of such a list are not created,
   * since nothing would name them.
   */
  private authorListFor(record: MappedRecord, paperId: number, before: number[], created: Created): number[] {
    if (record.authors.some((a) => a.externalId)) return this.resolveAuthors(record, created);
    const known = [...new Set(record.authors.map((a) => this.authorIds.get(a.key)))];
    if (known.every((id) => id !== undefined) && sameAuthorList(before, known as number[])) return before;
    if ((this.st.identifiedAuthorsOf.get(paperId) as number) > 0) return before;
    return this.resolveAuthors(record, created);
  }

  /**
   * Writes one record; adds the authors whose papers changed to `touched`, and the paper to
   * `toScore` when its novelty is to be computed: added without one by a source that knows no
   * novelty, or its text or date changed while its novelty is computed (or missing, from such a
   * source).
   */
  private write(record: MappedRecord, touched: Set<number>, created: Created, toScore: number[]): Outcome {
    for (const topic of record.topics ?? []) this.writeTopic(topic, created);
    const f = record.fields;
    const existing = this.find(f);
    if (existing === undefined) {
      const authorIds = this.resolveAuthors(record, created);
      const sourced = { topicId: f.topicId ?? null, topicIds: f.topicIds ?? null, workType: f.workType ?? null, doi: f.doi ?? null, arxivId: f.arxivId ?? null };
      const paperId = Number(this.st.insertPaper.run({ ...f, ...sourced, hasCode: f.hasCode ? 1 : 0 }).lastInsertRowid);
      authorIds.forEach((authorId, i) => this.st.link.run(paperId, authorId, i + 1));
      for (const id of authorIds) touched.add(id);
      if (f.novelty === null && record.knows !== 'all') toScore.push(paperId);
      return 'added';
    }
    const before = this.st.authorsOf.all(existing.id) as number[];
    const authorIds = this.authorListFor(record, existing.id, before, created);
    // What the record does not know (null or left out) keeps what is stored, unless it knows all.
    const all = record.knows === 'all';
    const known = <K extends SourceFields | 'category'>(key: K): PaperRecord[K] => (all ? (f[key] ?? null) : (f[key] ?? existing[key])) as PaperRecord[K];
    // A record that found the paper by DOI or arXiv id is another source's record of it: it adds
    // what it knows (subjects, ids, type, citations) and leaves the text and date to the paper's
    // own source, so that importing both, in any order and again, changes nothing the second time.
    const own = existing.externalId === f.externalId;
    const merged = {
      title: own ? f.title : existing.title,
      abstract: (own && (all || f.abstract !== '')) || existing.abstract === '' ? f.abstract : existing.abstract,
      category: known('category'),
      topicId: known('topicId'),
      topicIds: known('topicIds'),
      workType: known('workType'),
      doi: known('doi'),
      arxivId: known('arxivId'),
      publishedAt: own ? f.publishedAt : existing.publishedAt,
    };
    // A record without a novelty keeps a computed one (an export carries none for a paper that had
    // no score, and a re-import must change nothing); it replaces or removes a supplied one.
    const novelty = all && !(f.novelty === null && existing.noveltyComputed) ? f.novelty : existing.novelty;
    const cited = record.knows === undefined ? {} : { citationCount: f.citationCount };
    const rest = all ? { score: f.score, novelty, aiScore: f.aiScore, hasCode: f.hasCode, codeUrl: f.codeUrl } : {};
    // What differs, by the rule the API's writes use (src/domain/paper-diff).
    const changed = Object.keys(changedPaperFields(existing, { ...merged, ...cited, ...rest }));
    const textChanged = changed.some((key) => key === 'title' || key === 'abstract' || key === 'publishedAt');
    const fieldsChanged = changed.some((key) => key in merged);
    const citationsChanged = changed.includes('citationCount');
    const restChanged = changed.some((key) => key in rest);
    const authorsChanged = !sameAuthorList(before, authorIds);
    if (!fieldsChanged && !citationsChanged && !restChanged && !authorsChanged) return 'unchanged';
    if (fieldsChanged) this.st.updatePaper.run({ ...merged, id: existing.id });
    if (citationsChanged) this.st.updateCitations.run(f.citationCount, existing.id);
    if (restChanged) this.st.updateKnownToAll.run({ ...f, novelty, hasCode: f.hasCode ? 1 : 0, id: existing.id });
    if (authorsChanged) {
      this.st.unlink.run(existing.id);
      authorIds.forEach((authorId, i) => this.st.link.run(existing.id, authorId, i + 1));
      for (const id of before) if (!authorIds.includes(id)) this.unlinked.add(id);
    }
    for (const id of before) touched.add(id);
    for (const id of authorIds) touched.add(id);
    const computedKept = existing.noveltyComputed === 1 && novelty === existing.novelty;
    if (textChanged && (computedKept || (novelty === null && record.knows !== 'all'))) toScore.push(existing.id);
    return 'updated';
  }

  /**
   * One batch, one immediate transaction that also marks the authors it touched as pending (their
   * metrics are recomputed in bulk at the end, see refreshPendingAuthorMetrics).
   *
   * Lines come mapped (see formats.mapLines); a line that did not map is skipped. The records are
   * written straight, without a savepoint each (savepoints took more time than the writes).
   * Should one of them fail in the database, the whole batch is rolled back and written again,
   * each record in a savepoint of its own: the bad one is reported and skipped whole.
   */
  runBatch({ records, skipped }: MappedLines): void {
    for (const { line, reason } of skipped) this.skip(line, reason);
    const counts = { added: this.summary.added, updated: this.summary.updated, unchanged: this.summary.unchanged };
    const created: Created = [];
    try {
      const dropped = this.sqlite
        .transaction(() => {
          const touched = new Set<number>();
          const toScore: number[] = [];
          for (const { record } of records) this.summary[this.write(record, touched, created, toScore)]++;
          markAuthorMetricsPending(this.sqlite, touched);
          markNoveltyPending(this.sqlite, toScore);
          return this.dropUnlinked();
        })
        .immediate();
      this.forget(dropped);
    } catch (error) {
      if (isBusy(error)) throw error;
      for (const undo of created) undo();
      this.unlinked.clear();
      Object.assign(this.summary, counts);
      this.runBatchCarefully(records);
    }
  }

  /**
   * Deletes the authors this batch took off an author list who have no paper left, unless a client
   * made them on purpose (createAuthor): as the API's writes do, no import leaves them behind.
   */
  private dropUnlinked(): number[] {
    if (this.unlinked.size === 0) return [];
    const ids = [...this.unlinked];
    this.unlinked.clear();
    return this.st.dropWithoutPapers.all(JSON.stringify(ids)) as number[];
  }

  /** Takes deleted authors out of the maps, once their deletion is committed. */
  private forget(dropped: readonly number[]): void {
    if (dropped.length === 0) return;
    const gone = new Set(dropped);
    for (const map of [this.authorIds, this.authorExternalIds]) for (const [key, id] of map) if (gone.has(id)) map.delete(key);
    for (const id of gone) this.nameOnly.delete(id);
  }

  private runBatchCarefully(records: ReadonlyArray<{ line: number; record: MappedRecord }>): void {
    const touched = new Set<number>();
    const toScore: number[] = [];
    const one = this.sqlite.transaction((record: MappedRecord, created: Created, scored: number[]) => this.write(record, touched, created, scored));
    const dropped = this.sqlite
      .transaction(() => {
        for (const { line, record } of records) {
          const created: Created = [];
          // Kept only once the record's savepoint holds: a rolled-back paper's id may be taken again.
          const scored: number[] = [];
          try {
            this.summary[one(record, created, scored)]++;
            toScore.push(...scored);
          } catch (error) {
            // The savepoint is rolled back: so are the authors it created.
            for (const undo of created) undo();
            this.skip(line, `${record.fields.externalId}: ${(error as Error).message}`);
          }
        }
        markAuthorMetricsPending(this.sqlite, touched);
        markNoveltyPending(this.sqlite, toScore);
        return this.dropUnlinked();
      })
      .immediate();
    this.forget(dropped);
  }
}

/** SQLITE_BUSY and friends: the database, not the record, is the problem; the import stops. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL');
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
function planLoad(db: Db, lines: number, bytesRead: number, totalBytes: number): { suspendSearch: boolean; deferIndexes: boolean } {
  const estimatedRecords = (lines / Math.max(bytesRead, 1)) * totalBytes;
  const papers = db.sqlite.prepare('SELECT count(*) FROM papers').pluck().get() as number;
  return { suspendSearch: estimatedRecords * 50 >= papers, deferIndexes: estimatedRecords >= 2 * papers };
}

/**
 * Imports a file of JSON lines (gzip detected by its magic bytes), each line mapped by `map` (a
 * format's mapper by name, or a function). A large load suspends search indexing and defers the
 * secondary indexes (see planLoad); the novelty of the papers added without one is computed once
 * the search index is back, then the touched authors' metrics are recomputed in bulk.
 *
 * A named format in a file of WORKER_FROM_BYTES or more is mapped in a worker thread, one batch
 * ahead of the writes: at most two batches are in memory, the one written and the one mapped.
 */
export async function importLines(db: Db, file: string, map: RecordMapper | ImportFormat, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const totalBytes = (await fs.promises.stat(file)).size;
  const gzip = await isGzip(file);
  const useWorker = typeof map === 'string' && (options.mapInWorker ?? totalBytes >= WORKER_FROM_BYTES);
  const mapper = typeof map === 'string' ? MAPPERS[map] : map;

  // The WAL is copied back into the database every WAL_PAGES_PER_CHECKPOINT pages instead of
  // every 1,000: a page an import dirties again and again is copied back once (25% faster).
  // Pages read through a memory map rather than a read() each: the bulk metrics at the end look
  // up every author's papers at random, 30% faster so on a million papers.
  const importer = new Importer(db.sqlite);
  const pragmas = { wal_autocheckpoint: WAL_PAGES_PER_CHECKPOINT, cache_size: -IMPORT_CACHE_KIB, mmap_size: IMPORT_MMAP_BYTES };
  const before = Object.fromEntries(Object.keys(pragmas).map((name) => [name, db.sqlite.pragma(name, { simple: true })]));
  for (const [name, value] of Object.entries(pragmas)) db.sqlite.pragma(`${name} = ${value}`);
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
      importer.runBatch(await mapped);
      records += size;
      options.onProgress?.({ stage: 'records', records, bytesRead: raw.bytesRead, totalBytes });
    };
    let plan: ReturnType<typeof planLoad> | null = null;
    const flush = async (batch: Line[]): Promise<void> => {
      if (!plan) {
        plan = planLoad(db, batch.length, raw.bytesRead, totalBytes);
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
    // Also the indexes an earlier run deferred and was killed before it restored them.
    if ((plan as ReturnType<typeof planLoad> | null)?.deferIndexes) options.onProgress?.({ stage: 'indexes', records, bytesRead: totalBytes, totalBytes });
    restoreDeferredIndexes(db.sqlite);
    options.onProgress?.({ stage: 'search index', records, bytesRead: totalBytes, totalBytes });
    resumeSearchIndexing(db.sqlite, { rebuild: importer.summary.added + importer.summary.updated > 0 });
    searchResumed = true;
    // The novelty of the papers marked (by this run, or left by one that was killed) needs the
    // search index; its scores change the authors' novelty means, so it comes before their metrics.
    options.onProgress?.({ stage: 'novelty', records, bytesRead: totalBytes, totalBytes });
    noveltyComputed = computePendingNovelty(db.sqlite, { refreshMetrics: false }).computed;
    options.onProgress?.({ stage: 'metrics', records, bytesRead: totalBytes, totalBytes });
    // In bulk, and with any authors left pending by an earlier run that was killed.
    refreshPendingAuthorMetrics(db.sqlite);
  } finally {
    raw.destroy();
    await pool?.destroy();
    // A run that changed nothing (a re-import) only puts the triggers back; a killed one is
    // rebuilt in full by the next start.
    if (!searchResumed) resumeSearchIndexing(db.sqlite, { rebuild: importer.summary.added + importer.summary.updated > 0 });
    for (const [name, value] of Object.entries(before)) db.sqlite.pragma(`${name} = ${value}`);
  }
  // The time includes the rebuild of the search indexes, the novelty and the metrics: the import is not done before them.
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { added, updated, unchanged, skipped, skippedLines } = importer.summary;
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
export async function importFile(db: Db, file: string, options: ImportFileOptions = {}): Promise<ImportSummary> {
  const format = options.format ?? (await detectFormat(file));
  return importLines(db, file, format, options);
}
