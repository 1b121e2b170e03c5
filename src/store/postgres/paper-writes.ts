// The one write path's loads on PostgreSQL (issue 19): PaperWriteSession (../write-types) over a
// pg.Pool, with the behaviour of SQLite's bulk session (../sqlite/paper-writer.ts, PaperWrites):
// a record matched to the stored paper (external id, else DOI, else arXiv id; or none), its
// authors resolved (source id, else name key; or the load's own keys), only what differs written
// (src/domain/paper-diff), the authors whose papers changed and the papers left without a novelty
// marked pending in the batch's transaction, and the metrics refreshed in bulk by finish.
//
// What PostgreSQL changes:
// - A network round trip per statement: a batch is written in phases, each one statement for all
//   its records (unnest arrays): topics, the stored papers and their author lists, the authors'
//   claims and new authors, the new papers, the changed papers, the author lists, the pending
//   marks. A batch of new papers costs about 7 round trips whatever its size.
// - Several sessions on several nodes write at once. Papers and identified authors are inserted
//   with ON CONFLICT on their external id, so none is ever created twice; an author another
//   session inserted meanwhile is read back. A paper another session inserted after this batch
//   looked (its insert meets the conflict) makes the batch start again, and so do a deadlock and a
//   lost claim: the second time it finds what the other session committed. The stored papers a
//   batch rewrites are locked (FOR UPDATE) before they are read; rows are inserted and locked in
//   one order (by key) so that two sessions rarely wait on each other in a cycle.
// - Author metrics are refreshed under a lock of the authors' rows (FOR UPDATE, which waits for
//   any batch still linking them, whose FOREIGN KEY check holds a KEY SHARE lock), so a refresh
//   never writes metrics computed before another session's committed change: no lost update.
//   What an earlier, killed load left pending is taken FOR UPDATE SKIP LOCKED, a slice a node.
import { importedChanges } from '../imported-changes';
import type { Pool, PoolClient } from 'pg';
import { primaryOnly, type PgDb, type Queryable } from './db';
import { newPaperValue, STORED_PAPER_SELECT, WRITABLE_COLUMN_LIST, WRITABLE_PAPER_COLUMNS } from './paper-columns';
import { computePendingNovelty } from './novelty/pending-papers';
import { authorMetrics, type PaperFacts } from '../../metrics';
import { sameAuthorList, movedAuthors } from '../../domain/paper-diff';
import { authorKey } from '../../domain/text';
import type { PaperFields, PaperRecord, TopicRecord } from '../types';
import type {
  BatchSummary,
  FinishOptions,
  FinishSummary,
  NumberedRecord,
  PaperWriteOptions,
  PaperWriteRecord,
  PaperWriteSession,
  WriteAuthor,
} from '../write-types';

/** A stored paper as read, and whether its novelty is a computed one (paper_novelty agrees). */
type StoredPaper = PaperRecord & { noveltyComputed: boolean };

interface Existing {
  paper: StoredPaper;
  /** Its author list in order, and how many of them have a source id. */
  authorIds: number[];
  identified: number;
}

type Outcome = 'added' | 'updated' | 'unchanged';
type Undo = Array<() => void>;

interface Dependents {
  touched: Set<number>;
  toScore: number[];
  unlinked: Set<number>;
}

/** An author this batch creates: a temporary (negative) id until the insert gives the real one. */
interface NewAuthor {
  temp: number;
  real?: number;
  name: string;
  externalId: string | null;
}

/**
 * Another session committed what this batch meant to insert: the batch starts again. `learned`
 * runs once the batch's own changes to the maps are undone: what the conflict taught the session.
 */
class Conflict extends Error {
  constructor(
    message: string,
    readonly learned?: () => void,
  ) {
    super(message);
  }
}

function undoAll(undo: Undo, error: unknown): void {
  for (let i = undo.length - 1; i >= 0; i--) undo[i]();
  if (error instanceof Conflict) error.learned?.();
}

const MAX_ATTEMPTS = 6;
const AUTHORS_PER_REFRESH = 5_000;

const PAPER_UNNEST = WRITABLE_PAPER_COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ');

const INSERT_PAPERS = (onConflict: boolean) => `INSERT INTO papers (${WRITABLE_COLUMN_LIST})
  SELECT ${WRITABLE_COLUMN_LIST} FROM unnest(${PAPER_UNNEST}) WITH ORDINALITY AS u(${WRITABLE_COLUMN_LIST}, n) ORDER BY n
  ${onConflict ? 'ON CONFLICT (external_id) DO NOTHING' : ''} RETURNING id, external_id AS "externalId"`;

const UPDATE_PAPERS = `UPDATE papers p SET ${WRITABLE_PAPER_COLUMNS.map(([, column]) => `${column} = u.${column}`).join(', ')}
  FROM unnest(${PAPER_UNNEST}, $${WRITABLE_PAPER_COLUMNS.length + 1}::int4[]) AS u(${WRITABLE_COLUMN_LIST}, id) WHERE p.id = u.id`;

const UPSERT_TOPICS = `INSERT INTO openalex_topics (id, name, subfield_id, subfield_name, field_id, field_name, domain_id, domain_name)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, subfield_id = excluded.subfield_id, subfield_name = excluded.subfield_name,
    field_id = excluded.field_id, field_name = excluded.field_name, domain_id = excluded.domain_id, domain_name = excluded.domain_name
  WHERE (openalex_topics.name, openalex_topics.subfield_id, openalex_topics.subfield_name, openalex_topics.field_id,
         openalex_topics.field_name, openalex_topics.domain_id, openalex_topics.domain_name) IS DISTINCT FROM
        (excluded.name, excluded.subfield_id, excluded.subfield_name, excluded.field_id, excluded.field_name, excluded.domain_id, excluded.domain_name)`;

const FACTS = `SELECT s.author_id AS "authorId", p.citation_count AS "citationCount", p.novelty, p.ai_score AS "aiScore",
    p.category, p.published_at AS "publishedAt", p.topic_id AS "topicId",
    t.subfield_id AS "subfieldId", t.field_id AS "fieldId", t.domain_id AS "domainId"
  FROM authorships s JOIN papers p ON p.id = s.paper_id LEFT JOIN openalex_topics t ON t.id = p.topic_id
  WHERE s.author_id = ANY($1::int4[])`;

// The metrics of a slice of authors written and the slice taken off the pending list: one statement.
const WRITE_METRICS = `WITH m AS (
    INSERT INTO author_metrics (author_id, paper_count, citation_count, h_index, i10_index, g_index, novelty, ai_score,
      primary_category, primary_topic_id, primary_subfield_id, primary_field_id, primary_domain_id)
    SELECT * FROM unnest($1::int4[], $2::int4[], $3::int4[], $4::int4[], $5::int4[], $6::int4[], $7::float8[], $8::float8[],
      $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
    ON CONFLICT (author_id) DO UPDATE SET
      paper_count = excluded.paper_count, citation_count = excluded.citation_count,
      h_index = excluded.h_index, i10_index = excluded.i10_index, g_index = excluded.g_index,
      novelty = excluded.novelty, ai_score = excluded.ai_score, primary_category = excluded.primary_category,
      primary_topic_id = excluded.primary_topic_id, primary_subfield_id = excluded.primary_subfield_id,
      primary_field_id = excluded.primary_field_id, primary_domain_id = excluded.primary_domain_id,
      changed_at = excluded.changed_at
    RETURNING 1)
  DELETE FROM author_metrics_pending WHERE author_id = ANY($14::int4[])`;

/** Rows of paper fields as unnest's column arrays. */
function columnArrays(rows: readonly Partial<PaperFields>[]): unknown[][] {
  return WRITABLE_PAPER_COLUMNS.map(([key]) => rows.map((row) => newPaperValue(row, key)));
}

const byNumber = (a: number, b: number) => a - b;

function isRetryable(error: unknown): boolean {
  if (error instanceof Conflict) return true;
  const code = (error as { code?: unknown } | null)?.code;
  // deadlock_detected, serialization_failure, unique_violation (a race on a claimed author id)
  return code === '40P01' || code === '40001' || code === '23505';
}

/** The database, not a record, failed: the connection or the server. The load stops. */
function isFatal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return !(error instanceof Conflict) && !('routine' in (error as object));
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57') || code.startsWith('58');
}

export class PostgresPaperWrites implements PaperWriteSession {
  private readonly authorIds = new Map<string | number, number>();
  private readonly nameOnly = new Set<number>();
  private readonly authorExternalIds = new Map<string, number>();
  private readonly topics = new Map<string, string>();
  /** Authors this session marked pending in committed batches: finish refreshes them all. */
  private readonly marked = new Set<number>();
  private nextTemp = -1;

  /** The primary's: every statement of a load goes there, reads included (they precede its writes). */
  private readonly pool: Pool;

  constructor(
    private readonly db: PgDb,
    private readonly options: PaperWriteOptions,
  ) {
    this.pool = db.pool;
  }

  /** Every stored author by authorKey (of several with one key, the oldest) and by external id. */
  async loadAuthors(): Promise<void> {
    if (this.options.authors !== 'source') return;
    const { rows } = await this.pool.query<{ id: number; name: string; externalId: string | null }>(
      'SELECT id, name, external_id AS "externalId" FROM authors ORDER BY id',
    );
    for (const row of rows) {
      if (row.externalId !== null) this.authorExternalIds.set(row.externalId, row.id);
      const key = authorKey(row.name);
      if (!key || this.authorIds.has(key)) continue;
      this.authorIds.set(key, row.id);
      if (row.externalId === null) this.nameOnly.add(row.id);
    }
  }

  /**
   * One batch, one transaction. Should another session's commit or a deadlock get in the way, the
   * batch is rolled back and written again; should a record fail in the database, the batch is
   * written again a record a savepoint, the bad one skipped and reported.
   */
  async write(records: readonly NumberedRecord[]): Promise<BatchSummary> {
    for (let attempt = 1; ; attempt++) {
      const summary: BatchSummary = { added: 0, updated: 0, unchanged: 0, skipped: [] };
      const undo: Undo = [];
      const client = await this.pool.connect();
      let failed: unknown;
      try {
        await client.query('BEGIN');
        const dependents = newDependents();
        for (const segment of this.segments(records)) {
          for (const outcome of await this.writeSegment(client, segment, dependents, undo)) summary[outcome]++;
        }
        const settled = await this.settle(client, dependents);
        await client.query('COMMIT');
        this.committed(settled);
        return summary;
      } catch (error) {
        failed = error;
        await client.query('ROLLBACK').catch(() => undefined);
        undoAll(undo, error);
      } finally {
        client.release();
      }
      if (isFatal(failed)) throw failed;
      if (isRetryable(failed) && attempt < MAX_ATTEMPTS) continue;
      return this.writeCarefully(records);
    }
  }

  /** A record a savepoint; a record refused by the database is skipped whole. */
  private async writeCarefully(records: readonly NumberedRecord[]): Promise<BatchSummary> {
    for (let attempt = 1; ; attempt++) {
      const summary: BatchSummary = { added: 0, updated: 0, unchanged: 0, skipped: [] };
      const undo: Undo = [];
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const dependents = newDependents();
        for (const { line, record } of records) {
          const own = newDependents();
          const ownUndo: Undo = [];
          await client.query('SAVEPOINT record');
          try {
            const [outcome] = await this.writeSegment(client, [record], own, ownUndo);
            await client.query('RELEASE SAVEPOINT record');
            summary[outcome]++;
            undo.push(...ownUndo);
            for (const id of own.touched) dependents.touched.add(id);
            for (const id of own.unlinked) dependents.unlinked.add(id);
            dependents.toScore.push(...own.toScore);
          } catch (error) {
            await client.query('ROLLBACK TO SAVEPOINT record');
            undoAll(ownUndo, error);
            if (isFatal(error) || (isRetryable(error) && !isUniqueViolationOfRecord(error, this.options))) throw error;
            summary.skipped.push({ line, reason: `${record.fields.externalId}: ${(error as Error).message}` });
          }
        }
        const settled = await this.settle(client, dependents);
        await client.query('COMMIT');
        this.committed(settled);
        return summary;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        undoAll(undo, error);
        if (!isFatal(error) && isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }

  /**
   * The batch cut where a record may be the paper an earlier record of the same cut adds or
   * rewrites (one external id, DOI or arXiv id): each cut's stored papers are read after the
   * previous cut wrote, as SQLite's record-by-record writer reads them.
   */
  private segments(records: readonly NumberedRecord[]): PaperWriteRecord[][] {
    if (this.options.match === 'none') return [records.map((r) => r.record)];
    const segments: PaperWriteRecord[][] = [];
    let current: PaperWriteRecord[] = [];
    let keys = new Set<string>();
    for (const { record } of records) {
      const f = record.fields;
      const own = [`e:${f.externalId}`, f.doi ? `d:${f.doi}` : '', f.arxivId ? `a:${f.arxivId}` : ''].filter(Boolean);
      if (own.some((key) => keys.has(key))) {
        segments.push(current);
        current = [];
        keys = new Set();
      }
      current.push(record);
      for (const key of own) keys.add(key);
    }
    if (current.length > 0) segments.push(current);
    return segments;
  }

  private async writeSegment(client: PoolClient, records: readonly PaperWriteRecord[], { touched, toScore, unlinked }: Dependents, undo: Undo): Promise<Outcome[]> {
    await this.writeTopics(client, records, undo);
    const found = await this.find(client, records);
    const newAuthors: NewAuthor[] = [];
    const claims: Array<{ id: number; externalId: string }> = [];
    const ctx = { newAuthors, claims, undo };

    // Planned in record order, with temporary ids for the authors not created yet.
    const outcomes: Outcome[] = [];
    const inserts: Array<{ record: PaperWriteRecord; authorIds: number[] }> = [];
    const updates: Array<{ existing: Existing; changes: Partial<PaperFields>; authorIds: number[]; relink: boolean; rescore: boolean }> = [];
    records.forEach((record, i) => {
      const existing = found[i];
      if (existing === undefined) {
        inserts.push({ record, authorIds: this.resolveAuthors(record, ctx) });
        outcomes.push('added');
        return;
      }
      const before = existing.authorIds;
      const authorIds = this.authorListFor(record, existing, ctx);
      const { changes, textChanged, novelty } = importedChanges(existing.paper, record);
      const relink = !sameAuthorList(before, authorIds);
      if (Object.keys(changes).length === 0 && !relink) {
        outcomes.push('unchanged');
        return;
      }
      const computedKept = existing.paper.noveltyComputed && novelty === existing.paper.novelty;
      const rescore = textChanged && (computedKept || (novelty === null && record.knows !== 'all'));
      updates.push({ existing, changes, authorIds, relink, rescore });
      outcomes.push('updated');
    });

    const real = await this.createAuthors(client, newAuthors, claims);
    const resolve = (id: number) => (id < 0 ? real.get(id)! : id);

    const links: { paperIds: number[]; authorIds: number[]; positions: number[] } = { paperIds: [], authorIds: [], positions: [] };
    const link = (paperId: number, authorIds: number[]) =>
      authorIds.forEach((authorId, i) => {
        links.paperIds.push(paperId);
        links.authorIds.push(authorId);
        links.positions.push(i + 1);
      });

    if (inserts.length > 0) {
      // In one order in every session (by external id), so that two inserts rarely wait in a cycle.
      const ordered = [...inserts].sort((a, b) => (a.record.fields.externalId < b.record.fields.externalId ? -1 : a.record.fields.externalId > b.record.fields.externalId ? 1 : 0));
      const onConflict = this.options.match === 'sourceIds';
      const { rows } = await client.query<{ id: number; externalId: string }>(INSERT_PAPERS(onConflict), columnArrays(ordered.map((o) => o.record.fields)));
      // Another session inserted one of them since this batch looked: start again, and find it.
      if (rows.length < ordered.length) throw new Conflict('a paper of this batch was inserted by another session');
      const ids = new Map(rows.map((r) => [r.externalId, r.id]));
      for (const { record, authorIds } of inserts) {
        const paperId = ids.get(record.fields.externalId)!;
        const resolved = authorIds.map(resolve);
        link(paperId, resolved);
        for (const id of resolved) touched.add(id);
        if (record.fields.novelty === null && record.knows !== 'all') toScore.push(paperId);
      }
    }

    if (updates.length > 0) {
      const changed = updates.filter((u) => Object.keys(u.changes).length > 0);
      if (changed.length > 0) {
        await client.query(UPDATE_PAPERS, [
          ...columnArrays(changed.map((u) => ({ ...u.existing.paper, ...u.changes }))),
          changed.map((u) => u.existing.paper.id),
        ]);
      }
      const relinked = updates.filter((u) => u.relink);
      if (relinked.length > 0) await client.query('DELETE FROM authorships WHERE paper_id = ANY($1::int4[])', [relinked.map((u) => u.existing.paper.id)]);
      for (const u of updates) {
        const after = u.authorIds.map(resolve);
        const before = u.existing.authorIds;
        if (u.relink) {
          link(u.existing.paper.id, after);
          for (const id of movedAuthors(before, after).removed) unlinked.add(id);
        }
        for (const id of before) touched.add(id);
        for (const id of after) touched.add(id);
        if (u.rescore) toScore.push(u.existing.paper.id);
      }
    }

    if (links.paperIds.length > 0) {
      await client.query('INSERT INTO authorships (paper_id, author_id, position) SELECT * FROM unnest($1::int4[], $2::int4[], $3::int4[])', [
        links.paperIds,
        links.authorIds,
        links.positions,
      ]);
    }
    return outcomes;
  }

  /** The topics the records name, written once a session and again only when they say something new. */
  private async writeTopics(client: PoolClient, records: readonly PaperWriteRecord[], undo: Undo): Promise<void> {
    const fresh = new Map<string, TopicRecord>();
    for (const record of records) for (const topic of record.topics ?? []) fresh.set(topic.id, topic);
    const topics = [...fresh.values()].filter((t) => this.topics.get(t.id) !== JSON.stringify(t)).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (topics.length === 0) return;
    const columns: Array<keyof TopicRecord> = ['id', 'name', 'subfieldId', 'subfieldName', 'fieldId', 'fieldName', 'domainId', 'domainName'];
    await client.query(
      UPSERT_TOPICS,
      columns.map((c) => topics.map((t) => t[c] ?? null)),
    );
    for (const topic of topics) {
      this.topics.set(topic.id, JSON.stringify(topic));
      undo.push(() => this.topics.delete(topic.id));
    }
  }

  /**
   * The stored paper of each record (by external id, else DOI, else arXiv id), locked for the
   * transaction, with its author list: two statements for the whole segment.
   */
  private async find(client: PoolClient, records: readonly PaperWriteRecord[]): Promise<Array<Existing | undefined>> {
    if (this.options.match === 'none') return records.map(() => undefined);
    const externalIds = records.map((r) => r.fields.externalId);
    const dois = records.map((r) => r.fields.doi).filter((v): v is string => !!v);
    const arxivIds = records.map((r) => r.fields.arxivId).filter((v): v is string => !!v);
    const { rows } = await client.query<StoredPaper>(
      `${STORED_PAPER_SELECT} WHERE p.external_id = ANY($1::text[]) OR p.doi = ANY($2::text[]) OR p.arxiv_id = ANY($3::text[]) ORDER BY p.id FOR UPDATE OF p`,
      [externalIds, dois, arxivIds],
    );
    if (rows.length === 0) return records.map(() => undefined);
    const byExternalId = new Map<string, StoredPaper>();
    const byDoi = new Map<string, StoredPaper>();
    const byArxivId = new Map<string, StoredPaper>();
    // Ordered by id: of several papers with one DOI or arXiv id, the oldest, as SQLite picks.
    for (const row of rows) {
      if (row.externalId !== null) byExternalId.set(row.externalId, row);
      if (row.doi !== null && !byDoi.has(row.doi)) byDoi.set(row.doi, row);
      if (row.arxivId !== null && !byArxivId.has(row.arxivId)) byArxivId.set(row.arxivId, row);
    }
    const papers = records.map(
      ({ fields: f }) => byExternalId.get(f.externalId) ?? (f.doi ? byDoi.get(f.doi) : undefined) ?? (f.arxivId ? byArxivId.get(f.arxivId) : undefined),
    );
    const ids = [...new Set(papers.filter((p) => p !== undefined).map((p) => p.id))];
    const lists = await client.query<{ paperId: number; authorId: number; identified: boolean }>(
      `SELECT s.paper_id AS "paperId", s.author_id AS "authorId", a.external_id IS NOT NULL AS identified
         FROM authorships s JOIN authors a ON a.id = s.author_id WHERE s.paper_id = ANY($1::int4[]) ORDER BY s.paper_id, s.position`,
      [ids],
    );
    const listed = new Map<number, { authorIds: number[]; identified: number }>(ids.map((id) => [id, { authorIds: [], identified: 0 }]));
    for (const row of lists.rows) {
      const list = listed.get(row.paperId)!;
      list.authorIds.push(row.authorId);
      if (row.identified) list.identified++;
    }
    return papers.map((paper) => (paper === undefined ? undefined : { paper, ...listed.get(paper.id)! }));
  }

  /**
   * The author by the source's id when it gives one, else by key (see SQLite's PaperWrites
   * .authorId): an id seen for the first time may claim the author known by that name only.
   */
  private authorId({ name, key, externalId, claimsNamesake }: WriteAuthor, { newAuthors, claims, undo }: SegmentContext): number {
    if (externalId) {
      let id = this.authorExternalIds.get(externalId);
      const named = id === undefined && claimsNamesake ? this.authorIds.get(key) : undefined;
      if (named !== undefined && this.nameOnly.has(named)) {
        if (named < 0) {
          // A name-only author this very batch creates: created with the id instead.
          const author = newAuthors.find((a) => a.temp === named)!;
          const was = author.externalId;
          author.externalId = externalId;
          undo.push(() => (author.externalId = was));
        } else {
          claims.push({ id: named, externalId });
        }
        this.nameOnly.delete(named);
        this.authorExternalIds.set(externalId, named);
        undo.push(
          () => this.nameOnly.add(named),
          () => this.authorExternalIds.delete(externalId),
        );
        id = named;
      }
      if (id === undefined) {
        const author = this.newAuthor(name, externalId, newAuthors, undo);
        this.authorExternalIds.set(externalId, author.temp);
        undo.push(() => this.authorExternalIds.delete(externalId));
        if (!this.authorIds.has(key)) {
          this.authorIds.set(key, author.temp);
          undo.push(() => this.authorIds.delete(key));
        }
        id = author.temp;
      }
      return id;
    }
    let id = this.authorIds.get(key);
    if (id === undefined) {
      const author = this.newAuthor(name, null, newAuthors, undo);
      this.authorIds.set(key, author.temp);
      this.nameOnly.add(author.temp);
      undo.push(
        () => this.authorIds.delete(key),
        () => {
          this.nameOnly.delete(author.temp);
          if (author.real !== undefined) this.nameOnly.delete(author.real);
        },
      );
      id = author.temp;
    }
    return id;
  }

  private newAuthor(name: string, externalId: string | null, newAuthors: NewAuthor[], undo: Undo): NewAuthor {
    const author: NewAuthor = { temp: this.nextTemp--, name, externalId };
    newAuthors.push(author);
    // Taken out whole should the batch roll back, under either id.
    undo.push(() => {
      for (const map of [this.authorIds, this.authorExternalIds] as Map<unknown, number>[]) {
        for (const [k, id] of map) if (id === author.temp || id === author.real) map.delete(k);
      }
    });
    return author;
  }

  private resolveAuthors(record: PaperWriteRecord, ctx: SegmentContext): number[] {
    const ids: number[] = [];
    for (const author of record.authors) {
      const id = this.authorId(author, ctx);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /** The author list a record gives a stored paper (see SQLite's PaperWrites.authorListFor). */
  private authorListFor(record: PaperWriteRecord, existing: Existing, ctx: SegmentContext): number[] {
    if (record.authors.some((a) => a.externalId)) return this.resolveAuthors(record, ctx);
    const known = [...new Set(record.authors.map((a) => this.authorIds.get(a.key)))];
    if (known.every((id) => id !== undefined) && sameAuthorList(existing.authorIds, known as number[])) return existing.authorIds;
    if (existing.identified > 0) return existing.authorIds;
    return this.resolveAuthors(record, ctx);
  }

  /**
   * The claims (a source id given to a name-only author) and the new authors, at most three
   * statements: identified authors by ON CONFLICT (external_id) DO NOTHING, then read back those
   * another session inserted first. Returns the real id of each temporary one, and puts them in
   * the session's maps.
   */
  private async createAuthors(client: PoolClient, newAuthors: NewAuthor[], claims: Array<{ id: number; externalId: string }>): Promise<Map<number, number>> {
    if (claims.length > 0) {
      const sorted = [...claims].sort((a, b) => a.id - b.id);
      const { rows } = await client.query<{ id: number }>(
        `UPDATE authors a SET external_id = c.external_id FROM unnest($1::int4[], $2::text[]) AS c(id, external_id)
          WHERE a.id = c.id AND a.external_id IS NULL AND NOT EXISTS (SELECT 1 FROM authors b WHERE b.external_id = c.external_id) RETURNING a.id`,
        [sorted.map((c) => c.id), sorted.map((c) => c.externalId)],
      );
      if (rows.length < claims.length) {
        // Another session identified the author, or gave that id to another: this session's maps
        // are out of date for them. Known by name only no more (once the batch's own changes are
        // undone); the batch starts again, and finds or inserts the author of that id.
        const done = new Set(rows.map((r) => r.id));
        const lost = claims.filter((c) => !done.has(c.id)).map((c) => c.id);
        throw new Conflict('an author this batch claimed was identified by another session', () => {
          for (const id of lost) this.nameOnly.delete(id);
        });
      }
    }
    const real = new Map<number, number>();
    const identified = newAuthors.filter((a) => a.externalId !== null).sort((a, b) => (a.externalId! < b.externalId! ? -1 : 1));
    const named = newAuthors.filter((a) => a.externalId === null);
    if (identified.length > 0) {
      const externalIds = identified.map((a) => a.externalId!);
      const { rows } = await client.query<{ id: number; externalId: string }>(
        `INSERT INTO authors (name, external_id) SELECT name, external_id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(name, external_id, n) ORDER BY n
           ON CONFLICT (external_id) DO NOTHING RETURNING id, external_id AS "externalId"`,
        [identified.map((a) => a.name), externalIds],
      );
      const ids = new Map(rows.map((r) => [r.externalId, r.id]));
      const missing = externalIds.filter((e) => !ids.has(e));
      if (missing.length > 0) {
        // Inserted by another session (committed: the insert waited for it): that author it is.
        const back = await client.query<{ id: number; externalId: string }>('SELECT id, external_id AS "externalId" FROM authors WHERE external_id = ANY($1::text[])', [missing]);
        for (const r of back.rows) ids.set(r.externalId, r.id);
      }
      for (const a of identified) a.real = ids.get(a.externalId!)!;
    }
    if (named.length > 0) {
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO authors (name) SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS u(name, n) ORDER BY n RETURNING id',
        [named.map((a) => a.name)],
      );
      // The identity hands out increasing ids in the order of the rows inserted.
      const ids = rows.map((r) => r.id).sort(byNumber);
      named.forEach((a, i) => (a.real = ids[i]));
    }
    for (const a of newAuthors) real.set(a.temp, a.real!);
    if (real.size > 0) {
      for (const map of [this.authorIds, this.authorExternalIds] as Map<unknown, number>[]) {
        for (const [k, id] of map) if (id < 0 && real.has(id)) map.set(k, real.get(id)!);
      }
      for (const a of newAuthors) {
        if (this.nameOnly.delete(a.temp)) this.nameOnly.add(a.real!);
      }
    }
    return real;
  }

  /**
   * The end of a batch's transaction: the authors it touched that the session had not marked yet
   * and the papers to score marked pending (one statement), and the authors taken off a list who
   * have no paper left dropped (unless kept on purpose).
   */
  private async settle(client: PoolClient, { touched, toScore, unlinked }: Dependents): Promise<{ marked: number[]; dropped: number[] }> {
    const marked = [...touched].filter((id) => !this.marked.has(id)).sort(byNumber);
    if (marked.length > 0 || toScore.length > 0) {
      await client.query(
        `WITH a AS (INSERT INTO author_metrics_pending (author_id) SELECT unnest($1::int4[]) ON CONFLICT DO NOTHING RETURNING 1)
         INSERT INTO novelty_pending (paper_id) SELECT unnest($2::int4[]) ON CONFLICT DO NOTHING`,
        [marked, [...toScore].sort(byNumber)],
      );
    }
    let dropped: number[] = [];
    if (unlinked.size > 0) {
      const { rows } = await client.query<{ id: number }>(
        `DELETE FROM authors WHERE id = ANY($1::int4[]) AND NOT kept_without_papers
           AND NOT EXISTS (SELECT 1 FROM authorships s WHERE s.author_id = authors.id) RETURNING id`,
        [[...unlinked].sort(byNumber)],
      );
      dropped = rows.map((r) => r.id);
    }
    return { marked, dropped };
  }

  private committed({ marked, dropped }: { marked: number[]; dropped: number[] }): void {
    for (const id of marked) this.marked.add(id);
    if (dropped.length === 0) return;
    const gone = new Set(dropped);
    for (const map of [this.authorIds, this.authorExternalIds] as Map<unknown, number>[]) for (const [key, id] of map) if (gone.has(id)) map.delete(key);
    for (const id of gone) {
      this.nameOnly.delete(id);
      this.marked.delete(id);
    }
  }

  /**
   * The papers left without a novelty scored (those this session listed, and any an earlier load
   * left: ./novelty/pending-papers, shared with other nodes), then the metrics of the authors this
   * session marked, then of any pending (the scored papers' authors among them).
   */
  async finish({ scoreNovelty = true, onStage }: FinishOptions = {}): Promise<FinishSummary> {
    let noveltyComputed = 0;
    if (scoreNovelty) {
      onStage?.('novelty');
      noveltyComputed = (await computePendingNovelty(primaryOnly(this.db))).computed;
    }
    onStage?.('metrics');
    const own = [...this.marked].sort(byNumber);
    for (let i = 0; i < own.length; i += AUTHORS_PER_REFRESH) {
      const slice = own.slice(i, i + AUTHORS_PER_REFRESH);
      await this.inTransaction((client) => refreshAuthorMetrics(client, slice));
    }
    this.marked.clear();
    let others = 0;
    for (;;) {
      const n = await this.inTransaction(async (client) => {
        const { rows } = await client.query<{ id: number }>(
          'SELECT author_id AS id FROM author_metrics_pending ORDER BY author_id LIMIT $1 FOR UPDATE SKIP LOCKED',
          [AUTHORS_PER_REFRESH],
        );
        if (rows.length > 0) await refreshAuthorMetrics(client, rows.map((r) => r.id));
        return rows.length;
      });
      if (n === 0) break;
      others += n;
    }
    return { noveltyComputed, authorsRefreshed: own.length + others };
  }

  /** One transaction, started again after a deadlock. */
  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (!isFatal(error) && isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }
}

interface SegmentContext {
  newAuthors: NewAuthor[];
  claims: Array<{ id: number; externalId: string }>;
  undo: Undo;
}

/**
 * Recomputes these authors' metrics from their papers (src/metrics) and takes them off the
 * pending list, in the caller's transaction: three statements. The authors' rows are locked
 * first: a batch still linking one of them (its FOREIGN KEY check holds KEY SHARE) commits
 * before their papers are read, and one that links them later waits for this refresh, then marks
 * them again; deleted authors are skipped.
 */
export async function refreshAuthorMetrics(client: Queryable, authorIds: readonly number[]): Promise<void> {
  const ids = [...new Set(authorIds)].sort(byNumber);
  if (ids.length === 0) return;
  const locked = await client.query<{ id: number }>('SELECT id FROM authors WHERE id = ANY($1::int4[]) ORDER BY id FOR UPDATE', [ids]);
  const existing = locked.rows.map((r) => r.id);
  const byAuthor = new Map<number, PaperFacts[]>(existing.map((id) => [id, []]));
  if (existing.length > 0) {
    const facts = await client.query<PaperFacts & { authorId: number }>(FACTS, [existing]);
    for (const row of facts.rows) byAuthor.get(row.authorId)?.push(row);
  }
  const columns: unknown[][] = Array.from({ length: 13 }, () => []);
  for (const [authorId, papers] of byAuthor) {
    const m = authorMetrics(papers);
    [authorId, m.paperCount, m.citationCount, m.hIndex, m.i10Index, m.gIndex, m.novelty, m.aiScore, m.primaryCategory,
      m.primaryTopicId, m.primarySubfieldId, m.primaryFieldId, m.primaryDomainId].forEach((v, i) => columns[i].push(v ?? null));
  }
  await client.query(WRITE_METRICS, [...columns, ids]);
}

function newDependents(): Dependents {
  return { touched: new Set(), toScore: [], unlinked: new Set() };
}

/** In the careful pass, a record's own duplicate (no match: a second paper of one external id) is the record's fault. */
function isUniqueViolationOfRecord(error: unknown, options: PaperWriteOptions): boolean {
  return (error as { code?: unknown }).code === '23505' && options.match === 'none';
}

/** A bulk session on PostgreSQL (see PostgresPaperWrites). */
export async function openPaperWrites(db: PgDb, options: PaperWriteOptions): Promise<PaperWriteSession> {
  const session = new PostgresPaperWrites(db, options);
  await session.loadAuthors();
  return session;
}
