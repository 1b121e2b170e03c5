// The API's writes to papers, authors and authorships, each one immediate transaction through the
// one write path for papers (./paper-writer, mode `api`): only what differs from the stored rows
// is written (src/domain/paper-diff), and the metrics of exactly the authors whose figures depend
// on it are refreshed, so author_metrics never lags and a replayed record changes nothing, not
// even the metrics' asOf. A paper left without a supplied novelty gets a computed one
// (./novelty/write-rules) before those metrics, so that the answer read after the write shows the
// score and its explanation.
import { type Db } from './client';
import { type PaperFields } from './records';
import { refreshAuthorMetrics } from './author-metrics';
import { apiWriter, inWriteTransaction, type AuthorRef } from './paper-writer';

export { inWriteTransaction, type AuthorRef } from './paper-writer';

/** An author created on purpose (createAuthor): kept when they have no paper. */
export function insertAuthor(db: Db, name: string, externalId: string | null = null): number {
  return inWriteTransaction(db, () => {
    const id = apiWriter(db).insertAuthor(name, externalId, true);
    refreshAuthorMetrics(db.sqlite, [id]);
    return id;
  });
}

/** A paper with its authors in author-list order. */
export function insertPaper(db: Db, fields: PaperFields, authorIds: readonly number[]): number {
  return apiWriter(db).createPaper(fields, authorIds).paperId;
}

/** A new paper; names in its author list are new authors. */
export function createPaper(db: Db, fields: PaperFields, refs: readonly AuthorRef[]): { paperId: number; authorIds: number[] } {
  return apiWriter(db).createPaper(fields, refs);
}

// Each write below returns the authors it touched (and refreshed), so that callers can answer
// with them without reading the authorships again.

/** The fields given, and the author list when given; null when there is no such paper. */
export function updatePaper(db: Db, paperId: number, changes: Partial<PaperFields>, refs: readonly AuthorRef[] | null = null): number[] | null {
  return inWriteTransaction(db, () => {
    const writer = apiWriter(db);
    const stored = writer.paperById(paperId);
    return stored ? writer.rewritePaper(stored, changes, refs) : null;
  });
}

/** Touches the authors added and removed. */
export function replacePaperAuthors(db: Db, paperId: number, authorIds: readonly number[]): number[] {
  return updatePaper(db, paperId, {}, authorIds) ?? [];
}

/** Touches the former authors that remain. */
export function deletePaper(db: Db, paperId: number): number[] {
  return apiWriter(db).deletePaper(paperId);
}

export interface UpsertResult {
  paperId: number;
  created: boolean;
  touched: number[];
}

/** One paper per external id: an ingest script can send the same record again and change nothing. */
export function upsertPaper(db: Db, fields: PaperFields & { externalId: string }, refs: readonly AuthorRef[]): UpsertResult {
  return inWriteTransaction(db, () => {
    const writer = apiWriter(db);
    const stored = writer.paperByExternalId(fields.externalId);
    if (!stored) {
      const { paperId, authorIds } = writer.createPaper(fields, refs);
      return { paperId, created: true, touched: authorIds };
    }
    return { paperId: stored.id, created: false, touched: writer.rewritePaper(stored, fields, refs) };
  });
}

/** The daily refresh of counts: all or nothing, one metrics refresh for every touched author. */
export function updateCitationCounts(db: Db, items: readonly { paperId: number; citationCount: number }[]): number[] {
  return inWriteTransaction(db, () => {
    const set = db.sqlite.prepare('UPDATE papers SET citation_count = ? WHERE id = ?');
    for (const item of items) set.run(item.citationCount, item.paperId);
    const touched = db.sqlite
      .prepare('SELECT DISTINCT author_id FROM authorships WHERE paper_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(items.map((i) => i.paperId))) as number[];
    refreshAuthorMetrics(db.sqlite, touched);
    return touched;
  });
}
