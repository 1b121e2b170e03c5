// Writes to papers, authors and authorships. Each is one immediate transaction that also
// refreshes the metrics of exactly the authors it touched, so author_metrics never lags, and
// computes the novelty of a paper left without a supplied one (src/novelty/write-rules) before
// those metrics, so that the answer read after the write shows the score and its explanation.
import { eq } from 'drizzle-orm';
import { type Db } from '../db/client';
import { type PaperFields } from '../db/records';
import { authors, authorships, papers } from '../db/schema';
import { refreshAuthorMetrics } from './author-metrics.service';
import { scoreWrittenPapers } from '../novelty/incremental';
import { planNoveltyForUpdate } from '../novelty/write-rules';

function authorsOf(db: Db, paperId: number): number[] {
  return db.sqlite.prepare('SELECT author_id FROM authorships WHERE paper_id = ?').pluck().all(paperId) as number[];
}

export function insertAuthor(db: Db, name: string, externalId: string | null = null): number {
  return db.sqlite
    .transaction(() => {
      const [{ id }] = db.orm.insert(authors).values({ name, externalId }).returning({ id: authors.id }).all();
      refreshAuthorMetrics(db.sqlite, [id]);
      return id;
    })
    .immediate();
}

function link(db: Db, paperId: number, authorIds: readonly number[]): void {
  if (authorIds.length === 0) return;
  db.orm
    .insert(authorships)
    .values(authorIds.map((authorId, i) => ({ paperId, authorId, position: i + 1 })))
    .run();
}

/** A paper with its authors in author-list order. */
export function insertPaper(db: Db, fields: PaperFields, authorIds: readonly number[]): number {
  return db.sqlite
    .transaction(() => {
      const [{ id }] = db.orm.insert(papers).values(fields).returning({ id: papers.id }).all();
      link(db, id, authorIds);
      if (fields.novelty == null) scoreWrittenPapers(db.sqlite, [id]);
      refreshAuthorMetrics(db.sqlite, authorIds);
      return id;
    })
    .immediate();
}

// Each write below returns the authors it touched (and refreshed), so that callers can answer
// with them without reading the authorships again.

export function updatePaper(db: Db, paperId: number, changes: Partial<PaperFields>): number[] {
  return db.sqlite
    .transaction(() => {
      const authorIds = authorsOf(db, paperId);
      const plan = planNoveltyForUpdate(db.sqlite, paperId, changes);
      if (Object.keys(plan.changes).length === 0) return authorIds;
      db.orm.update(papers).set(plan.changes).where(eq(papers.id, paperId)).run();
      if (plan.rescore) scoreWrittenPapers(db.sqlite, [paperId]);
      refreshAuthorMetrics(db.sqlite, authorIds);
      return authorIds;
    })
    .immediate();
}

/** Touches the former authors and the new ones. */
export function replacePaperAuthors(db: Db, paperId: number, authorIds: readonly number[]): number[] {
  return db.sqlite
    .transaction(() => {
      const touched = [...new Set([...authorsOf(db, paperId), ...authorIds])];
      db.orm.delete(authorships).where(eq(authorships.paperId, paperId)).run();
      link(db, paperId, authorIds);
      refreshAuthorMetrics(db.sqlite, touched);
      return touched;
    })
    .immediate();
}

/** Touches the former authors. */
export function deletePaper(db: Db, paperId: number): number[] {
  return db.sqlite
    .transaction(() => {
      const before = authorsOf(db, paperId);
      db.orm.delete(papers).where(eq(papers.id, paperId)).run();
      refreshAuthorMetrics(db.sqlite, before);
      return before;
    })
    .immediate();
}

export interface UpsertResult {
  paperId: number;
  created: boolean;
  touched: number[];
}

/** One paper per external id: an ingest script can send the same record twice. */
export function upsertPaper(db: Db, fields: PaperFields & { externalId: string }, authorIds: readonly number[]): UpsertResult {
  return db.sqlite
    .transaction(() => {
      const existing = db.sqlite.prepare('SELECT id FROM papers WHERE external_id = ?').pluck().get(fields.externalId) as number | undefined;
      if (existing === undefined) return { paperId: insertPaper(db, fields, authorIds), created: true, touched: [...authorIds] };
      updatePaper(db, existing, fields);
      return { paperId: existing, created: false, touched: replacePaperAuthors(db, existing, authorIds) };
    })
    .immediate();
}

/** The daily refresh of counts: all or nothing, one metrics refresh for every touched author. */
export function updateCitationCounts(db: Db, items: readonly { paperId: number; citationCount: number }[]): number[] {
  return db.sqlite
    .transaction(() => {
      const set = db.sqlite.prepare('UPDATE papers SET citation_count = ? WHERE id = ?');
      for (const item of items) set.run(item.citationCount, item.paperId);
      const touched = db.sqlite
        .prepare('SELECT DISTINCT author_id FROM authorships WHERE paper_id IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(items.map((i) => i.paperId))) as number[];
      refreshAuthorMetrics(db.sqlite, touched);
      return touched;
    })
    .immediate();
}
