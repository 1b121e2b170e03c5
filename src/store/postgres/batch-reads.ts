// The batch reads behind the request's loaders on PostgreSQL: the port of ../sqlite/batch-reads.ts
// (what each read answers is said there). Each takes every key of a batch and runs one statement
// for all of them, the keys bound as one array (`unnest(?::int8[])`, `= ANY(?)`), whatever their
// number; answers come back in key order, one entry per key, with the values SQLite gives.
// int8: a key beyond the int4 ids finds nothing, as on SQLite, instead of failing the cast.
import type { Store } from '../store';
import { rows, type PgDb } from './db';
import { AUTHOR_COLUMNS, PAPER_COLUMNS, STORED_METRICS_COLUMNS, TOPIC_COLUMNS } from './records';
import { afterSql, andAll, orderBySql, paperFilterSql, paperKeyset } from './conditions';
// Engine-neutral: rows of many parents into pages and lists, and the metrics of a row.
import { byParent, pagesByParent } from '../sqlite/pages';
import { storedMetricsOf } from '../sqlite/records';
import {
  coauthorSort,
  type AuthorPaperItem,
  type AuthorRecord,
  type CategoryYearGroup,
  type CitationBucket,
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

export type BatchReadsPart = Pick<
  Store,
  | 'authorsById'
  | 'authorsByExternalId'
  | 'authorMetrics'
  | 'papersById'
  | 'papersByExternalId'
  | 'authorPaperPages'
  | 'authorPaperCounts'
  | 'paperAuthorPages'
  | 'paperAuthorCounts'
  | 'coauthorPages'
  | 'coauthorCounts'
  | 'paperSetGroups'
  | 'authorYears'
  | 'hCores'
  | 'noveltyPoints'
  | 'noveltyExplanations'
  | 'topicsById'
  | 'subjectNames'
>;

type Keys<K> = readonly K[];

/** The year of a checked ISO date (its first four characters), as SQLite's CAST(substr(...) AS INTEGER). */
const YEAR = 'substr(p.published_at, 1, 4)::int';

/** Rows of `sql` (keys bound first, then `params`) matched back to the keys; null for a key without one. */
async function byKey<K, T extends object>(db: PgDb, sql: string, keys: Keys<K>, keyOf: (row: T) => K, params: readonly unknown[] = []): Promise<(T | null)[]> {
  const found = new Map((await rows<T & Record<string, unknown>>(db, sql, [keys, ...params])).map((row) => [keyOf(row), row as T]));
  return keys.map((key) => found.get(key) ?? null);
}

/** `sql` selects `id, n` rows for the keys bound first, then `params`; a key without a row counts 0. */
async function countsOf(db: PgDb, sql: string, ids: Keys<number>, params: readonly unknown[] = []): Promise<number[]> {
  const counts = new Map((await rows<{ id: number; n: number }>(db, sql, [ids, ...params])).map((row) => [row.id, row.n]));
  return ids.map((id) => counts.get(id) ?? 0);
}

const NO_METRICS: StoredAuthorMetrics = {
  paperCount: 0, citationCount: 0, hIndex: 0, i10Index: 0, gIndex: 0, novelty: null, aiScore: null, primaryCategory: null,
  primaryTopicId: null, primarySubfieldId: null, primaryFieldId: null, primaryDomainId: null, changedAt: null,
};

// Each pair of co-authors of the batch's authors, with how many papers they share.
const PAIRS = `FROM authorships mine
    JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id`;
const BY_PAIR = `WHERE mine.author_id = ANY(?::int8[])
   GROUP BY mine.author_id, theirs.author_id`;

const SHARED = `SELECT mine.author_id AS "parentId", theirs.author_id AS "coauthorId", COUNT(*) AS "sharedPaperCount"
    ${PAIRS}
   ${BY_PAIR}`;

// Every authorship has its paper (a foreign key), so the counts are those of SHARED.
const SHARED_WITH_YEARS = `SELECT mine.author_id AS "parentId", theirs.author_id AS "coauthorId", COUNT(*) AS "sharedPaperCount",
         substr(MIN(p.published_at), 1, 4)::int AS "firstSharedYear",
         substr(MAX(p.published_at), 1, 4)::int AS "lastSharedYear"
    ${PAIRS}
    JOIN papers p ON p.id = mine.paper_id
   ${BY_PAIR}`;

// 2^42, and 2^84 as numeric.
const SPLIT = '4398046511104::float8';
const SPLIT_TWICE = '19342813113834066795298816';

/**
 * SQLite's TOTAL of a REAL column: 0 for no value, and a compensated sum (Kahan-Babuska-Neumaier):
 * 0.6 for 0.1 + 0.2 + 0.3, where adding doubles in turn (PostgreSQL's SUM) gives
 * 0.6000000000000001, and for 0.864 + 0.605 what one addition gives, rounded half to even.
 * Its equal here: the exact sum of the doubles, rounded once to a double when read (./db.ts parses
 * numeric; JavaScript rounds a decimal half to even). Each value is cut at 2^-42 and 2^-84 of
 * itself into two integers below 2^42 (scaling by a power of two and taking the integer part are
 * exact), summed as int8 (exact, and fast), and what is left (nothing, for any value above 5e-10)
 * summed as a double; divided back with 100 decimals, more than the 84 places the quotient has.
 * Checked against SQLite's total() on thousands of random sets of scores.
 */
function total(column: string): string {
  const high = `(${column} * ${SPLIT})`;
  const low = `((${high} - trunc(${high})) * ${SPLIT})`;
  const scaled = `SUM(trunc(${high})::int8)::numeric * 4398046511104 + SUM(trunc(${low})::int8) + SUM(${low} - trunc(${low}))::numeric`;
  return `coalesce((${scaled})::numeric(1000, 100) / ${SPLIT_TWICE}, 0)`;
}

const COAUTHOR_COLUMN: Readonly<Record<CoauthorSortColumn, string>> = {
  sharedPaperCount: 'g."sharedPaperCount"',
  lastSharedYear: 'g."lastSharedYear"',
  coauthorId: 'g."coauthorId"',
};

const SCOPES: Record<PaperSetScope, { parent: string; from: string; where: string }> = {
  author: {
    parent: 's.author_id',
    from: 'authorships s JOIN papers p ON p.id = s.paper_id',
    where: 's.author_id = ANY(?::int8[])',
  },
  all: { parent: '0', from: 'papers p', where: '?::int8[] IS NOT NULL' },
};

interface NoveltyRow {
  paperId: number;
  novelty: number | null;
  computed: boolean;
  method: string | null;
  version: number | null;
  computedAt: string | null;
  corpusDate: string | null;
  corpusPapers: number | null;
  nearest: string | null;
}

// A paper_novelty row explains the paper's novelty only while it holds the paper's value: a write
// that set another value since made it supplied.
const NOVELTY_EXPLANATIONS = `SELECT p.id AS "paperId", p.novelty AS novelty, n.paper_id IS NOT NULL AS computed, n.method AS method,
    n.version AS version, n.computed_at AS "computedAt", n.corpus_date AS "corpusDate", n.corpus_papers AS "corpusPapers",
    n.nearest AS nearest
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id AND n.novelty IS NOT DISTINCT FROM p.novelty
  WHERE p.id = ANY(?::int8[])`;

function toExplanation(row: NoveltyRow): NoveltyExplanationRecord | null {
  if (row.computed) {
    const { method, version, computedAt, corpusDate, corpusPapers } = row;
    return { source: 'computed', method, version, computedAt, corpusDate, corpusPapers, nearest: JSON.parse(row.nearest!) };
  }
  if (row.novelty === null) return null;
  return { source: 'supplied', method: null, version: null, computedAt: null, corpusDate: null, corpusPapers: null, nearest: [] };
}

export function batchReads(db: PgDb): BatchReadsPart {
  return {
    /** Authors by id; the id of an author merged into another answers the survivor. */
    async authorsById(ids) {
      const found = await byKey(
        db,
        `SELECT k.value AS "requestedId", ${AUTHOR_COLUMNS}
           FROM unnest(?::int8[]) k(value) LEFT JOIN author_redirects r ON r.old_id = k.value
           JOIN authors au ON au.id = coalesce(r.author_id, k.value)`,
        ids,
        (row: AuthorRecord & { requestedId: number }) => row.requestedId,
      );
      return found.map((row) => (row ? { id: row.id, name: row.name, externalId: row.externalId } : null));
    },

    authorsByExternalId: (externalIds) =>
      byKey(db, `SELECT ${AUTHOR_COLUMNS} FROM authors au WHERE au.external_id = ANY(?::text[])`, externalIds, (row: AuthorRecord) => row.externalId!),

    /** The materialized metrics; zeros for an author without them. */
    async authorMetrics(ids) {
      const found = await rows<StoredAuthorMetrics & { authorId: number }>(
        db,
        `SELECT m.author_id AS "authorId", ${STORED_METRICS_COLUMNS} FROM author_metrics m WHERE m.author_id = ANY(?::int8[])`,
        [ids],
      );
      const byAuthor = new Map(found.map((row) => [row.authorId, storedMetricsOf(row)]));
      return ids.map((id) => byAuthor.get(id) ?? NO_METRICS);
    },

    papersById: (ids) => byKey(db, `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id = ANY(?::int8[])`, ids, (row: PaperRecord) => row.id),

    papersByExternalId: (externalIds) =>
      byKey(db, `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.external_id = ANY(?::text[])`, externalIds, (row: PaperRecord) => row.externalId!),

    /** A page of each author's papers in the order: ROW_NUMBER() ranks each author's papers and keeps first + 1. */
    async authorPaperPages(authorIds, { first, after, order, filter }: PaperPageArgs): Promise<Page<AuthorPaperItem>[]> {
      const keyset = paperKeyset(order);
      const conditions = paperFilterSql(filter);
      if (after) conditions.sql.push(afterSql(keyset));
      const sql = `SELECT * FROM (
          SELECT s.author_id AS "parentId", s.position AS position, ${PAPER_COLUMNS},
                 ROW_NUMBER() OVER (PARTITION BY s.author_id ORDER BY ${orderBySql(keyset)}) AS rank
            FROM authorships s JOIN papers p ON p.id = s.paper_id
           WHERE s.author_id = ANY(?::int8[])${andAll(conditions.sql)}
        ) ranked WHERE rank <= ? ORDER BY "parentId", rank`;
      const found = await rows<AuthorPaperItem>(db, sql, [authorIds, ...conditions.params, ...(after ?? []), first + 1]);
      return pagesByParent(authorIds, found, first);
    },

    async authorPaperCounts(authorIds, filter) {
      const conditions = paperFilterSql(filter);
      if (conditions.sql.length === 0) {
        return countsOf(db, `SELECT author_id AS id, COUNT(*) AS n FROM authorships WHERE author_id = ANY(?::int8[]) GROUP BY author_id`, authorIds);
      }
      return countsOf(
        db,
        `SELECT s.author_id AS id, COUNT(*) AS n FROM authorships s JOIN papers p ON p.id = s.paper_id
          WHERE s.author_id = ANY(?::int8[])${andAll(conditions.sql)}
          GROUP BY s.author_id`,
        authorIds,
        conditions.params,
      );
    },

    /** A page of each paper's authors in author-list order; the cursor is the position. */
    async paperAuthorPages(paperIds, { first, afterPosition }: PositionArgs): Promise<Page<PaperAuthorItem>[]> {
      const sql = `SELECT * FROM (
          SELECT s.paper_id AS "parentId", s.position AS position, ${AUTHOR_COLUMNS},
                 ROW_NUMBER() OVER (PARTITION BY s.paper_id ORDER BY s.position) AS rank
            FROM authorships s JOIN authors au ON au.id = s.author_id
           WHERE s.paper_id = ANY(?::int8[])${afterPosition === null ? '' : ' AND s.position > ?'}
        ) ranked WHERE rank <= ? ORDER BY "parentId", rank`;
      const params = afterPosition === null ? [first + 1] : [afterPosition, first + 1];
      return pagesByParent(paperIds, await rows<PaperAuthorItem>(db, sql, [paperIds, ...params]), first);
    },

    paperAuthorCounts: (paperIds) =>
      countsOf(db, `SELECT paper_id AS id, COUNT(*) AS n FROM authorships WHERE paper_id = ANY(?::int8[]) GROUP BY paper_id`, paperIds),

    /**
     * Each author's co-authors with the papers they share, a page per author in the order; the
     * years (a read of every shared paper) when asked for or when the order sorts on them.
     */
    async coauthorPages(authorIds, { first, order, afterKey, withYears }: CoauthorPageArgs): Promise<Page<CoauthorItem>[]> {
      const columns = coauthorSort(order);
      const years = withYears || columns.some((c) => c.column === 'lastSharedYear');
      const orderBy = columns.map((c) => `${COAUTHOR_COLUMN[c.column]} ${c.descending ? 'DESC' : 'ASC'}`).join(', ');
      // Descending columns negated, so that "after the cursor" is one `>` row comparison.
      const after = `(${columns.map((c) => (c.descending ? `-${COAUTHOR_COLUMN[c.column]}` : COAUTHOR_COLUMN[c.column])).join(', ')}) > (${columns.map(() => '?').join(', ')})`;
      const yearColumns = years ? 'g."firstSharedYear" AS "firstSharedYear", g."lastSharedYear" AS "lastSharedYear", ' : '';
      const sql = `SELECT * FROM (
          SELECT g."parentId" AS "parentId", g."sharedPaperCount" AS "sharedPaperCount", ${yearColumns}${AUTHOR_COLUMNS},
                 ROW_NUMBER() OVER (PARTITION BY g."parentId" ORDER BY ${orderBy}) AS rank
            FROM (${years ? SHARED_WITH_YEARS : SHARED}) g JOIN authors au ON au.id = g."coauthorId"
           ${afterKey ? `WHERE ${after}` : ''}
        ) ranked WHERE rank <= ? ORDER BY "parentId", rank`;
      const params = afterKey ? columns.map((c, i) => (c.descending ? -afterKey[i] : afterKey[i])) : [];
      return pagesByParent(authorIds, await rows<CoauthorItem>(db, sql, [authorIds, ...params, first + 1]), first);
    },

    coauthorCounts: (authorIds) =>
      countsOf(
        db,
        `SELECT mine.author_id AS id, COUNT(DISTINCT theirs.author_id) AS n
           ${PAIRS}
          WHERE mine.author_id = ANY(?::int8[])
          GROUP BY mine.author_id`,
        authorIds,
      ),

    /**
     * What the stats of each set are computed from: its papers grouped by category, topic and
     * year, and by citations and year. Two statements for the batch, both at once. Ordered by the
     * groups' keys as SQLite's GROUP BY gives them (NULL first, text by bytes).
     */
    async paperSetGroups(scope, parents, filter): Promise<PaperSetGroups[]> {
      const { parent, from, where } = SCOPES[scope];
      const conditions = paperFilterSql(filter);
      const whereSql = [where, ...conditions.sql].join(' AND ');
      const groupsSql = `SELECT ${parent} AS "parentId", p.category AS category, p.topic_id AS "topicId", ${YEAR} AS year,
          COUNT(*) AS papers, SUM(p.citation_count) AS citations, ${total('p.novelty')} AS "noveltySum", COUNT(p.novelty) AS "noveltyCount",
          ${total('p.ai_score')} AS "aiScoreSum", COUNT(p.ai_score) AS "aiScoreCount"
        FROM ${from} WHERE ${whereSql} GROUP BY 1, 2, 3, 4
        ORDER BY 1, p.category COLLATE "C" NULLS FIRST, p.topic_id COLLATE "C" NULLS FIRST, 4`;
      const bucketsSql = `SELECT ${parent} AS "parentId", p.citation_count AS citations, ${YEAR} AS year, COUNT(*) AS papers
        FROM ${from} WHERE ${whereSql} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
      const params = [parents, ...conditions.params];
      const [groups, buckets] = await Promise.all([
        rows<CategoryYearGroup & { parentId: number }>(db, groupsSql, params),
        rows<CitationBucket & { parentId: number }>(db, bucketsSql, params),
      ]);
      const bucketsOf = byParent(parents, buckets);
      return byParent(parents, groups).map((g, i) => ({ groups: g, buckets: bucketsOf[i] }));
    },

    /** Each author's papers and their citations by publication year. */
    async authorYears(authorIds): Promise<YearPoint[][]> {
      const found = await rows<YearPoint & { parentId: number }>(
        db,
        `SELECT s.author_id AS "parentId", ${YEAR} AS year, COUNT(*) AS papers, SUM(p.citation_count) AS citations
           FROM authorships s JOIN papers p ON p.id = s.paper_id
          WHERE s.author_id = ANY(?::int8[]) GROUP BY 1, 2 ORDER BY 1, 2`,
        [authorIds],
      );
      return byParent(authorIds, found);
    },

    /** Each author's h-core within the filter: most cited first (ties: newest row first), those whose rank is at most their citations. */
    async hCores(authorIds, filter): Promise<PaperRecord[][]> {
      const conditions = paperFilterSql(filter);
      const sql = `SELECT * FROM (
          SELECT s.author_id AS "parentId", ${PAPER_COLUMNS},
                 ROW_NUMBER() OVER (PARTITION BY s.author_id ORDER BY p.citation_count DESC, p.id DESC) AS rank
            FROM authorships s JOIN papers p ON p.id = s.paper_id
           WHERE s.author_id = ANY(?::int8[])${andAll(conditions.sql)}
        ) ranked WHERE rank <= "citationCount" ORDER BY "parentId", rank`;
      const found = await rows<PaperRecord & { parentId: number; rank: number }>(db, sql, [authorIds, ...conditions.params]);
      return byParent(authorIds, found).map((papers) => papers.map(({ parentId: _parent, rank: _rank, ...paper }) => paper));
    },

    /**
     * The novelty, citations and year of each of an author's papers within the filter that has a
     * novelty, in SQLite's order (its index on (author_id, paper_id)), so that sums over them
     * round alike.
     */
    async noveltyPoints(authorIds, filter): Promise<NoveltyPoint[][]> {
      const conditions = paperFilterSql(filter);
      const sql = `SELECT s.author_id AS "parentId", p.novelty AS novelty, p.citation_count AS citations, ${YEAR} AS year
          FROM authorships s JOIN papers p ON p.id = s.paper_id
         WHERE s.author_id = ANY(?::int8[]) AND p.novelty IS NOT NULL${andAll(conditions.sql)}
         ORDER BY s.author_id, s.paper_id`;
      return byParent(authorIds, await rows<NoveltyPoint & { parentId: number }>(db, sql, [authorIds, ...conditions.params]));
    },

    /** How each paper's novelty came about: null for a paper without a novelty (or no such paper). */
    async noveltyExplanations(paperIds) {
      const found = await rows<NoveltyRow>(db, NOVELTY_EXPLANATIONS, [paperIds]);
      const byId = new Map(found.map((row) => [row.paperId, toExplanation(row)]));
      return paperIds.map((id) => byId.get(id) ?? null);
    },

    topicsById: (ids) => byKey(db, `SELECT ${TOPIC_COLUMNS} FROM openalex_topics t WHERE t.id = ANY(?::text[])`, ids, (row: TopicRecord) => row.id),

    /** The name of an OpenAlex subject by its id at any level (T10965, subfields/1904, fields/19, domains/3). */
    subjectNames: (ids) =>
      byKey(
        db,
        `SELECT k.value AS id, coalesce(
            (SELECT name FROM openalex_topics WHERE id = k.value),
            (SELECT subfield_name FROM openalex_topics WHERE subfield_id = k.value LIMIT 1),
            (SELECT field_name FROM openalex_topics WHERE field_id = k.value LIMIT 1),
            (SELECT domain_name FROM openalex_topics WHERE domain_id = k.value LIMIT 1)) AS name
           FROM unnest(?::text[]) k(value)`,
        ids,
        (row: { id: string; name: string | null }) => row.id,
      ),
  };
}
