// The batch reads behind the request's loaders (src/loaders): each takes every key of a batch and
// runs one statement for all of them, the keys bound as one JSON array, whatever their number.
// Answers come back in key order, one entry per key.
import type Database from 'better-sqlite3';
import { keyList, prepared } from './prepared';
import { readsOf } from './read-pool';
import {
  AUTHOR_COLUMNS,
  PAPER_COLUMNS,
  STORED_METRICS_COLUMNS,
  TOPICS_BY_ID,
  storedMetricsOf,
  toPaper,
} from './records';
import {
  coauthorSort,
  type AuthorPaperItem,
  type AuthorRecord,
  type CitationBucket,
  type CategoryYearGroup,
  type CoauthorItem,
  type CoauthorPageArgs,
  type CoauthorSortColumn,
  type NoveltyExplanationRecord,
  type NoveltyPoint,
  type Page,
  type PaperAuthorItem,
  type PaperFilter,
  type PaperPageArgs,
  type PaperRecord,
  type PaperSetGroups,
  type PaperSetScope,
  type PositionArgs,
  type StoredAuthorMetrics,
  type TopicRecord,
  type YearPoint,
} from '../types';
import { afterSql, andAll, orderBySql, paperFilterSql, paperKeyset } from './conditions';
import { byParent, pagesByParent } from './pages';

type Sqlite = Database.Database;
type Keys<K> = readonly K[];

/** Rows of `sql` (keys in `json_each(?)`, then `params`) matched back to the keys; null for a key without one. */
function byKey<K, T>(sqlite: Sqlite, sql: string, keys: Keys<K>, keyOf: (row: T) => K, params: readonly unknown[] = []): (T | null)[] {
  const rows = prepared(sqlite, sql).all(JSON.stringify(keys), ...params) as T[];
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => found.get(key) ?? null);
}

/** `sql` selects `id, n` rows for the keys in `json_each(?)`, then `params`; a key without a row counts 0. */
function countsOf(sqlite: Sqlite, sql: string, ids: Keys<number>, params: readonly unknown[] = []): number[] {
  const rows = prepared(sqlite, sql).all(keyList(ids), ...params) as { id: number; n: number }[];
  const counts = new Map(rows.map((row) => [row.id, row.n]));
  return ids.map((id) => counts.get(id) ?? 0);
}

/** Authors by id; the id of an author merged into another answers the survivor. */
export function authorsById(sqlite: Sqlite, ids: Keys<number>): (AuthorRecord | null)[] {
  const rows = byKey(
    sqlite,
    `SELECT k.value AS requestedId, ${AUTHOR_COLUMNS}
       FROM json_each(?) k LEFT JOIN author_redirects r ON r.old_id = k.value
       JOIN authors au ON au.id = coalesce(r.author_id, k.value)`,
    ids,
    (row: AuthorRecord & { requestedId: number }) => row.requestedId,
  );
  return rows.map((row) => (row ? { id: row.id, name: row.name, externalId: row.externalId } : null));
}

export function authorsByExternalId(sqlite: Sqlite, externalIds: Keys<string>): (AuthorRecord | null)[] {
  return byKey(
    sqlite,
    `SELECT ${AUTHOR_COLUMNS} FROM authors au WHERE au.external_id IN (SELECT value FROM json_each(?))`,
    externalIds,
    (row: AuthorRecord) => row.externalId!,
  );
}

const NO_METRICS: StoredAuthorMetrics = {
  paperCount: 0, citationCount: 0, hIndex: 0, i10Index: 0, gIndex: 0, novelty: null, aiScore: null, primaryCategory: null,
  primaryTopicId: null, primarySubfieldId: null, primaryFieldId: null, primaryDomainId: null, changedAt: null,
};

/** The materialized metrics (author_metrics), kept current by every write; zeros for an author without them. */
export function authorMetrics(sqlite: Sqlite, ids: Keys<number>): StoredAuthorMetrics[] {
  const rows = prepared(
    sqlite,
    `SELECT m.author_id AS authorId, ${STORED_METRICS_COLUMNS} FROM author_metrics m WHERE m.author_id IN (SELECT value FROM json_each(?))`,
  ).all(keyList(ids)) as (StoredAuthorMetrics & { authorId: number })[];
  const byAuthor = new Map(rows.map((row) => [row.authorId, storedMetricsOf(row)]));
  return ids.map((id) => byAuthor.get(id) ?? NO_METRICS);
}

export function papersById(sqlite: Sqlite, ids: Keys<number>): (PaperRecord | null)[] {
  return byKey(sqlite, `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id IN (SELECT value FROM json_each(?))`, ids, (row: PaperRecord) => row.id).map(
    (row) => row && toPaper(row),
  );
}

export function papersByExternalId(sqlite: Sqlite, externalIds: Keys<string>): (PaperRecord | null)[] {
  return byKey(
    sqlite,
    `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.external_id IN (SELECT value FROM json_each(?))`,
    externalIds,
    (row: PaperRecord) => row.externalId!,
  ).map((row) => row && toPaper(row));
}

/**
 * A page of each author's papers in the order, every author of the batch in one statement:
 * ROW_NUMBER() ranks each author's papers and keeps first + 1 of them.
 */
export function authorPaperPages(sqlite: Sqlite, authorIds: Keys<number>, { first, after, order, filter }: PaperPageArgs): Page<AuthorPaperItem>[] {
  const keyset = paperKeyset(order);
  const conditions = paperFilterSql(filter);
  if (after) conditions.sql.push(afterSql(keyset));
  const sql = `SELECT * FROM (
      SELECT s.author_id AS parentId, s.position AS position, ${PAPER_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY s.author_id ORDER BY ${orderBySql(keyset)}) AS rank
        FROM authorships s JOIN papers p ON p.id = s.paper_id
       WHERE s.author_id IN (SELECT value FROM json_each(?))${andAll(conditions.sql)}
    ) WHERE rank <= ? ORDER BY parentId, rank`;
  const rows = prepared(sqlite, sql).all(keyList(authorIds), ...conditions.params, ...(after ?? []), first + 1) as AuthorPaperItem[];
  return pagesByParent(authorIds, rows.map(toPaper), first);
}

/** How many papers of each author match the filter. */
export function authorPaperCounts(sqlite: Sqlite, authorIds: Keys<number>, filter: PaperFilter | null | undefined): number[] {
  const conditions = paperFilterSql(filter);
  if (conditions.sql.length === 0) {
    return countsOf(
      sqlite,
      `SELECT author_id AS id, COUNT(*) AS n FROM authorships
        WHERE author_id IN (SELECT value FROM json_each(?)) GROUP BY author_id`,
      authorIds,
    );
  }
  return countsOf(
    sqlite,
    `SELECT s.author_id AS id, COUNT(*) AS n FROM authorships s JOIN papers p ON p.id = s.paper_id
      WHERE s.author_id IN (SELECT value FROM json_each(?))${andAll(conditions.sql)}
      GROUP BY s.author_id`,
    authorIds,
    conditions.params,
  );
}

/** A page of each paper's authors in author-list order; the cursor is the position (the unique (paper_id, position) index). */
export function paperAuthorPages(sqlite: Sqlite, paperIds: Keys<number>, { first, afterPosition }: PositionArgs): Page<PaperAuthorItem>[] {
  const sql = `SELECT * FROM (
      SELECT s.paper_id AS parentId, s.position AS position, ${AUTHOR_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY s.paper_id ORDER BY s.position) AS rank
        FROM authorships s JOIN authors au ON au.id = s.author_id
       WHERE s.paper_id IN (SELECT value FROM json_each(?))${afterPosition === null ? '' : ' AND s.position > ?'}
    ) WHERE rank <= ? ORDER BY parentId, rank`;
  const params = afterPosition === null ? [first + 1] : [afterPosition, first + 1];
  const rows = prepared(sqlite, sql).all(keyList(paperIds), ...params) as PaperAuthorItem[];
  return pagesByParent(paperIds, rows, first);
}

export function paperAuthorCounts(sqlite: Sqlite, paperIds: Keys<number>): number[] {
  return countsOf(
    sqlite,
    `SELECT paper_id AS id, COUNT(*) AS n FROM authorships
      WHERE paper_id IN (SELECT value FROM json_each(?)) GROUP BY paper_id`,
    paperIds,
  );
}

// Each pair of co-authors of the batch's authors, with how many papers they share.
const PAIRS = `FROM authorships mine
    JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id`;
const BY_PAIR = `WHERE mine.author_id IN (SELECT value FROM json_each(?))
   GROUP BY mine.author_id, theirs.author_id`;

const SHARED = `SELECT mine.author_id AS parentId, theirs.author_id AS coauthorId, COUNT(*) AS sharedPaperCount
    ${PAIRS}
   ${BY_PAIR}`;

// The years read every shared paper. published_at is a checked ISO date, so its first four
// characters are the year. Every authorship has its paper (a foreign key), so the counts are
// those of SHARED.
const SHARED_WITH_YEARS = `SELECT mine.author_id AS parentId, theirs.author_id AS coauthorId, COUNT(*) AS sharedPaperCount,
         CAST(substr(MIN(p.published_at), 1, 4) AS INTEGER) AS firstSharedYear,
         CAST(substr(MAX(p.published_at), 1, 4) AS INTEGER) AS lastSharedYear
    ${PAIRS}
    JOIN papers p ON p.id = mine.paper_id
   ${BY_PAIR}`;

const COAUTHOR_COLUMN: Readonly<Record<CoauthorSortColumn, string>> = {
  sharedPaperCount: 'g.sharedPaperCount',
  lastSharedYear: 'g.lastSharedYear',
  coauthorId: 'g.coauthorId',
};

/**
 * Each author's co-authors with the papers they share (how many, first and last year), a page per
 * author in the order, every author of the batch in one statement. The years cost a read of every
 * shared paper: read when asked for or when the order sorts on them.
 */
export function coauthorPages(sqlite: Sqlite, authorIds: Keys<number>, { first, order, afterKey, withYears }: CoauthorPageArgs): Page<CoauthorItem>[] {
  const columns = coauthorSort(order);
  const years = withYears || columns.some((c) => c.column === 'lastSharedYear');
  const orderBy = columns.map((c) => `${COAUTHOR_COLUMN[c.column]} ${c.descending ? 'DESC' : 'ASC'}`).join(', ');
  // Mixed directions in one row-value comparison: descending columns are negated, so "after the
  // cursor" is always `>` and a single comparison serves every ordering.
  const after = `(${columns.map((c) => (c.descending ? `-${COAUTHOR_COLUMN[c.column]}` : COAUTHOR_COLUMN[c.column])).join(', ')}) > (${columns.map(() => '?').join(', ')})`;
  const yearColumns = years ? 'g.firstSharedYear AS firstSharedYear, g.lastSharedYear AS lastSharedYear, ' : '';
  const sql = `SELECT * FROM (
      SELECT g.parentId AS parentId, g.sharedPaperCount AS sharedPaperCount, ${yearColumns}${AUTHOR_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY g.parentId ORDER BY ${orderBy}) AS rank
        FROM (${years ? SHARED_WITH_YEARS : SHARED}) g JOIN authors au ON au.id = g.coauthorId
       ${afterKey ? `WHERE ${after}` : ''}
    ) WHERE rank <= ? ORDER BY parentId, rank`;
  const params = afterKey ? columns.map((c, i) => (c.descending ? -afterKey[i] : afterKey[i])) : [];
  const rows = prepared(sqlite, sql).all(keyList(authorIds), ...params, first + 1) as CoauthorItem[];
  return pagesByParent(authorIds, rows, first);
}

export function coauthorCounts(sqlite: Sqlite, authorIds: Keys<number>): number[] {
  return countsOf(
    sqlite,
    `SELECT mine.author_id AS id, COUNT(DISTINCT theirs.author_id) AS n
       FROM authorships mine
       JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
      WHERE mine.author_id IN (SELECT value FROM json_each(?))
      GROUP BY mine.author_id`,
    authorIds,
  );
}

const SCOPES: Record<PaperSetScope, { parent: string; from: string; where: string }> = {
  author: {
    parent: 's.author_id',
    from: 'authorships s JOIN papers p ON p.id = s.paper_id',
    where: 's.author_id IN (SELECT value FROM json_each(?))',
  },
  all: { parent: '0', from: 'papers p', where: '? IS NOT NULL' },
};

/**
 * What the stats of each set are computed from (src/metrics): its papers grouped by category,
 * topic and year, and by citations and year. Two statements for the batch, off the event loop
 * (src/store/sqlite/read-pool.ts), both at once.
 */
export async function paperSetGroups(sqlite: Sqlite, scope: PaperSetScope, parents: Keys<number>, filter: PaperFilter | null | undefined): Promise<PaperSetGroups[]> {
  const { parent, from, where } = SCOPES[scope];
  const conditions = paperFilterSql(filter);
  const whereSql = [where, ...conditions.sql].join(' AND ');
  const groupsSql = `SELECT ${parent} AS parentId, p.category AS category, p.topic_id AS topicId, CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year,
      COUNT(*) AS papers, SUM(p.citation_count) AS citations, TOTAL(p.novelty) AS noveltySum, COUNT(p.novelty) AS noveltyCount,
      TOTAL(p.ai_score) AS aiScoreSum, COUNT(p.ai_score) AS aiScoreCount
    FROM ${from} WHERE ${whereSql} GROUP BY 1, 2, 3, 4`;
  // By year too, for the h5-index of the recent years.
  const bucketsSql = `SELECT ${parent} AS parentId, p.citation_count AS citations, CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year,
      COUNT(*) AS papers
    FROM ${from} WHERE ${whereSql} GROUP BY 1, 2, 3`;
  const reads = readsOf(sqlite);
  const params = [keyList(parents), ...conditions.params];
  const [groups, buckets] = await Promise.all([
    reads.all<CategoryYearGroup & { parentId: number }>(groupsSql, params),
    reads.all<CitationBucket & { parentId: number }>(bucketsSql, params),
  ]);
  const bucketsOf = byParent(parents, buckets);
  return byParent(parents, groups).map((g, i) => ({ groups: g, buckets: bucketsOf[i] }));
}

/** Each author's papers and their citations by publication year. */
export function authorYears(sqlite: Sqlite, authorIds: Keys<number>): YearPoint[][] {
  const rows = prepared(
    sqlite,
    `SELECT s.author_id AS parentId, CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year,
            COUNT(*) AS papers, SUM(p.citation_count) AS citations
       FROM authorships s JOIN papers p ON p.id = s.paper_id
      WHERE s.author_id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2 ORDER BY 1, 2`,
  ).all(keyList(authorIds)) as (YearPoint & { parentId: number })[];
  return byParent(authorIds, rows);
}

/**
 * Each author's h-core within the filter: most cited first (ties: newest row first), the papers
 * whose rank is at most their citation count, which are exactly the first h.
 */
export function hCores(sqlite: Sqlite, authorIds: Keys<number>, filter: PaperFilter | null | undefined): PaperRecord[][] {
  const conditions = paperFilterSql(filter);
  const sql = `SELECT * FROM (
      SELECT s.author_id AS parentId, ${PAPER_COLUMNS},
             ROW_NUMBER() OVER (PARTITION BY s.author_id ORDER BY p.citation_count DESC, p.id DESC) AS rank
        FROM authorships s JOIN papers p ON p.id = s.paper_id
       WHERE s.author_id IN (SELECT value FROM json_each(?))${andAll(conditions.sql)}
    ) WHERE rank <= citationCount ORDER BY parentId, rank`;
  const rows = prepared(sqlite, sql).all(keyList(authorIds), ...conditions.params) as (PaperRecord & { parentId: number; rank: number })[];
  return byParent(authorIds, rows).map((papers) =>
    papers.map((row) => {
      const { parentId: _parent, rank: _rank, ...paper } = row;
      return toPaper(paper);
    }),
  );
}

/** The novelty, citations and year of each of an author's papers within the filter that has a novelty. */
export function noveltyPoints(sqlite: Sqlite, authorIds: Keys<number>, filter: PaperFilter | null | undefined): NoveltyPoint[][] {
  const conditions = paperFilterSql(filter);
  const sql = `SELECT s.author_id AS parentId, p.novelty AS novelty, p.citation_count AS citations,
         CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year
    FROM authorships s JOIN papers p ON p.id = s.paper_id
   WHERE s.author_id IN (SELECT value FROM json_each(?)) AND p.novelty IS NOT NULL${andAll(conditions.sql)}`;
  const rows = prepared(sqlite, sql).all(keyList(authorIds), ...conditions.params) as (NoveltyPoint & { parentId: number })[];
  return byParent(authorIds, rows);
}

interface NoveltyRow {
  paperId: number;
  novelty: number | null;
  computed: 0 | 1;
  method: string | null;
  version: number | null;
  computedAt: string | null;
  corpusDate: string | null;
  corpusPapers: number | null;
  nearest: string | null;
}

// A paper_novelty row explains the paper's novelty only while it holds the paper's value: a write
// that set another value since made it supplied.
const NOVELTY_EXPLANATIONS = `SELECT p.id AS paperId, p.novelty AS novelty, n.paper_id IS NOT NULL AS computed, n.method AS method,
    n.version AS version, n.computed_at AS computedAt, n.corpus_date AS corpusDate, n.corpus_papers AS corpusPapers,
    n.nearest AS nearest
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id AND n.novelty IS p.novelty
  WHERE p.id IN (SELECT value FROM json_each(?))`;

function toExplanation(row: NoveltyRow): NoveltyExplanationRecord | null {
  if (row.computed === 1) {
    const { method, version, computedAt, corpusDate, corpusPapers } = row;
    return { source: 'computed', method, version, computedAt, corpusDate, corpusPapers, nearest: JSON.parse(row.nearest!) };
  }
  if (row.novelty === null) return null;
  return { source: 'supplied', method: null, version: null, computedAt: null, corpusDate: null, corpusPapers: null, nearest: [] };
}

/** How each paper's novelty came about: null for a paper without a novelty (or no such paper). */
export function noveltyExplanations(sqlite: Sqlite, paperIds: Keys<number>): (NoveltyExplanationRecord | null)[] {
  const rows = prepared(sqlite, NOVELTY_EXPLANATIONS).all(keyList(paperIds)) as NoveltyRow[];
  const byId = new Map(rows.map((row) => [row.paperId, toExplanation(row)]));
  return paperIds.map((id) => byId.get(id) ?? null);
}

export function topicsById(sqlite: Sqlite, ids: Keys<string>): (TopicRecord | null)[] {
  return byKey(sqlite, TOPICS_BY_ID, ids, (row: TopicRecord) => row.id);
}

/** The name of an OpenAlex subject by its id at any level (T10965, subfields/1904, fields/19, domains/3). */
export function subjectNames(sqlite: Sqlite, ids: Keys<string>): ({ id: string; name: string | null } | null)[] {
  return byKey(
    sqlite,
    `SELECT k.value AS id, coalesce(
        (SELECT name FROM openalex_topics WHERE id = k.value),
        (SELECT subfield_name FROM openalex_topics WHERE subfield_id = k.value LIMIT 1),
        (SELECT field_name FROM openalex_topics WHERE field_id = k.value LIMIT 1),
        (SELECT domain_name FROM openalex_topics WHERE domain_id = k.value LIMIT 1)) AS name
       FROM json_each(?) k`,
    ids,
    (row: { id: string; name: string | null }) => row.id,
  );
}
