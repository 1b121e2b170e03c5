// What goes into the store and comes out of it: rows, filters, orders and pages, in the domain's
// words. No SQL and no driver here: these types are the whole of what the layers above know of
// how data is kept (src/store/index.ts).
export type { AuthorRecord, PaperFields, PaperRecord, SourceFields, StoredAuthorMetrics } from './sqlite/records';
export type { OpenAlexTopicRow as TopicRecord } from './sqlite/schema';
import type { AuthorRecord, PaperRecord } from './sqlite/records';
import type { OpenAlexTopicRow as TopicRecord } from './sqlite/schema';

/** A value of a sort key, as cursors hold it. */
export type KeyValue = string | number;

export type Direction = 'ASC' | 'DESC';

/** A page of a list: the items in order and whether more follow. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}

/** The filters a list of papers takes; every one given must hold. */
export interface PaperFilter {
  /** Subjects, any of them (see domain/subjects): arXiv codes, OpenAlex ids or names. */
  categories?: string[] | null;
  publishedFrom?: string | null;
  publishedTo?: string | null;
  hasCode?: boolean | null;
  minCitations?: number | null;
  minScore?: number | null;
  /** Row id of an author who must be on the paper. */
  authorId?: number | null;
  externalIds?: string[] | null;
  /** An FTS5 expression from toFtsQuery: only papers whose title or abstract match it. */
  match?: string | null;
}

/**
 * A count that is exact up to a bound and an estimate past it (a search's totalCount: counting
 * every one of a million matches costs more than the page it comes with).
 */
export interface BoundedCount {
  count: number;
  /** False when `count` is an estimate: there are more than the bound, about `count`. */
  exact: boolean;
}

export type PaperOrderField = 'PUBLISHED_AT' | 'CITATION_COUNT' | 'SCORE' | 'NOVELTY' | 'TITLE';

export interface PaperOrder {
  field: PaperOrderField;
  direction: Direction;
}

/** A page of papers in an order, after the sort key [value, id] of the last one seen. */
export interface PaperPageArgs {
  first: number;
  after: KeyValue[] | null;
  order: PaperOrder;
  filter?: PaperFilter | null;
}

export type AuthorOrderField = 'H_INDEX' | 'CITATION_COUNT' | 'PAPER_COUNT' | 'NOVELTY' | 'NAME';

export interface AuthorOrder {
  field: AuthorOrderField;
  direction: Direction;
}

export interface AuthorFilter {
  /** The author's primary subject: an arXiv code, an OpenAlex id or name (see domain/subjects). */
  category?: string | null;
  minHIndex?: number | null;
  minPaperCount?: number | null;
}

/** An author row with the sort keys of every ordering, so any cursor can be written from it. */
export interface RankedAuthor extends AuthorRecord {
  hIndex: number;
  citationCount: number;
  paperCount: number;
  noveltyKey: number;
}

/** A search hit's title, whole, and the best-matching stretch of its abstract, the matched words marked. */
export interface PaperExcerpt {
  id: number;
  title: string;
  abstract: string;
}

/** A paper ranked by a search: bm25, lower is better. */
export interface RankedPaper extends PaperRecord {
  rank: number;
}

/** An author's paper with the author's place in its author list. */
export interface AuthorPaperItem extends PaperRecord {
  parentId: number;
  position: number;
}

/** A paper's author with their place in its author list. */
export interface PaperAuthorItem extends AuthorRecord {
  parentId: number;
  position: number;
}

export interface PositionArgs {
  first: number;
  afterPosition: number | null;
}

export type CoauthorOrderField = 'SHARED_PAPERS' | 'RECENCY';

export interface CoauthorOrder {
  field: CoauthorOrderField;
  direction: Direction;
}

export interface CoauthorItem extends AuthorRecord {
  parentId: number;
  sharedPaperCount: number;
  /** Only in pages read with years. */
  firstSharedYear?: number;
  lastSharedYear?: number;
}

/** The columns a co-author order sorts on, in order: what its cursor holds. */
export type CoauthorSortColumn = 'sharedPaperCount' | 'lastSharedYear' | 'coauthorId';

export interface CoauthorSort {
  column: CoauthorSortColumn;
  descending: boolean;
}

/** The direction turns only the field; the tiebreaks stay fixed (ties to the smaller id), so every order is total. */
export function coauthorSort({ field, direction }: CoauthorOrder): CoauthorSort[] {
  const descending = direction === 'DESC';
  const byId: CoauthorSort = { column: 'coauthorId', descending: false };
  return field === 'SHARED_PAPERS'
    ? [{ column: 'sharedPaperCount', descending }, byId]
    : [{ column: 'lastSharedYear', descending }, { column: 'sharedPaperCount', descending: true }, byId];
}

export interface CoauthorPageArgs {
  first: number;
  order: CoauthorOrder;
  /** The sort key of the last co-author seen (coauthorSort's columns), or null for the start. */
  afterKey: readonly number[] | null;
  /** Read firstSharedYear and lastSharedYear (an order on them reads them anyway). */
  withYears: boolean;
}

/** How a paper's novelty came about (src/novelty). */
export interface NoveltyExplanationRecord {
  source: 'supplied' | 'computed';
  /** The rest is known for computed values only. */
  method: string | null;
  version: number | null;
  computedAt: string | null;
  corpusDate: string | null;
  corpusPapers: number | null;
  nearest: { paperId: number; similarity: number }[];
}

export type { CategoryYearGroup, CitationBucket, NoveltyPoint } from '../metrics';
import type { CategoryYearGroup, CitationBucket } from '../metrics';

export interface YearPoint {
  year: number;
  papers: number;
  citations: number;
}

/** Whose papers a set's aggregates read: each author's (keyed by author id), or every paper (key 0). */
export type PaperSetScope = 'author' | 'all';

/** A set's papers grouped by category, topic and year, and by citations and year: what its stats are computed from. */
export interface PaperSetGroups {
  groups: CategoryYearGroup[];
  buckets: CitationBucket[];
}

/** What an API key may do: each role includes what the lower ones may (src/auth). */
export type ApiKeyRole = 'reader' | 'writer' | 'admin';

/** A key to store: never its plaintext, only its SHA-256 and the first characters shown in lists. */
export interface NewApiKey {
  name: string;
  role: ApiKeyRole;
  keyHash: string;
  prefix: string;
  createdAt: string;
}

export interface ApiKeyListing {
  id: number;
  name: string;
  role: ApiKeyRole;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ActiveApiKey {
  id: number;
  name: string;
  role: ApiKeyRole;
}

/** A key named by its id or by its prefix. */
export type ApiKeyRef = { id: number } | { prefix: string };

/** An automatic persisted query and when it was last registered or used (ms since the epoch). */
export interface PersistedQuery {
  query: string;
  usedAt: number;
}

/** What a bulk load left for a start to finish (src/ops/readiness.ts). */
export interface PendingWork {
  pendingAuthorMetrics: number;
  pendingNovelty: number;
  suspendedIndexes: number;
}

export interface DatabaseCounts {
  papers: number;
  authors: number;
  /** Papers whose novelty is still to be scored. */
  pendingNovelty: number;
}

/** Upper bounds of the tables' sizes (their largest row ids; 0 when empty). */
export interface TableSizes {
  papers: number;
  authors: number;
  authorships: number;
}

/** Two authors who share at least one paper. */
export interface CoauthorLink {
  fromId: number;
  toId: number;
}

/** What links two authors: how many papers they share, and the newest of them. */
export interface StepLinks {
  sharedPaperCount: number;
  /** Newest first (published_at, then id). */
  papers: PaperRecord[];
}

/** An author of a paper as the export writes it: their place in its author list (1-based), row id and name. */
export interface PaperAuthorEntry {
  position: number;
  id: number;
  name: string;
  externalId: string | null;
}

/** A paper with its authors in author-list order and its OpenAlex topics, the primary first (those known). */
export interface PaperWithAuthors {
  paper: PaperRecord;
  authors: PaperAuthorEntry[];
  topics: TopicRecord[];
}
