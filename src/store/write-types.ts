// The one write path for papers (src/store/sqlite/paper-writer.ts) as the loaders see it: the
// importer, and through the same writer the corpus generator and the demo seed. A session keeps
// what a load learns across its batches (the authors by key and by source id), so that a batch
// of ten thousand records costs one transaction and no lookup of what an earlier batch wrote.
// Part of the Store interface (./index.ts); implemented on SQLite by ./sqlite/write-store.ts.
import type { PaperFields, TopicRecord } from './types';

/** An author of a record, as its source names them. */
export interface WriteAuthor {
  name: string;
  /**
   * authorKey(name), or a load's own key (see PaperWriteOptions.authors; the generator's numbers
   * serve as they are): what makes two names one author when the source gives no author id.
   */
  key: string | number;
  /** The source's own id of the author (e.g. an OpenAlex `A...` id): identity before the name. */
  externalId?: string | null;
  /**
   * When the external id is new: may it claim an author known by this name only (from a source
   * without author ids, e.g. arXiv)? True for OpenAlex; false for our own export, whose name-only
   * and identified authors are distinct rows of the exporting database.
   */
  claimsNamesake?: boolean;
}

/** A paper as a source gives it: its fields, its topics and its author list. */
export interface PaperWriteRecord {
  fields: PaperFields & { externalId: string };
  /** The paper's OpenAlex topics, the primary (fields.topicId) first, written to openalex_topics with the paper. */
  topics?: TopicRecord[];
  /** In author-list order, each author once. */
  authors: WriteAuthor[];
  /**
   * The fields the source knows beyond title, abstract, category and date, which a re-import then
   * updates too: `citationCount` (OpenAlex), or `all` (our own export, a generated corpus, the
   * demo: scores, code link, citations, novelty as given). Fields a source does not know keep
   * whatever the database has (e.g. scores set through the API); so does a subject, DOI, arXiv id
   * or work type the record leaves null or out, unless it knows `all`: an OpenAlex work does not
   * take away the arXiv category of the paper it meets.
   */
  knows?: 'citationCount' | 'all';
}

/** A record and where it comes from (a line of the file), for the reasons of a skipped one. */
export interface NumberedRecord {
  line: number;
  record: PaperWriteRecord;
}

export interface SkippedRecord {
  line: number;
  reason: string;
}

/** What one batch did: each record added, updated, unchanged, or skipped (the database refused it). */
export interface BatchSummary {
  added: number;
  updated: number;
  unchanged: number;
  skipped: SkippedRecord[];
}

/**
 * How a session's records find what is stored. An import (`sourceIds`, `source`): a record is
 * the paper of its external id, else of its DOI, else of its arXiv id, and an author is the one
 * of the source's author id, else of the authorKey of the name among all authors. A load of new
 * papers with people of its own (`none`, `load`: the corpus generator, the demo seed): every
 * record is a new paper, and an author is the one this session made under the same key.
 */
export interface PaperWriteOptions {
  match: 'sourceIds' | 'none';
  authors: 'source' | 'load';
}

/** The work a session's batches left pending, done by finish in this order. */
export type PaperWriteStage = 'novelty' | 'metrics';

export interface FinishOptions {
  /**
   * Score the papers waiting for a novelty (default true). It needs the search index: a load that
   * suspended it resumes it first, or leaves them to the next start (the generator's corpus comes
   * with its novelty).
   */
  scoreNovelty?: boolean;
  onStage?: (stage: PaperWriteStage) => void;
}

export interface FinishSummary {
  /** Papers scored (those the session marked, and any an earlier, killed load left). */
  noveltyComputed: number;
  /** Authors whose metrics were recomputed. */
  authorsRefreshed: number;
}

/**
 * A load's writes. Each batch is one transaction, which marks the authors whose papers it changed
 * and the papers it leaves without a novelty as pending; finish does that work in bulk, and so
 * does the next start for a load killed before it.
 */
export interface PaperWriteSession {
  write(records: readonly NumberedRecord[]): Promise<BatchSummary>;
  finish(options?: FinishOptions): Promise<FinishSummary>;
}

export interface WriteStore {
  /** A session of batches through the one write path for papers. */
  openPaperWrites(options: PaperWriteOptions): Promise<PaperWriteSession>;
}
