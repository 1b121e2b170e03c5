// The one write path for papers: the API's writes (./paper-writes), the importer, the corpus
// generator and the demo seed all write a paper here. Each record is matched to the stored paper,
// compared with it field by field (src/domain/paper-diff), and only what differs is written: the
// row, its author list, the authors a list names for the first time, the topics; the authors a
// list drops go when no paper names them any more. What depends on a paper follows in the same
// transaction (inWriteTransaction, the one place a write's transaction begins): the metrics of
// the authors whose papers changed and the novelty of a paper without a supplied one.
//
// What callers differ in is said by the mode, not by code of their own:
// - `api`, one record a transaction (createPaper, upsertPaper, updatePaper): the paper by row id
//   or external id; a name in the author list is the author at the same position of the stored
//   list when authorKey agrees, else a new author; a field left out keeps its value; the novelty
//   is scored and the metrics refreshed before the transaction ends, so the answer shows them.
// - `bulk`, a batch a transaction (PaperWriteSession: importer, generator, seed): the paper and
//   the authors as PaperWriteOptions says; a field the source does not know keeps the stored
//   value (PaperWriteRecord.knows); the metrics and novelty are marked pending in the batch's
//   transaction and done once at the end (finish), by far the cheaper for many papers.
import type Database from 'better-sqlite3';
import { type Db } from './client';
import { keyList, prepared } from './prepared';
import { PAPER_COLUMNS, type PaperFields, type PaperRecord } from './records';
import { changedPaperFields, changesAuthorMetrics, movedAuthors, sameAuthorList } from '../../domain/paper-diff';
import { authorKey } from '../../domain/text';
import { markAuthorMetricsPending, refreshAuthorMetrics, refreshListedAuthorMetrics, refreshPendingAuthorMetrics } from './author-metrics';
import { scoreWrittenPapers } from './novelty/incremental';
import { computePendingNovelty } from './novelty/pending';
import { markNoveltyPending } from './novelty/results';
import { planNoveltyForUpdate } from './novelty/write-rules';
import { importedChanges } from '../imported-changes';
import type {
  BatchSummary,
  FinishOptions,
  FinishSummary,
  NumberedRecord,
  PaperWriteOptions,
  PaperWriteRecord,
  SkippedRecord,
  WriteAuthor,
} from '../write-types';
import type { TopicRecord } from '../types';
import { changesSoFar, moveDataVersion } from './data-version';
import { withoutCounting } from './statement-counter';

/** An entry of an API author list: an existing author's id, or a name (see resolveByPosition). */
export type AuthorRef = number | { name: string };

// One transaction per write. A call inside another write, or inside the resolver's transaction
// that checks the input, joins it: a savepoint would cost two statements and undo nothing more,
// since an error leaves the whole write anyway. A transaction that changed any row moves the data
// version (./data-version.ts) before it commits; one refused before it wrote leaves it.
export function inWriteTransaction<T>(db: Db, work: () => T): T {
  if (db.sqlite.inTransaction) return work();
  return db.sqlite
    .transaction(() => {
      const before = changesSoFar(db.sqlite);
      const result = work();
      if (changesSoFar(db.sqlite) !== before) moveDataVersion(db.sqlite);
      return result;
    })
    .immediate();
}

/**
 * A stored paper as read, has_code as stored (0 or 1): compared with a record field by field; and
 * whether its novelty is a computed one (see ./novelty/results).
 */
export type StoredPaper = Omit<PaperRecord, 'hasCode'> & { hasCode: 0 | 1; noveltyComputed: 0 | 1 };

interface ListedAuthor {
  id: number;
  name: string;
}

const FIND_PAPER = `SELECT ${PAPER_COLUMNS}, EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id AND n.novelty IS p.novelty) AS noveltyComputed
       FROM papers p WHERE`;
const BY_ID = `${FIND_PAPER} p.id = ?`;
const BY_EXTERNAL_ID = `${FIND_PAPER} p.external_id = ?`;
const BY_DOI = `${FIND_PAPER} p.doi = ? ORDER BY p.id LIMIT 1`;
const BY_ARXIV_ID = `${FIND_PAPER} p.arxiv_id = ? ORDER BY p.id LIMIT 1`;
const AUTHOR_LIST = 'SELECT a.id AS id, a.name AS name FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = ? ORDER BY s.position';
const INSERT_PAPER = `INSERT INTO papers (external_id, title, abstract, category, topic_id, topic_ids, work_type, doi, arxiv_id, published_at, score, novelty, ai_score, citation_count, has_code, code_url)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_AUTHOR = 'INSERT INTO authors (name, external_id, kept_without_papers) VALUES (?, ?, ?)';
const SET_AUTHOR_EXTERNAL_ID = 'UPDATE authors SET external_id = ? WHERE id = ? AND external_id IS NULL';
const IDENTIFIED_AUTHORS_OF = 'SELECT count(*) FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = ? AND a.external_id IS NOT NULL';
const UNLINK = 'DELETE FROM authorships WHERE paper_id = ?';
// No write leaves behind an author nobody asked to keep: one a paper write made by name goes
// when no paper names them any more (authors.kept_without_papers). Their metrics row cascades.
const DROP_WITHOUT_PAPERS = `DELETE FROM authors WHERE id IN (SELECT value FROM json_each(?)) AND kept_without_papers = 0
  AND NOT EXISTS (SELECT 1 FROM authorships s WHERE s.author_id = authors.id) RETURNING id`;
// OpenAlex renames a topic now and then: the last record read says what it is called. A topic
// stored as the record has it is not written again.
const UPSERT_TOPIC = `INSERT INTO openalex_topics (id, name, subfield_id, subfield_name, field_id, field_name, domain_id, domain_name)
  VALUES (@id, @name, @subfieldId, @subfieldName, @fieldId, @fieldName, @domainId, @domainName)
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, subfield_id = excluded.subfield_id, subfield_name = excluded.subfield_name,
    field_id = excluded.field_id, field_name = excluded.field_name, domain_id = excluded.domain_id, domain_name = excluded.domain_name
  WHERE (name, subfield_id, subfield_name, field_id, field_name, domain_id, domain_name) IS NOT
        (excluded.name, excluded.subfield_id, excluded.subfield_name, excluded.field_id, excluded.field_name, excluded.domain_id, excluded.domain_name)`;

// The triggers that move the data version for each row written to papers (migration 0015). Each
// firing runs a sub-program in a statement savepoint: two thirds of a load's paper inserts (25 of
// 35 us). A bulk batch moves the version once itself (inWriteTransaction), so it drops them inside
// its transaction and creates them again before it commits (see PaperWrites.writeBatch).
const ROW_VERSION_TRIGGERS = ['papers_insert_data_version', 'papers_update_data_version'];

// The API links an author list in one statement of as many rows (one prepared statement per
// length, cached), so that a write costs one statement whatever its list; a load links a row per
// statement, which took a third less time for a corpus than the rows in one statement.
const LINK_ROWS_PER_STATEMENT = 500;
const LINK = 'INSERT INTO authorships (paper_id, author_id, position) VALUES (?, ?, ?)';

const COLUMNS: Record<keyof PaperFields, string> = {
  externalId: 'external_id',
  title: 'title',
  abstract: 'abstract',
  category: 'category',
  topicId: 'topic_id',
  topicIds: 'topic_ids',
  workType: 'work_type',
  doi: 'doi',
  arxivId: 'arxiv_id',
  publishedAt: 'published_at',
  score: 'score',
  novelty: 'novelty',
  aiScore: 'ai_score',
  citationCount: 'citation_count',
  hasCode: 'has_code',
  codeUrl: 'code_url',
};

/** A value as SQLite binds it: booleans as 0/1, nothing as null. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

/**
 * The row of a new paper in INSERT_PAPER's order: what a record leaves out takes the column's
 * default. Bound by position: by name, a corpus's papers took a tenth longer.
 */
function paperRow(f: PaperFields): unknown[] {
  return [
    f.externalId ?? null,
    f.title,
    f.abstract ?? '',
    f.category ?? null,
    f.topicId ?? null,
    f.topicIds ?? null,
    f.workType ?? null,
    f.doi ?? null,
    f.arxivId ?? null,
    f.publishedAt,
    f.score ?? 0,
    f.novelty ?? null,
    f.aiScore ?? null,
    f.citationCount ?? 0,
    f.hasCode ? 1 : 0,
    f.codeUrl ?? null,
  ];
}

type Outcome = 'added' | 'updated' | 'unchanged';

/** Undoes the additions to a session's maps made by a record whose savepoint was rolled back. */
type Undo = Array<() => void>;

/** What a paper's write left for the end of its transaction. */
interface Dependents {
  /** Authors whose papers changed: their metrics follow. */
  touched: Set<number>;
  /** Papers to score. */
  toScore: number[];
  /** Authors taken off a list: those left without a paper go. */
  unlinked: Set<number>;
}

/**
 * The writer over one connection: the statements every mode shares. A bulk session (PaperWrites
 * below) adds its maps of authors and topics.
 */
class PaperWriter {
  private readonly linkStatements: Database.Statement[] = [];

  constructor(protected readonly db: Db) {}

  protected get sqlite(): Database.Database {
    return this.db.sqlite;
  }

  protected stored(sql: string, key: string | number): StoredPaper | undefined {
    return prepared(this.sqlite, sql).get(key) as StoredPaper | undefined;
  }

  protected authorsOf(paperId: number): ListedAuthor[] {
    return prepared(this.sqlite, AUTHOR_LIST).all(paperId) as ListedAuthor[];
  }

  insertAuthor(name: string, externalId: string | null, kept = false): number {
    return Number(prepared(this.sqlite, INSERT_AUTHOR).run(name, externalId, kept ? 1 : 0).lastInsertRowid);
  }

  protected insertPaper(fields: PaperFields): number {
    return Number(prepared(this.sqlite, INSERT_PAPER).run(paperRow(fields)).lastInsertRowid);
  }

  /** Writes these fields of a paper, one statement (cached per set of columns). */
  protected updatePaper(paperId: number, changes: Partial<PaperFields>): void {
    const keys = (Object.keys(changes) as (keyof PaperFields)[]).filter((key) => key in COLUMNS);
    if (keys.length === 0) return;
    const sql = `UPDATE papers SET ${keys.map((key) => `${COLUMNS[key]} = ?`).join(', ')} WHERE id = ?`;
    prepared(this.sqlite, sql).run(...keys.map((key) => bindable(changes[key])), paperId);
  }

  protected link(paperId: number, authorIds: readonly number[]): void {
    for (let from = 0; from < authorIds.length; from += LINK_ROWS_PER_STATEMENT) {
      const rows = authorIds.slice(from, from + LINK_ROWS_PER_STATEMENT);
      const values: number[] = [];
      rows.forEach((authorId, i) => values.push(paperId, authorId, from + i + 1));
      this.linkStatement(rows.length).run(values);
    }
  }

  /** The statement that links `rows` authors, built once per length and writer. */
  private linkStatement(rows: number): Database.Statement {
    let statement = this.linkStatements[rows];
    if (!statement) {
      statement = prepared(this.sqlite, `INSERT INTO authorships (paper_id, author_id, position) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}`);
      this.linkStatements[rows] = statement;
    }
    return statement;
  }

  /** Replaces a paper's author list when it differs; the authors it took off go to `unlinked`. */
  protected relink(paperId: number, before: readonly number[], after: readonly number[], unlinked: Set<number>): boolean {
    if (sameAuthorList(before, after)) return false;
    prepared(this.sqlite, UNLINK).run(paperId);
    this.link(paperId, after);
    for (const id of movedAuthors(before, after).removed) unlinked.add(id);
    return true;
  }

  /** Of these authors, drops those with no paper left (unless kept on purpose); returns the dropped. */
  protected dropWithoutPapers(authorIds: Iterable<number>): number[] {
    const ids = [...authorIds];
    if (ids.length === 0) return [];
    return prepared(this.sqlite, DROP_WITHOUT_PAPERS).pluck().all(keyList(ids)) as number[];
  }

  // The API's mode: one record, the dependents done before the transaction ends.

  /**
   * Ids for an API author list. A name is the author at the same position of the paper's stored
   * list when the two names agree as authorKey says: a source sending its record again names the
   * same people. Any other name is a new author, who goes with their last paper; so is a name
   * matching an author the list also gives by id.
   */
  private resolveByPosition(stored: readonly ListedAuthor[], refs: readonly AuthorRef[]): number[] {
    const byId = new Set(refs.filter((ref) => typeof ref === 'number'));
    return refs.map((ref, i) => {
      if (typeof ref === 'number') return ref;
      const there = stored[i];
      if (there && !byId.has(there.id) && authorKey(there.name) === authorKey(ref.name)) return there.id;
      return this.insertAuthor(ref.name, null);
    });
  }

  /** A new paper with its author list (ids, or names for new authors): scored unless its novelty is supplied, its authors' metrics refreshed. */
  createPaper(fields: PaperFields, refs: readonly AuthorRef[]): { paperId: number; authorIds: number[] } {
    return inWriteTransaction(this.db, () => {
      const authorIds = this.resolveByPosition([], refs);
      const paperId = this.insertPaper(fields);
      this.link(paperId, authorIds);
      if (fields.novelty == null) scoreWrittenPapers(this.sqlite, [paperId]);
      refreshAuthorMetrics(this.sqlite, authorIds);
      return { paperId, authorIds };
    });
  }

  /**
   * An API write of a stored paper: what differs of the fields given, and the author list when
   * given and different. The metrics refreshed are those that can move: every author's for a
   * change of what they are computed from (citations, novelty, ...), the added and removed
   * authors' for a new list, none for a replay. Returns the refreshed authors that still exist.
   */
  rewritePaper(stored: StoredPaper, incoming: Partial<PaperFields>, refs: readonly AuthorRef[] | null): number[] {
    const listed = this.authorsOf(stored.id);
    const before = listed.map((a) => a.id);
    const after = refs ? this.resolveByPosition(listed, refs) : before;
    const changed = changedPaperFields(stored, incoming);
    // The novelty rules read the stored row: only worth a statement when something differs.
    const plan = Object.keys(changed).length > 0 ? planNoveltyForUpdate(this.sqlite, stored.id, changed) : { changes: changed, rescore: false };
    this.updatePaper(stored.id, plan.changes);
    if (plan.rescore) scoreWrittenPapers(this.sqlite, [stored.id]);
    const { added, removed } = movedAuthors(before, after);
    this.relink(stored.id, before, after, new Set());
    const gone = new Set(this.dropWithoutPapers(removed));
    const kept = removed.filter((id) => !gone.has(id));
    const touched = plan.rescore || changesAuthorMetrics(plan.changes) ? [...new Set([...after, ...kept])] : [...added, ...kept];
    refreshAuthorMetrics(this.sqlite, touched);
    return touched;
  }

  paperById(paperId: number): StoredPaper | undefined {
    return this.stored(BY_ID, paperId);
  }

  paperByExternalId(externalId: string): StoredPaper | undefined {
    return this.stored(BY_EXTERNAL_ID, externalId);
  }

  /** Deletes a paper; its former authors left without a paper go, the others' metrics are refreshed. Returns those. */
  deletePaper(paperId: number): number[] {
    return inWriteTransaction(this.db, () => {
      const before = this.authorsOf(paperId).map((a) => a.id);
      prepared(this.sqlite, 'DELETE FROM papers WHERE id = ?').run(paperId);
      const gone = new Set(this.dropWithoutPapers(before));
      const kept = before.filter((id) => !gone.has(id));
      refreshAuthorMetrics(this.sqlite, kept);
      return kept;
    });
  }
}

/** The API's writes, on a connection (see ./paper-writes). */
export function apiWriter(db: Db): PaperWriter {
  return new PaperWriter(db);
}

/**
 * A bulk session (PaperWriteSession, synchronous): batches of records, one transaction each; the
 * author maps are loaded once and kept up to date across batches.
 */
export class PaperWrites extends PaperWriter {
  /** Authors by key (authorKey over every stored author, the oldest of a key; or the load's own keys). */
  private readonly authorIds = new Map<string | number, number>();
  /** The authors of authorIds known by name only: the first source id under that name claims them. */
  private readonly nameOnly = new Set<number>();
  private readonly authorExternalIds = new Map<string, number>();
  /** The topics written (or found as they are) in this session, by id, as JSON: each is written once. */
  private readonly topics = new Map<string, string>();
  /**
   * The authors this session marked pending (in committed batches): each is marked once, by the
   * first batch that touches them, and finish refreshes them all, even those another process's
   * refresh took off the list meanwhile. Marking every touched author again in every batch took a
   * tenth of a generated corpus's time.
   */
  private readonly marked = new Set<number>();
  /** ROW_VERSION_TRIGGERS as stored (name and CREATE statement), read when a batch first drops them. */
  private rowVersionTriggers: { name: string; sql: string }[] | null = null;
  /**
   * In writeBatch's transaction: whether the batch may drop the row triggers (ROW_VERSION_TRIGGERS)
   * before its first write of a paper, and whether it did. Never in a record's savepoint
   * (writeBatchCarefully), whose rollback would bring them back behind the batch's back.
   */
  private triggers: 'kept' | 'droppable' | 'dropped' = 'kept';

  constructor(
    db: Db,
    private readonly options: PaperWriteOptions,
  ) {
    super(db);
    if (options.authors === 'source') this.loadAuthors();
  }

  /**
   * Drops the row triggers of papers for the rest of the batch's transaction (see
   * ROW_VERSION_TRIGGERS), at its first write of a paper: a batch that writes none (a re-import)
   * leaves the schema alone.
   */
  private beforePaperWrite(): void {
    if (this.triggers !== 'droppable') return;
    this.rowVersionTriggers ??= this.sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'papers' AND name IN (${ROW_VERSION_TRIGGERS.map(() => '?').join(', ')})`)
      .all(...ROW_VERSION_TRIGGERS) as { name: string; sql: string }[];
    const triggers = this.rowVersionTriggers;
    withoutCounting(() => {
      for (const { name } of triggers) this.sqlite.exec(`DROP TRIGGER "${name}"`);
    });
    this.triggers = 'dropped';
  }

  /** Creates the row triggers again, in the batch's transaction, if it dropped them. */
  private restoreRowTriggers(): void {
    const triggers = this.rowVersionTriggers ?? [];
    if (this.triggers === 'dropped') {
      withoutCounting(() => {
        for (const { sql } of triggers) this.sqlite.exec(sql);
      });
    }
    this.triggers = 'kept';
  }

  protected override insertPaper(fields: PaperFields): number {
    this.beforePaperWrite();
    return super.insertPaper(fields);
  }

  protected override updatePaper(paperId: number, changes: Partial<PaperFields>): void {
    this.beforePaperWrite();
    super.updatePaper(paperId, changes);
  }

  /** Every stored author by authorKey (of several with one key, the oldest) and by external id. */
  private loadAuthors(): void {
    const rows = this.sqlite.prepare('SELECT id, name, external_id AS externalId FROM authors ORDER BY id').iterate() as IterableIterator<{
      id: number;
      name: string;
      externalId: string | null;
    }>;
    for (const row of rows) {
      if (row.externalId !== null) this.authorExternalIds.set(row.externalId, row.id);
      const key = authorKey(row.name);
      if (!key || this.authorIds.has(key)) continue;
      this.authorIds.set(key, row.id);
      if (row.externalId === null) this.nameOnly.add(row.id);
    }
  }

  /**
   * One batch, one immediate transaction that also marks what its papers' changes leave pending.
   * The records are written straight, without a savepoint each (savepoints took more time than
   * the writes). Should one of them fail in the database, the whole batch is rolled back and
   * written again, each record in a savepoint of its own: the bad one is reported and skipped whole.
   */
  writeBatch(records: readonly NumberedRecord[]): BatchSummary {
    const summary: BatchSummary = { added: 0, updated: 0, unchanged: 0, skipped: [] };
    const undo: Undo = [];
    try {
      const settled = inWriteTransaction(this.db, () => {
        const dependents = newDependents();
        this.triggers = 'droppable';
        for (const { record } of records) summary[this.write(record, dependents, undo)]++;
        this.restoreRowTriggers();
        return this.settle(dependents);
      });
      this.committed(settled);
      return summary;
    } catch (error) {
      // The rollback brought the triggers back.
      this.triggers = 'kept';
      if (isBusy(error)) throw error;
      for (const step of undo) step();
      return this.writeBatchCarefully(records);
    }
  }

  private writeBatchCarefully(records: readonly NumberedRecord[]): BatchSummary {
    const summary: BatchSummary = { added: 0, updated: 0, unchanged: 0, skipped: [] };
    const dependents = newDependents();
    const one = this.sqlite.transaction((record: PaperWriteRecord, own: Dependents, undo: Undo) => this.write(record, own, undo));
    const settled = inWriteTransaction(this.db, () => {
      for (const { line, record } of records) {
        const undo: Undo = [];
        // Kept only once the record's savepoint holds: a rolled-back paper's id may be taken again.
        const own = newDependents();
        try {
          summary[one(record, own, undo)]++;
          for (const id of own.touched) dependents.touched.add(id);
          for (const id of own.unlinked) dependents.unlinked.add(id);
          dependents.toScore.push(...own.toScore);
        } catch (error) {
          // The savepoint is rolled back: so are the authors it created.
          for (const step of undo) step();
          summary.skipped.push({ line, reason: `${record.fields.externalId}: ${(error as Error).message}` } satisfies SkippedRecord);
        }
      }
      return this.settle(dependents);
    });
    this.committed(settled);
    return summary;
  }

  /**
   * The end of a batch's transaction: the authors whose papers changed (those the session has not
   * marked yet) and the papers to score marked pending, and the authors the batch took off a list
   * who have no paper left dropped (unless a client made them on purpose, createAuthor), as the
   * API's writes do. Returns both, for the session to note once committed.
   */
  private settle({ touched, toScore, unlinked }: Dependents): { marked: number[]; dropped: number[] } {
    const marked = [...touched].filter((id) => !this.marked.has(id));
    markAuthorMetricsPending(this.sqlite, marked);
    markNoveltyPending(this.sqlite, toScore);
    return { marked, dropped: this.dropWithoutPapers(unlinked) };
  }


  protected override link(paperId: number, authorIds: readonly number[]): void {
    const link = prepared(this.sqlite, LINK);
    for (let i = 0; i < authorIds.length; i++) link.run(paperId, authorIds[i], i + 1);
  }

  /** Notes a committed batch's marks, and takes its deleted authors out of the maps. */
  private committed({ marked, dropped }: { marked: number[]; dropped: number[] }): void {
    for (const id of marked) this.marked.add(id);
    if (dropped.length === 0) return;
    const gone = new Set(dropped);
    for (const map of [this.authorIds, this.authorExternalIds]) for (const [key, id] of map) if (gone.has(id)) map.delete(key);
    for (const id of gone) {
      this.nameOnly.delete(id);
      this.marked.delete(id);
    }
  }

  /**
   * The novelty of the papers marked (by this session, or left by a load that was killed), then
   * the metrics of the authors marked, in bulk: the novelty first, since it feeds the authors'
   * novelty means. The session's authors first, then any an earlier load left pending.
   */
  finish({ scoreNovelty = true, onStage }: FinishOptions = {}): FinishSummary {
    let noveltyComputed = 0;
    if (scoreNovelty) {
      onStage?.('novelty');
      noveltyComputed = computePendingNovelty(this.sqlite, { refreshMetrics: false }).computed;
    }
    onStage?.('metrics');
    const own = refreshListedAuthorMetrics(this.sqlite, [...this.marked].sort((a, b) => a - b));
    this.marked.clear();
    return { noveltyComputed, authorsRefreshed: own + refreshPendingAuthorMetrics(this.sqlite).authors };
  }

  /**
   * The author by the source's id when it gives one, else by key. An id seen for the first time
   * may claim the author known by that name only (see WriteAuthor.claimsNamesake), so that an
   * arXiv import followed by an OpenAlex one gives one author, not two; it never claims an author
   * that has an id of its own. A name-only author created later under a name an id has links to
   * that author.
   */
  private authorId({ name, key, externalId, claimsNamesake }: WriteAuthor, undo: Undo): number {
    if (externalId) {
      let id = this.authorExternalIds.get(externalId);
      const named = id === undefined && claimsNamesake ? this.authorIds.get(key) : undefined;
      if (named !== undefined && this.nameOnly.has(named)) {
        prepared(this.sqlite, SET_AUTHOR_EXTERNAL_ID).run(externalId, named);
        this.nameOnly.delete(named);
        this.authorExternalIds.set(externalId, named);
        undo.push(() => this.nameOnly.add(named), () => this.authorExternalIds.delete(externalId));
        id = named;
      }
      if (id === undefined) {
        const newId = this.insertAuthor(name, externalId);
        this.authorExternalIds.set(externalId, newId);
        undo.push(() => this.authorExternalIds.delete(externalId));
        if (!this.authorIds.has(key)) {
          this.authorIds.set(key, newId);
          undo.push(() => this.authorIds.delete(key));
        }
        id = newId;
      }
      return id;
    }
    let id = this.authorIds.get(key);
    if (id === undefined) {
      const newId = this.insertAuthor(name, null);
      this.authorIds.set(key, newId);
      this.nameOnly.add(newId);
      undo.push(() => this.authorIds.delete(key), () => this.nameOnly.delete(newId));
      id = newId;
    }
    return id;
  }

  /** Writes the topic a record names, once a session, and again only when it says something new of it. */
  private writeTopic(topic: TopicRecord, undo: Undo): void {
    const json = JSON.stringify(topic);
    if (this.topics.get(topic.id) === json) return;
    prepared(this.sqlite, UPSERT_TOPIC).run(topic);
    this.topics.set(topic.id, json);
    undo.push(() => this.topics.delete(topic.id));
  }

  /** The stored paper this record is: by external id, else by DOI, else by arXiv id; none for a load of new papers. */
  private find(f: PaperWriteRecord['fields']): StoredPaper | undefined {
    if (this.options.match === 'none') return undefined;
    return this.stored(BY_EXTERNAL_ID, f.externalId) ?? (f.doi ? this.stored(BY_DOI, f.doi) : undefined) ?? (f.arxivId ? this.stored(BY_ARXIV_ID, f.arxivId) : undefined);
  }

  /** The record's author list as ids, creating the authors not known yet. */
  private resolveAuthors(record: PaperWriteRecord, undo: Undo): number[] {
    const ids: number[] = [];
    for (const author of record.authors) {
      const id = this.authorId(author, undo);
      // Two source authors may come to one author here (one name, no ids): link them once.
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /**
   * The author list a record gives a stored paper. A list of names alone does not replace a list
   * with source ids (an arXiv record of a paper whose OpenAlex authors are known): the names may
   * be spelled otherwise, the ids are identities; and the authors of such a list are not created,
   * since nothing would name them.
   */
  private authorListFor(record: PaperWriteRecord, paperId: number, before: number[], undo: Undo): number[] {
    if (record.authors.some((a) => a.externalId)) return this.resolveAuthors(record, undo);
    const known = [...new Set(record.authors.map((a) => this.authorIds.get(a.key)))];
    if (known.every((id) => id !== undefined) && sameAuthorList(before, known as number[])) return before;
    if ((prepared(this.sqlite, IDENTIFIED_AUTHORS_OF).pluck().get(paperId) as number) > 0) return before;
    return this.resolveAuthors(record, undo);
  }

  /**
   * Writes one record; adds the authors whose papers changed to `touched`, and the paper to
   * `toScore` when its novelty is to be computed: added without one by a source that knows no
   * novelty, or its text or date changed while its novelty is computed (or missing, from such a
   * source).
   */
  private write(record: PaperWriteRecord, { touched, toScore, unlinked }: Dependents, undo: Undo): Outcome {
    for (const topic of record.topics ?? []) this.writeTopic(topic, undo);
    const f = record.fields;
    const existing = this.find(f);
    if (existing === undefined) {
      const authorIds = this.resolveAuthors(record, undo);
      const paperId = this.insertPaper(f);
      this.link(paperId, authorIds);
      for (const id of authorIds) touched.add(id);
      if (f.novelty === null && record.knows !== 'all') toScore.push(paperId);
      return 'added';
    }
    const before = this.authorsOf(existing.id).map((a) => a.id);
    const authorIds = this.authorListFor(record, existing.id, before, undo);
    const { changes, textChanged, novelty } = importedChanges(existing, record);
    const authorsChanged = !sameAuthorList(before, authorIds);
    if (Object.keys(changes).length === 0 && !authorsChanged) return 'unchanged';
    this.updatePaper(existing.id, changes);
    this.relink(existing.id, before, authorIds, unlinked);
    for (const id of before) touched.add(id);
    for (const id of authorIds) touched.add(id);
    const computedKept = existing.noveltyComputed === 1 && novelty === existing.novelty;
    if (textChanged && (computedKept || (novelty === null && record.knows !== 'all'))) toScore.push(existing.id);
    return 'updated';
  }
}

function newDependents(): Dependents {
  return { touched: new Set(), toScore: [], unlinked: new Set() };
}

/** SQLITE_BUSY and friends: the database, not the record, is the problem; the load stops. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL');
}

/** A bulk session (see PaperWrites), synchronous: for a loader that holds the connection (the seed, the generator). */
export function openPaperWrites(db: Db, options: PaperWriteOptions): PaperWrites {
  return new PaperWrites(db, options);
}
