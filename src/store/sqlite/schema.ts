// The tables: authors, papers and the authorships that link them. Constraints live here, in the
// database, so that no path around the API can store a paper without a title or a novelty of 3.
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

export const authors = sqliteTable(
  'authors',
  {
    // AUTOINCREMENT so that an id, once handed out, never names another author.
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // ORCID, OpenAlex id, ...: whatever identity the source of the record gives.
    externalId: text('external_id'),
    // Created on purpose (createAuthor): kept when it has no paper. An author that a paper write
    // created by name goes when no paper names it any more.
    keptWithoutPapers: integer('kept_without_papers', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('authors_external_id_unique').on(t.externalId),
    index('authors_name_idx').on(t.name),
    check('authors_name_not_blank', sql`length(trim(${t.name})) BETWEEN 1 AND 300`),
    check('authors_external_id_not_blank', sql`${t.externalId} IS NULL OR length(trim(${t.externalId})) > 0`),
  ],
);

// OpenAlex's subject hierarchy, one row per topic with its subfield, field and domain (ids in
// OpenAlex's short form: T10965, subfields/1904, fields/19, domains/3). Written by the importer
// as it meets topics; a paper points at its primary topic.
export const openalexTopics = sqliteTable(
  'openalex_topics',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    subfieldId: text('subfield_id'),
    subfieldName: text('subfield_name'),
    fieldId: text('field_id'),
    fieldName: text('field_name'),
    domainId: text('domain_id'),
    domainName: text('domain_name'),
  },
  (t) => [
    index('openalex_topics_subfield_idx').on(t.subfieldId),
    index('openalex_topics_field_idx').on(t.fieldId),
    index('openalex_topics_domain_idx').on(t.domainId),
    check('openalex_topics_id_form', sql`${t.id} GLOB 'T[0-9]*' AND ${t.id} NOT GLOB 'T*[^0-9]*'`),
    check('openalex_topics_name_not_blank', sql`length(trim(${t.name})) BETWEEN 1 AND 300`),
  ],
);

export type OpenAlexTopicRow = typeof openalexTopics.$inferSelect;

export const papers = sqliteTable(
  'papers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // arXiv id or DOI.
    externalId: text('external_id'),
    title: text('title').notNull(),
    abstract: text('abstract').notNull().default(''),
    // arXiv category code of the primary category, e.g. cs.LG, hep-th, cond-mat.str-el; null for
    // a paper without one (most OpenAlex works outside physics, mathematics and computing).
    category: text('category'),
    // OpenAlex's primary topic (its subfield, field and domain come with it); null when none.
    topicId: text('topic_id').references(() => openalexTopics.id),
    // Every OpenAlex topic of the paper (up to three), the primary first, as a JSON array of ids
    // (["T10965","T11226"]); null when none. Compared as text by an import, read with the loader.
    topicIds: text('topic_ids'),
    // The kind of work as its source says: article, preprint, book-chapter, dataset, ... (OpenAlex's types).
    workType: text('work_type'),
    // Lowercase, without https://doi.org/; and the arXiv id without version. What a record of
    // another source matches the paper by, whatever its external id.
    doi: text('doi'),
    arxivId: text('arxiv_id'),
    // ISO date, YYYY-MM-DD.
    publishedAt: text('published_at').notNull(),
    score: real('score').notNull().default(0),
    novelty: real('novelty'),
    aiScore: real('ai_score'),
    citationCount: integer('citation_count').notNull().default(0),
    hasCode: integer('has_code', { mode: 'boolean' }).notNull().default(false),
    codeUrl: text('code_url'),
    // The sort key of novelty: papers without one sort below every scored paper.
    noveltyKey: real('novelty_key').generatedAlwaysAs(sql`ifnull(novelty, -1)`, { mode: 'virtual' }),
  },
  (t) => [
    uniqueIndex('papers_external_id_unique').on(t.externalId),
    index('papers_published_at_idx').on(t.publishedAt, t.id),
    index('papers_citation_count_idx').on(t.citationCount, t.id),
    index('papers_score_idx').on(t.score, t.id),
    index('papers_title_idx').on(t.title, t.id),
    index('papers_novelty_idx').on(t.noveltyKey, t.id),
    index('papers_category_idx').on(t.category, t.publishedAt),
    index('papers_topic_idx').on(t.topicId, t.publishedAt),
    index('papers_doi_idx').on(t.doi),
    index('papers_arxiv_id_idx').on(t.arxivId),
    check('papers_external_id_not_blank', sql`${t.externalId} IS NULL OR length(trim(${t.externalId})) > 0`),
    check('papers_title_not_blank', sql`length(trim(${t.title})) BETWEEN 1 AND 1000`),
    check('papers_abstract_is_text', sql`typeof(${t.abstract}) = 'text'`),
    check(
      'papers_category_arxiv_form',
      sql`${t.category} IS NULL OR (length(${t.category}) BETWEEN 2 AND 40 AND ${t.category} GLOB '[a-z]*' AND ${t.category} NOT GLOB '*[^a-zA-Z.-]*')`,
    ),
    check('papers_work_type_form', sql`${t.workType} IS NULL OR (length(${t.workType}) BETWEEN 1 AND 40 AND ${t.workType} NOT GLOB '*[^a-z-]*')`),
    check('papers_doi_form', sql`${t.doi} IS NULL OR (${t.doi} GLOB '10.*/*' AND ${t.doi} = lower(${t.doi}))`),
    check('papers_topic_ids_json', sql`${t.topicIds} IS NULL OR (json_valid(${t.topicIds}) AND json_type(${t.topicIds}) = 'array')`),
    check('papers_arxiv_id_not_blank', sql`${t.arxivId} IS NULL OR length(trim(${t.arxivId})) > 0`),
    // date() normalizes impossible days (2025-02-30 becomes 2025-03-02) and is NULL for non-dates:
    // IS (not =) so that a NULL comparison fails the check instead of passing it.
    check('papers_published_at_iso_date', sql`${t.publishedAt} IS date(${t.publishedAt})`),
    check('papers_score_range', sql`typeof(${t.score}) IN ('real', 'integer') AND ${t.score} BETWEEN 0 AND 100`),
    check('papers_novelty_range', sql`${t.novelty} IS NULL OR (typeof(${t.novelty}) IN ('real', 'integer') AND ${t.novelty} BETWEEN 0 AND 1)`),
    check('papers_ai_score_range', sql`${t.aiScore} IS NULL OR (typeof(${t.aiScore}) IN ('real', 'integer') AND ${t.aiScore} BETWEEN 0 AND 100)`),
    check('papers_citation_count_range', sql`typeof(${t.citationCount}) = 'integer' AND ${t.citationCount} >= 0`),
    check('papers_has_code_boolean', sql`${t.hasCode} IN (0, 1)`),
    check(
      'papers_code_url_http',
      sql`${t.codeUrl} IS NULL OR (${t.hasCode} = 1 AND (${t.codeUrl} LIKE 'http://_%' OR ${t.codeUrl} LIKE 'https://_%'))`,
    ),
  ],
);

export const authorships = sqliteTable(
  'authorships',
  {
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    // RESTRICT: an author with papers is not deleted behind the papers' back.
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'restrict' }),
    // 1-based place in the paper's author list.
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.authorId] }),
    uniqueIndex('authorships_paper_position_unique').on(t.paperId, t.position),
    index('authorships_author_paper_idx').on(t.authorId, t.paperId),
    check('authorships_position_positive', sql`typeof(${t.position}) = 'integer' AND ${t.position} >= 1`),
  ],
);

// Each author's metrics, materialized so that leaderboards ("top 20 in cs.LG by h-index") read
// an index instead of computing every author's metrics. Written only by refreshAuthorMetrics,
// in the same transaction as the change to papers or authorships it follows.
export const authorMetrics = sqliteTable(
  'author_metrics',
  {
    authorId: integer('author_id')
      .primaryKey()
      .references(() => authors.id, { onDelete: 'cascade' }),
    paperCount: integer('paper_count').notNull(),
    citationCount: integer('citation_count').notNull(),
    hIndex: integer('h_index').notNull(),
    i10Index: integer('i10_index').notNull(),
    gIndex: integer('g_index').notNull(),
    novelty: real('novelty'),
    aiScore: real('ai_score'),
    primaryCategory: text('primary_category'),
    // The most frequent OpenAlex subject of the author's papers at each level (ids as in
    // openalex_topics): what a leaderboard by an OpenAlex subject filters on.
    primaryTopicId: text('primary_topic_id'),
    primarySubfieldId: text('primary_subfield_id'),
    primaryFieldId: text('primary_field_id'),
    primaryDomainId: text('primary_domain_id'),
    // The sort key of novelty: authors without one sort below every scored author.
    noveltyKey: real('novelty_key').generatedAlwaysAs(sql`ifnull(novelty, -1)`, { mode: 'virtual' }),
  },
  (t) => [
    index('author_metrics_h_index_idx').on(t.hIndex, t.authorId),
    index('author_metrics_citation_count_idx').on(t.citationCount, t.authorId),
    index('author_metrics_paper_count_idx').on(t.paperCount, t.authorId),
    index('author_metrics_novelty_idx').on(t.noveltyKey, t.authorId),
    index('author_metrics_category_h_index_idx').on(t.primaryCategory, t.hIndex, t.authorId),
    index('author_metrics_category_citation_count_idx').on(t.primaryCategory, t.citationCount, t.authorId),
    index('author_metrics_topic_h_index_idx').on(t.primaryTopicId, t.hIndex, t.authorId),
    index('author_metrics_subfield_h_index_idx').on(t.primarySubfieldId, t.hIndex, t.authorId),
    index('author_metrics_field_h_index_idx').on(t.primaryFieldId, t.hIndex, t.authorId),
    index('author_metrics_domain_h_index_idx').on(t.primaryDomainId, t.hIndex, t.authorId),
    check('author_metrics_counts', sql`${t.paperCount} >= 0 AND ${t.citationCount} >= 0 AND ${t.hIndex} BETWEEN 0 AND ${t.paperCount} AND ${t.gIndex} BETWEEN ${t.hIndex} AND ${t.paperCount} AND ${t.i10Index} BETWEEN 0 AND ${t.paperCount}`),
  ],
);

export type AuthorRow = typeof authors.$inferSelect;
export type PaperRow = typeof papers.$inferSelect;
export type AuthorshipRow = typeof authorships.$inferSelect;

// API keys for writes (and, when configured, reads). Only a hash of each key is kept: a copy of
// the database must not hand out working keys. SHA-256 rather than a slow password hash because
// keys are 32 random bytes: there is no dictionary to guess from, so a fast hash costs an
// attacker nothing they could use, and lets every request find its key with one index lookup.
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    role: text('role', { enum: ['reader', 'writer', 'admin'] }).notNull(),
    // Lowercase hex SHA-256 of the whole key, prefix included.
    keyHash: text('key_hash').notNull(),
    // The key's first 8 characters, enough to tell keys apart in a listing, too few to use.
    keyPrefix: text('key_prefix').notNull(),
    // ISO timestamps.
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_unique').on(t.keyHash),
    check('api_keys_name_not_blank', sql`length(trim(${t.name})) BETWEEN 1 AND 200`),
    check('api_keys_role_known', sql`${t.role} IN ('reader', 'writer', 'admin')`),
    check('api_keys_key_hash_sha256_hex', sql`length(${t.keyHash}) = 64 AND ${t.keyHash} NOT GLOB '*[^0-9a-f]*'`),
  ],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;

// What a merge of duplicate authors leaves behind: the old names, which name search still
// finds, and the old ids, which keep resolving to the surviving author.
export const authorAliases = sqliteTable(
  'author_aliases',
  {
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.authorId, t.name] }), check('author_aliases_name_not_blank', sql`length(trim(${t.name})) > 0`)],
);

export const authorRedirects = sqliteTable(
  'author_redirects',
  {
    // No foreign key: the old author row is gone, that is the point.
    oldId: integer('old_id').primaryKey(),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
  },
  (t) => [index('author_redirects_author_idx').on(t.authorId)],
);

// Automatic persisted queries (src/http/persisted-queries.ts): the query text by its hash, in
// the database so that every worker process (and, with a shared database, every node) knows a
// query that one of them registered. `used_at` (ms) lets the oldest go when the table is full.
export const persistedQueries = sqliteTable(
  'persisted_queries',
  {
    key: text('key').primaryKey(),
    query: text('query').notNull(),
    usedAt: integer('used_at').notNull(),
  },
  (t) => [index('persisted_queries_used_at_idx').on(t.usedAt)],
);

// The data version (src/http/http-cache.ts): a number every write transaction that changes an
// answer moves, read at the start of a GET to make its ETag. One row, moved by the triggers of
// migration 0015 on every table an answer is read from, so that no writer (the API, an import in
// another process, the novelty and metrics work) can change an answer and leave the number.
export const dataVersion = sqliteTable(
  'data_version',
  {
    id: integer('id').primaryKey(),
    version: integer('version').notNull(),
  },
  (t) => [check('data_version_one_row', sql`${t.id} = 1`)],
);
