// The Store interface (see ./index.ts): what every engine implements, by use case, asynchronous.
// In a file of its own so that the engines' modules can name it without importing the index,
// which imports them.
import type * as lists from './sqlite/lists';
import type * as names from './sqlite/author-search';
import { type NameQuery } from './sqlite/author-query';
import type * as T from './types';
import { type MutationStore } from './mutation-types';
import { type NoveltyStore } from './novelty-types';
import { type WriteStore } from './write-types';

type Keys<K> = readonly K[];

export interface Store extends MutationStore, NoveltyStore, WriteStore {
  // Batch reads: every key of a batch in one statement, answers in key order.
  authorsById(ids: Keys<number>): Promise<(T.AuthorRecord | null)[]>;
  authorsByExternalId(externalIds: Keys<string>): Promise<(T.AuthorRecord | null)[]>;
  authorMetrics(ids: Keys<number>): Promise<T.StoredAuthorMetrics[]>;
  papersById(ids: Keys<number>): Promise<(T.PaperRecord | null)[]>;
  papersByExternalId(externalIds: Keys<string>): Promise<(T.PaperRecord | null)[]>;
  authorPaperPages(authorIds: Keys<number>, args: T.PaperPageArgs): Promise<T.Page<T.AuthorPaperItem>[]>;
  authorPaperCounts(authorIds: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<number[]>;
  paperAuthorPages(paperIds: Keys<number>, args: T.PositionArgs): Promise<T.Page<T.PaperAuthorItem>[]>;
  paperAuthorCounts(paperIds: Keys<number>): Promise<number[]>;
  coauthorPages(authorIds: Keys<number>, args: T.CoauthorPageArgs): Promise<T.Page<T.CoauthorItem>[]>;
  coauthorCounts(authorIds: Keys<number>): Promise<number[]>;
  paperSetGroups(scope: T.PaperSetScope, parents: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<T.PaperSetGroups[]>;
  authorYears(authorIds: Keys<number>): Promise<T.YearPoint[][]>;
  hCores(authorIds: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<T.PaperRecord[][]>;
  noveltyPoints(authorIds: Keys<number>, filter: T.PaperFilter | null | undefined): Promise<T.NoveltyPoint[][]>;
  noveltyExplanations(paperIds: Keys<number>): Promise<(T.NoveltyExplanationRecord | null)[]>;
  topicsById(ids: Keys<string>): Promise<(T.TopicRecord | null)[]>;
  subjectNames(ids: Keys<string>): Promise<({ id: string; name: string | null } | null)[]>;

  // Lists, their counts, and search.
  listPapers(args: T.PaperPageArgs): Promise<T.Page<T.PaperRecord>>;
  countPapers(filter?: T.PaperFilter | null): Promise<number>;
  /**
   * The papers of the filter counted exactly up to `bound`; past it, an estimate (at least
   * bound + 1) from a sample of the matches: for a search, whose matches can be most of the papers.
   */
  countPapersUpTo(filter: T.PaperFilter | null | undefined, bound: number): Promise<T.BoundedCount>;
  missingExternalIds(externalIds: readonly string[]): Promise<string[]>;
  searchPapers(args: lists.RelevanceArgs): Promise<T.Page<T.RankedPaper>>;
  listAuthors(args: lists.AuthorPageArgs): Promise<T.Page<lists.ListedAuthor>>;
  /** The title (whole) and the best stretch of the abstract of each of `ids` that matches `text`, matched words marked. */
  paperExcerpts(text: string, ids: readonly number[]): Promise<T.PaperExcerpt[]>;
  /** Authors whose name matches the query (toNameQuery), best match first, a keyset page. */
  searchAuthors(args: names.AuthorNameSearchArgs): Promise<T.Page<names.AuthorSearchHit>>;
  countAuthorNameMatches(query: NameQuery): Promise<number>;
  countAuthors(filter: T.AuthorFilter | null): Promise<number>;

  // API keys (src/auth): found by the SHA-256 of the key, never by the key.
  activeApiKeyByHash(keyHash: string): Promise<T.ActiveApiKey | null>;
  /** Stores a key; its id. */
  insertApiKey(key: T.NewApiKey): Promise<number>;
  /** The ids of the unrevoked keys with this id or prefix, in id order. */
  activeApiKeyIds(ref: T.ApiKeyRef): Promise<number[]>;
  revokeApiKey(id: number, at: string): Promise<void>;
  /** Every key, revoked ones too, in id order. */
  listApiKeys(): Promise<T.ApiKeyListing[]>;

  // Automatic persisted queries (src/http/persisted-queries.ts), shared by every process.
  persistedQuery(key: string): Promise<T.PersistedQuery | null>;
  touchPersistedQuery(key: string, usedAt: number): Promise<void>;
  /** Registers a query, or marks it used if it is known. */
  savePersistedQuery(key: string, query: string, usedAt: number): Promise<void>;
  /** Keeps the `keep` most recently used queries and deletes the others. */
  trimPersistedQueries(keep: number): Promise<void>;
  /** Whether there was a query under `key` to delete. */
  deletePersistedQuery(key: string): Promise<boolean>;

  // Operations: health, readiness, the banner, the query cost's table sizes, the playground.
  /** Resolves when the database answers a statement; rejects with its error otherwise. */
  ping(): Promise<void>;
  /** The migrations applied to the database, by drizzle-kit's timestamp (`when` in its journal). */
  appliedMigrations(): Promise<number[]>;
  pendingWork(): Promise<T.PendingWork>;
  databaseCounts(): Promise<T.DatabaseCounts>;
  /**
   * The data version: a number that every committed transaction changing an answer has moved
   * (migration 0015's triggers), in every process and node sharing the database. Read before a
   * GET runs, it makes the answer's ETag (src/http/http-cache.ts).
   */
  dataVersion(): Promise<number>;
  /** Upper bounds of the tables' sizes, not counted as a statement of the request that asks. */
  tableSizes(): Promise<T.TableSizes>;
  /** The smallest id of an author of this exact name, or null. */
  authorIdByName(name: string): Promise<number | null>;
  /** The most cited author (ties to the smaller id), or null. */
  mostCitedAuthorId(): Promise<number | null>;

  // The co-author graph, for the collaboration path search (src/services/collaboration-path.service.ts).
  /** Distinct (author, co-author) pairs of `authorIds`, at most `limit` of them, in no order. */
  coauthorLinks(authorIds: readonly number[], limit: number): Promise<T.CoauthorLink[]>;
  /** For each [from, to] pair: how many papers they share, and the newest `papersPerStep` of them. */
  stepLinks(steps: readonly (readonly [number, number])[], papersPerStep: number): Promise<T.StepLinks[]>;

  // The NDJSON export (src/export/paper-export.ts).
  /**
   * At most `limit` papers after row id `afterId`, in ascending row id, within `filter`, each
   * with its authors in author-list order and its topics (the primary first): the whole page read
   * before it resolves, so that the connection is free between pages.
   */
  exportPage(filter: T.PaperFilter | null | undefined, afterId: number, limit: number): Promise<T.PaperWithAuthors[]>;
  /** Whether the database holds ScholarGraph's schema (false for an empty or foreign SQLite file). */
  hasSchema(): Promise<boolean>;
  /** Whether the database holds neither papers nor authors: a new one, which a start seeds with the demo data. */
  holdsNoData(): Promise<boolean>;
}
