// The PostgreSQL tables (issue 19): the same tables, columns, CHECKs, keys and indexes as
// SQLite's (../sqlite/schema.ts and the migrations/*.sql that only SQL could say), so that one
// store contract holds on both engines; what each column means is said there. Said here: where
// PostgreSQL differs and why.
//   - Ids are identity columns BY DEFAULT (AUTOINCREMENT's promise: a sequence never hands an id
//     out twice; an explicit id, as a copy from SQLite carries, is still accepted, but does not
//     move the sequence: whatever writes ids must setval past them).
//   - REAL is double precision (SQLite's REAL is 8 bytes; PostgreSQL's real only 4), booleans
//     are boolean, and SQLite's typeof() checks go: the column types refuse what they refused.
//   - Milliseconds and sums of ids are bigint: SQLite's integer is 8 bytes, PostgreSQL's 4.
//   - The novelty sort keys are STORED: PostgreSQL 15 has no virtual generated columns.
//   - Search is a generated tsvector per searched table (search_vector) with a GIN index, in
//     place of SQLite's FTS5 tables, their triggers and search_index_suspended: a generated
//     column cannot fall behind its row, so there is nothing to suspend or rebuild.
//   - Dates, timestamps and JSON stay text, checked as SQLite checks them (is_iso_date,
//     is_json_array: migrations/postgres/0000_functions.sql), so rows read back the same.
//   - The text columns that pages are ordered by (names, titles, dates) compare by bytes, as
//     SQLite's BINARY does, whatever the database's collation: COLLATE "C" (an en_US database
//     would put "a" before "B" and skip punctuation, and a cursor would name another place).
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

// drizzle-kit has no collations; a type that starts with "text" it writes out as given.
const bytewiseText = customType<{ data: string }>({
  dataType: () => 'text COLLATE "C"',
});

// simple_unaccent (migrations/postgres/0000_functions.sql): words as written, lowercased and
// without accents, no stemming and no stop words, as SQLite's unicode61 tokenizer with
// remove_diacritics (Balazs finds Balázs). Queries and ts_headline take the same configuration.
// The words are those of search_words (migrations/postgres/0002_search_words.sql): the text cut
// at every character that is not a letter or digit, as unicode61 cuts it, where PostgreSQL's
// parser would keep "Jurassic/Cretaceous", a URL or "2.5" as one token.
const searchable = (column: SQL) => sql`to_tsvector('public.simple_unaccent'::regconfig, public.search_words(${column}))`;

export const authors = pgTable(
  'authors',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: bytewiseText('name').notNull(),
    externalId: text('external_id'),
    keptWithoutPapers: boolean('kept_without_papers').notNull().default(false),
    // Name search (SQLite: authors_fts): every word of a query a prefix, `word:*`.
    searchVector: tsvector('search_vector').generatedAlwaysAs(() => searchable(sql`name`)),
  },
  (t) => [
    uniqueIndex('authors_external_id_unique').on(t.externalId),
    // With id: SQLite's index on name holds the rowid, which the name order's keyset reads.
    index('authors_name_idx').on(t.name, t.id),
    index('authors_search_idx').using('gin', t.searchVector),
    check('authors_name_not_blank', sql`length(trim(${t.name})) BETWEEN 1 AND 300`),
    check('authors_external_id_not_blank', sql`${t.externalId} IS NULL OR length(trim(${t.externalId})) > 0`),
  ],
);

export const openalexTopics = pgTable(
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
    check('openalex_topics_id_form', sql`${t.id} ~ '^T[0-9]+$'`),
    check('openalex_topics_name_not_blank', sql`length(trim(${t.name})) BETWEEN 1 AND 300`),
  ],
);

export const papers = pgTable(
  'papers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    externalId: text('external_id'),
    title: bytewiseText('title').notNull(),
    abstract: text('abstract').notNull().default(''),
    category: text('category'),
    topicId: text('topic_id').references(() => openalexTopics.id),
    topicIds: text('topic_ids'),
    workType: text('work_type'),
    doi: text('doi'),
    arxivId: text('arxiv_id'),
    publishedAt: bytewiseText('published_at').notNull(),
    score: doublePrecision('score').notNull().default(0),
    novelty: doublePrecision('novelty'),
    aiScore: doublePrecision('ai_score'),
    citationCount: integer('citation_count').notNull().default(0),
    hasCode: boolean('has_code').notNull().default(false),
    codeUrl: text('code_url'),
    noveltyKey: doublePrecision('novelty_key').generatedAlwaysAs(sql`coalesce(novelty, -1)`),
    // Full-text search (SQLite: papers_fts). Weights A and D: ts_rank's default weights make a
    // title word count 10 times an abstract word, SQLite's TITLE_WEIGHT to ABSTRACT_WEIGHT.
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      () => sql`setweight(${searchable(sql`title`)}, 'A') || setweight(${searchable(sql`abstract`)}, 'D')`,
    ),
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
    index('papers_search_idx').using('gin', t.searchVector),
    check('papers_external_id_not_blank', sql`${t.externalId} IS NULL OR length(trim(${t.externalId})) > 0`),
    check('papers_title_not_blank', sql`length(trim(${t.title})) BETWEEN 1 AND 1000`),
    // SQLite's GLOBs as regular expressions: a lowercase letter first, then letters, dots, dashes.
    check(
      'papers_category_arxiv_form',
      sql`${t.category} IS NULL OR (length(${t.category}) BETWEEN 2 AND 40 AND ${t.category} ~ '^[a-z][a-zA-Z.-]*$')`,
    ),
    check('papers_work_type_form', sql`${t.workType} IS NULL OR ${t.workType} ~ '^[a-z-]{1,40}$'`),
    check('papers_doi_form', sql`${t.doi} IS NULL OR (${t.doi} LIKE '10.%/%' AND ${t.doi} = lower(${t.doi}))`),
    check('papers_topic_ids_json', sql`${t.topicIds} IS NULL OR public.is_json_array(${t.topicIds})`),
    check('papers_arxiv_id_not_blank', sql`${t.arxivId} IS NULL OR length(trim(${t.arxivId})) > 0`),
    check('papers_published_at_iso_date', sql`public.is_iso_date(${t.publishedAt})`),
    // NaN sorts above every number in PostgreSQL, so BETWEEN refuses it as it refuses 101.
    check('papers_score_range', sql`${t.score} BETWEEN 0 AND 100`),
    check('papers_novelty_range', sql`${t.novelty} IS NULL OR ${t.novelty} BETWEEN 0 AND 1`),
    check('papers_ai_score_range', sql`${t.aiScore} IS NULL OR ${t.aiScore} BETWEEN 0 AND 100`),
    check('papers_citation_count_range', sql`${t.citationCount} >= 0`),
    // ILIKE: SQLite's LIKE ignores ASCII case, so HTTPS://... passes there.
    check(
      'papers_code_url_http',
      sql`${t.codeUrl} IS NULL OR (${t.hasCode} AND (${t.codeUrl} ILIKE 'http://_%' OR ${t.codeUrl} ILIKE 'https://_%'))`,
    ),
  ],
);

export const authorships = pgTable(
  'authorships',
  {
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.authorId] }),
    uniqueIndex('authorships_paper_position_unique').on(t.paperId, t.position),
    index('authorships_author_paper_idx').on(t.authorId, t.paperId),
    check('authorships_position_positive', sql`${t.position} >= 1`),
  ],
);

export const authorMetrics = pgTable(
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
    novelty: doublePrecision('novelty'),
    aiScore: doublePrecision('ai_score'),
    primaryCategory: text('primary_category'),
    primaryTopicId: text('primary_topic_id'),
    primarySubfieldId: text('primary_subfield_id'),
    primaryFieldId: text('primary_field_id'),
    primaryDomainId: text('primary_domain_id'),
    noveltyKey: doublePrecision('novelty_key').generatedAlwaysAs(sql`coalesce(novelty, -1)`),
    // SQLite: migration 0010 (an ISO timestamp, UTC). A new database has no older rows to date,
    // so the default is the time of the write rather than 1970.
    changedAt: text('changed_at')
      .notNull()
      .default(sql`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
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
    check(
      'author_metrics_counts',
      sql`${t.paperCount} >= 0 AND ${t.citationCount} >= 0 AND ${t.hIndex} BETWEEN 0 AND ${t.paperCount} AND ${t.gIndex} BETWEEN ${t.hIndex} AND ${t.paperCount} AND ${t.i10Index} BETWEEN 0 AND ${t.paperCount}`,
    ),
  ],
);

// SQLite: migration 0008.
export const authorMetricsPending = pgTable('author_metrics_pending', {
  authorId: integer('author_id').primaryKey(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    role: text('role', { enum: ['reader', 'writer', 'admin'] }).notNull(),
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_unique').on(t.keyHash),
    check('api_keys_name_not_blank', sql`length(trim(${t.name})) BETWEEN 1 AND 200`),
    check('api_keys_role_known', sql`${t.role} IN ('reader', 'writer', 'admin')`),
    check('api_keys_key_hash_sha256_hex', sql`${t.keyHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export const authorAliases = pgTable(
  'author_aliases',
  {
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
    name: bytewiseText('name').notNull(),
    // Name search finds a merged author by an old name (SQLite: author_aliases_fts).
    searchVector: tsvector('search_vector').generatedAlwaysAs(() => searchable(sql`name`)),
  },
  (t) => [
    primaryKey({ columns: [t.authorId, t.name] }),
    index('author_aliases_search_idx').using('gin', t.searchVector),
    check('author_aliases_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);

export const authorRedirects = pgTable(
  'author_redirects',
  {
    oldId: integer('old_id').primaryKey(),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
  },
  (t) => [index('author_redirects_author_idx').on(t.authorId)],
);

// The rate limit's buckets, shared by every API node (src/store/postgres/rate-limits.ts:
// rate-limiter-flexible's RateLimiterPostgres, whose own table this is, made here rather than by
// each node as it starts). `expire`: ms since the epoch.
export const rateLimits = pgTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});

export const persistedQueries = pgTable(
  'persisted_queries',
  {
    key: text('key').primaryKey(),
    query: text('query').notNull(),
    usedAt: bigint('used_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('persisted_queries_used_at_idx').on(t.usedAt)],
);

// SQLite: migration 0009. Novelty computed from the corpus, and its backward document frequencies.
export const paperNovelty = pgTable(
  'paper_novelty',
  {
    paperId: integer('paper_id')
      .primaryKey()
      .references(() => papers.id, { onDelete: 'cascade' }),
    novelty: doublePrecision('novelty'),
    method: text('method').notNull(),
    version: integer('version').notNull(),
    corpusDate: text('corpus_date').notNull(),
    corpusPapers: integer('corpus_papers').notNull(),
    nearest: text('nearest').notNull(),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [
    check('paper_novelty_range', sql`${t.novelty} IS NULL OR ${t.novelty} BETWEEN 0 AND 1`),
    check('paper_novelty_nearest_json', sql`public.is_json_array(${t.nearest})`),
    check('paper_novelty_counts', sql`${t.corpusPapers} >= 0 AND ${t.version} >= 1`),
  ],
);

export const noveltyTermDf = pgTable(
  'novelty_term_df',
  {
    term: text('term').notNull(),
    year: integer('year').notNull(),
    df: integer('df').notNull(),
  },
  (t) => [primaryKey({ columns: [t.term, t.year] }), check('novelty_term_df_positive', sql`${t.df} > 0`)],
);

export const noveltyYears = pgTable('novelty_years', {
  year: integer('year').primaryKey(),
  papers: integer('papers').notNull(),
  idSum: bigint('id_sum', { mode: 'number' }).notNull(),
  tokenizer: integer('tokenizer').notNull(),
});

// SQLite: migration 0011.
export const noveltyPending = pgTable('novelty_pending', {
  paperId: integer('paper_id').primaryKey(),
});

// SQLite: migration 0015. The data version (src/http/http-cache.ts), moved once by every
// transaction that changes an answer: migration 0006's deferred triggers, at its commit.
export const dataVersion = pgTable(
  'data_version',
  {
    id: integer('id').primaryKey(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [check('data_version_one_row', sql`${t.id} = 1`)],
);
