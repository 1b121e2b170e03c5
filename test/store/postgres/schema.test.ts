// The PostgreSQL schema (migrations/postgres) on a real throwaway cluster: it migrates an empty
// database and then changes nothing, has SQLite's tables and columns, refuses what SQLite's
// refuses, orders text as SQLite does with an index for each order the reads use, searches
// accent-insensitively by prefix, and streams to a replica.
import fs from 'node:fs';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { Client, Pool } from 'pg';
import * as sqliteSchema from '../../../src/store/sqlite/schema';
import { migrateDatabase, openDatabase, type Db } from '../../../src/store/sqlite/client';
import { migratePostgres } from '../../../src/store/postgres/client';
import { EARLIER_WITH_TERM_INDEXED } from '../../../src/store/postgres/novelty/database-corpus';
import { startPostgres, startReplica, type PostgresCluster } from '../../support/postgres';
import { tempDir } from '../../support/server';

// initdb, a start and the migrations take a few seconds on a busy machine; a replica as long.
const CLUSTER_MS = 60_000;

// What PostgreSQL has beyond SQLite's tables, and why.
const ONLY_IN_POSTGRES: Record<string, string[]> = {
  // The generated tsvector that replaces the FTS5 tables.
  authors: ['search_vector'],
  papers: ['search_vector'],
  author_aliases: ['search_vector'],
};
// What SQLite has beyond PostgreSQL's: its FTS5 tables (and their shadow tables), and the list of
// their triggers a bulk load suspends; a generated column has neither.
const onlyInSqlite = (table: string) => /_fts($|_)/.test(table) || table === 'search_index_suspended' || table === 'sqlite_sequence' || table.startsWith('__drizzle');

describe('the PostgreSQL schema', () => {
  let primary: PostgresCluster;
  let pool: Pool;
  // What PostgreSQL's schema is held to: SQLite's, as its migrations make it.
  let sqliteDir: string;
  let sqlite: Db;

  beforeAll(async () => {
    sqliteDir = tempDir();
    sqlite = openDatabase(path.join(sqliteDir, 'schema.db'));
    migrateDatabase(sqlite);
    primary = await startPostgres();
    await migratePostgres(primary.url);
    pool = new Pool({ connectionString: primary.url, max: 4 });
  }, CLUSTER_MS);
  afterAll(async () => {
    await pool?.end();
    await primary?.stop();
    sqlite?.close();
    if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
  });

  const insertPaper = (fields: Record<string, unknown>) => {
    const row = { title: 'A title', category: 'cs.LG', published_at: '2025-01-02', ...fields };
    const columns = Object.keys(row);
    return pool.query<{ id: number }>(
      `INSERT INTO papers (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(row),
    );
  };
  const insertAuthor = async (name: string) =>
    (await pool.query<{ id: number }>('INSERT INTO authors (name) VALUES ($1) RETURNING id', [name])).rows[0].id;

  const columnsOf = async (table: string) =>
    (
      await pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [table],
      )
    ).rows.map((r) => r.column_name);

  // Everything a migration could change: columns with their types and defaults, constraints,
  // indexes, functions, extensions, search configurations; last, the migrations' own journal.
  const catalog = async () => {
    const queries = [
      `SELECT table_name, column_name, data_type, column_default, is_nullable, generation_expression
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
      `SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1, 2`,
      `SELECT extname, extversion FROM pg_extension ORDER BY 1`,
      `SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = 'public'::regnamespace ORDER BY 1`,
      `SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`,
    ];
    return Promise.all(queries.map(async (q) => (await pool.query(q)).rows));
  };

  it('applies its migrations to an empty database, and applying them again changes nothing', async () => {
    const before = await catalog();
    const journal = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../migrations/postgres/meta/_journal.json'), 'utf8'));
    expect(before[before.length - 1]).toHaveLength(journal.entries.length);
    await migratePostgres(primary.url);
    expect(await catalog()).toEqual(before);
  });

  // Two API nodes starting together on a new database: without migratePostgres's lock, one of
  // them fails creating what the other just created.
  it("has the index a write's novelty scoring needs, spelled as the scoring queries it, and uses it", async () => {
    const { rows } = await pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'papers_novelty_words_idx'");
    expect(rows).toHaveLength(1);
    const plan = (
      await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${EARLIER_WITH_TERM_INDEXED.replace('$1', "'graph'").replace('$2', "'2025-01-01'").replace('$3', '1000000').replace('$4', '100')}`,
      )
    ).rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('papers_novelty_words_idx');
  });

  it('migrates one database from two connections at once', async () => {
    await pool.query('CREATE DATABASE two_nodes');
    const url = primary.url.replace(/\/[^/]+$/, '/two_nodes');
    await Promise.all([migratePostgres(url), migratePostgres(url)]);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(rows[0].n).toBeGreaterThan(0);
      await client.query("INSERT INTO papers (title, published_at) VALUES ('A title', '2025-01-02')");
    } finally {
      await client.end();
    }
  });

  it("has the columns of SQLite's Drizzle tables, by the same names", async () => {
    const tables = Object.values(sqliteSchema as Record<string, unknown>).filter((value): value is SQLiteTable => is(value, SQLiteTable));
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      const config = getTableConfig(table);
      const expected = [...config.columns.map((c) => c.name), ...(ONLY_IN_POSTGRES[config.name] ?? [])];
      // changed_at is in SQLite's table too, added by migration 0010 only: the next test sees it.
      const actual = (await columnsOf(config.name)).filter((c) => !(config.name === 'author_metrics' && c === 'changed_at'));
      expect({ table: config.name, columns: actual }).toEqual({ table: config.name, columns: expected.sort() });
    }
  });

  it('has the tables and columns of a migrated SQLite database, those only its migrations make included', async () => {
    const tables = (sqlite.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[])
      .map((t) => t.name)
      .filter((name) => !onlyInSqlite(name));
    const pgTables = (
      await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)
    ).rows.map((r) => r.table_name);
    // rate_limits: the buckets every API node shares (one machine's processes share the primary's memory instead).
    expect(pgTables.sort()).toEqual([...tables, 'rate_limits'].sort());
    for (const table of tables) {
      const columns = (sqlite.sqlite.prepare(`SELECT name FROM pragma_table_xinfo(?)`).all(table) as { name: string }[]).map((c) => c.name);
      const expected = [...columns, ...(ONLY_IN_POSTGRES[table] ?? [])].sort();
      expect({ table, columns: await columnsOf(table) }).toEqual({ table, columns: expected });
    }
  });

  it("accepts and refuses the same rows as SQLite's CHECKs, value by value", async () => {
    const days = ['1900', '2000', '2023', '2024', '0000'].flatMap((year) =>
      ['00', '01', '02', '04', '12', '13'].flatMap((month) => ['00', '01', '28', '29', '30', '31', '32'].map((day) => `${year}-${month}-${day}`)),
    );
    // A valid row of each table, then the values each of its columns is tried with in turn.
    const FIXTURE = 900_001;
    const tables: Record<string, { base: Record<string, unknown>; candidates: Record<string, unknown[]> }> = {
      papers: {
        base: { title: 'Checked both ways', published_at: '2025-01-02' },
        candidates: {
          published_at: [...days, '2025-1-02', '20250102', '2025-01-02T00:00', ' 2025-01-02', '2025-01-02 ', '', 'yesterday'],
          category: ['cs.LG', 'hep-th', 'cond-mat.str-el', 'q-bio.NC', 'Cs.LG', 'c', 'cs', 'cs_LG', 'cs LG', 'cs.LG!', '1cs', 'é', 'csé', '-cs', 'a'.repeat(40), 'a'.repeat(41), null],
          doi: ['10.1234/abc', '10.1234/ABC', '10x1234/abc', '10./', '10.1234', '11.1/x', '10.1/x/y', ' 10.1/x', null],
          work_type: ['article', 'book-chapter', 'Article', 'book chapter', '', 'é', 'a'.repeat(40), 'a'.repeat(41), null],
          code_url: ['https://github.com/x', 'http://x', 'HTTPS://github.com/x', 'Http://x', 'https://', 'ftp://x', 'javascript:alert(1)', 'https:/x', null],
          topic_ids: ['[]', '["T1"]', ' [1] ', '{}', '[', 'null', '"[]"', '', null],
          title: ['   ', '', 'a', '\t', 'x'.repeat(1000), 'x'.repeat(1001)],
          external_id: ['', ' ', 'x'],
          arxiv_id: ['', ' ', '2503.07365'],
          score: [0, 100, -0.001, 100.001],
          novelty: [0, 1, 1.000001, -0.1, null],
          ai_score: [0, 100, 100.5, -1, null],
          citation_count: [0, 5, -1],
        },
      },
      authors: {
        base: { name: 'Checked both ways' },
        candidates: { name: ['', ' ', 'a', 'a'.repeat(300), 'é'.repeat(300), 'a'.repeat(301)], external_id: ['', ' ', 'x', null] },
      },
      openalex_topics: {
        base: { id: 'T5', name: 'Graphs' },
        candidates: { id: ['T1', 'T10965', 'T', 't1', 'T1x', 'T 1', 'T١', 'X1', ''], name: ['', ' ', 'x'.repeat(300), 'x'.repeat(301)] },
      },
      api_keys: {
        base: { name: 'k', role: 'reader', key_hash: '0'.repeat(64), key_prefix: 'sg_12345', created_at: '2025-01-02T00:00:00.000Z' },
        candidates: {
          key_hash: ['a'.repeat(64), 'A'.repeat(64), 'g'.repeat(64), 'a'.repeat(63), 'a'.repeat(65)],
          role: ['reader', 'writer', 'admin', 'owner', 'Reader'],
          name: ['', ' ', 'x'.repeat(200), 'x'.repeat(201)],
        },
      },
      authorships: {
        base: { paper_id: FIXTURE, author_id: FIXTURE, position: 1 },
        candidates: { position: [-1, 0, 1, 2], paper_id: [FIXTURE, FIXTURE + 1], author_id: [FIXTURE + 1] },
      },
      author_metrics: {
        base: { author_id: FIXTURE, paper_count: 3, citation_count: 10, h_index: 2, i10_index: 1, g_index: 3 },
        candidates: {
          paper_count: [-1, 0, 3],
          citation_count: [-1, 0],
          h_index: [-1, 0, 3, 4],
          g_index: [1, 2, 3, 4],
          i10_index: [-1, 0, 3, 4],
        },
      },
      author_aliases: { base: { author_id: FIXTURE, name: 'Old name' }, candidates: { name: ['', ' ', 'x'], author_id: [FIXTURE + 1] } },
      paper_novelty: {
        base: { paper_id: FIXTURE, method: 'tfidf', version: 1, corpus_date: '2025-01-02', corpus_papers: 0, nearest: '[]', computed_at: '2025-01-02T00:00:00.000Z' },
        candidates: { novelty: [0, 1, 1.1, -0.1, null], nearest: ['[]', '{}', '[', '[{"paperId": 1, "similarity": 0.8}]'], version: [0, 1], corpus_papers: [-1, 0] },
      },
      novelty_term_df: { base: { term: 'graph', year: 2025, df: 1 }, candidates: { df: [-1, 0, 1] } },
    };
    const cases = Object.entries(tables).flatMap(([table, { base, candidates }]) =>
      Object.entries(candidates).flatMap(([column, values]) =>
        values.flatMap((value) =>
          (table === 'papers' && column === 'code_url' ? [true, false] : [undefined]).map((hasCode) => ({
            table,
            label: `${table}.${column}=${JSON.stringify(value)}${hasCode === undefined ? '' : ` has_code=${hasCode}`}`,
            fields: { ...base, ...(hasCode === undefined ? {} : { has_code: hasCode }), [column]: value },
          })),
        ),
      ),
    );
    const fixtures = [
      `INSERT INTO authors (id, name) VALUES (${FIXTURE}, 'Fixture')`,
      `INSERT INTO papers (id, title, published_at) VALUES (${FIXTURE}, 'Fixture', '2025-01-02')`,
    ];
    const cleanUp = [`DELETE FROM papers WHERE id = ${FIXTURE}`, `DELETE FROM authors WHERE id = ${FIXTURE}`];

    // SQLite tries each row in a savepoint it then rolls back.
    for (const statement of fixtures) sqlite.sqlite.exec(statement);
    const acceptedBySqlite = ({ table, fields }: { table: string; fields: Record<string, unknown> }) => {
      const values = Object.values(fields).map((v) => (typeof v === 'boolean' ? Number(v) : v));
      sqlite.sqlite.exec('SAVEPOINT tried');
      try {
        sqlite.sqlite.prepare(`INSERT INTO ${table} (${Object.keys(fields).join(', ')}) VALUES (${values.map(() => '?').join(', ')})`).run(...values);
        return true;
      } catch {
        return false;
      } finally {
        sqlite.sqlite.exec('ROLLBACK TO tried; RELEASE tried');
      }
    };
    const bySqlite = cases.map(acceptedBySqlite);
    for (const statement of cleanUp) sqlite.sqlite.exec(statement);

    // PostgreSQL tries every row in one statement: a refusal thrown to the test costs ~30 ms of
    // stack capture under Jest, a few hundred of them seconds. A row it accepts is undone at
    // once by raising SG001 inside the block that wrote it.
    const client = new Client({ connectionString: primary.url });
    await client.connect();
    let byPostgres: boolean[];
    try {
      for (const statement of fixtures) await client.query(statement);
      await client.query(`CREATE FUNCTION pg_temp.accepts(tbl text, fields jsonb) RETURNS boolean LANGUAGE plpgsql AS $$
        DECLARE
          columns text := (SELECT string_agg(quote_ident(key), ', ') FROM jsonb_object_keys(fields) AS key);
        BEGIN
          EXECUTE format('INSERT INTO %1$I (%2$s) SELECT %2$s FROM jsonb_populate_record(NULL::%1$I, $1)', tbl, columns) USING fields;
          RAISE SQLSTATE 'SG001';
        EXCEPTION
          WHEN SQLSTATE 'SG001' THEN RETURN true;
          WHEN others THEN RETURN false;
        END $$`);
      const { rows } = await client.query<{ accepted: boolean }>(
        'SELECT pg_temp.accepts(t, f) AS accepted FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS u(t, f, n) ORDER BY n',
        [cases.map((c) => c.table), cases.map((c) => JSON.stringify(c.fields))],
      );
      byPostgres = rows.map((r) => r.accepted);
      for (const statement of cleanUp) await client.query(statement);
    } finally {
      await client.end();
    }

    const verdicts = (accepted: boolean[]) => cases.map((c, i) => `${c.label}: ${accepted[i] ? 'accepted' : 'refused'}`);
    expect(verdicts(byPostgres)).toEqual(verdicts(bySqlite));
    // Both ways, not one: the candidates hold values each engine accepts and refuses.
    expect(bySqlite.filter((accepted) => accepted).length).toBeGreaterThan(80);
    expect(bySqlite.filter((accepted) => !accepted).length).toBeGreaterThan(80);
  });

  describe('constraints (as test/store/sqlite/constraints.test.ts)', () => {
    it('accepts a well-formed paper', async () => {
      const fields = { category: 'cond-mat.str-el', novelty: 0.5, ai_score: 100, has_code: true, code_url: 'https://github.com/x/y' };
      expect((await insertPaper({ ...fields, doi: '10.1234/abc', topic_ids: '["T10965"]', published_at: '2024-02-29' })).rowCount).toBe(1);
    });

    it.each([
      ['a blank title', { title: '   ' }, 'papers_title_not_blank'],
      ['a missing title', { title: null }, 'not-null'],
      ['an impossible date', { published_at: '2025-02-30' }, 'papers_published_at_iso_date'],
      ['a February 29th outside a leap year', { published_at: '2025-02-29' }, 'papers_published_at_iso_date'],
      ['a date that is not ISO', { published_at: '03/10/2025' }, 'papers_published_at_iso_date'],
      ['a category not in arXiv form', { category: 'Machine Learning' }, 'papers_category_arxiv_form'],
      ['a novelty above 1', { novelty: 1.5 }, 'papers_novelty_range'],
      ['a novelty that is not a number', { novelty: 'NaN' }, 'papers_novelty_range'],
      ['an AI score above 100', { ai_score: 101 }, 'papers_ai_score_range'],
      ['a negative score', { score: -1 }, 'papers_score_range'],
      ['a negative citation count', { citation_count: -3 }, 'papers_citation_count_range'],
      // SQLite's check names typeof(); here the column's type refuses it first.
      ['a citation count that is text', { citation_count: 'many' }, 'invalid input syntax for type integer'],
      ['a code URL that is not http(s)', { has_code: true, code_url: 'javascript:alert(1)' }, 'papers_code_url_http'],
      ['a code URL on a paper without code', { has_code: false, code_url: 'https://github.com/x/y' }, 'papers_code_url_http'],
      ['a DOI in capitals', { doi: '10.1234/ABC' }, 'papers_doi_form'],
      ['topic ids that are not JSON', { topic_ids: '[T1' }, 'papers_topic_ids_json'],
      ['topic ids that are not an array', { topic_ids: '{"a": 1}' }, 'papers_topic_ids_json'],
      ['a work type with capitals', { work_type: 'Article' }, 'papers_work_type_form'],
      ['a topic that does not exist', { topic_id: 'T1' }, 'papers_topic_id_openalex_topics_id_fk'],
    ])('refuses %s', async (_label, fields, constraint) => {
      await expect(insertPaper(fields)).rejects.toThrow(constraint);
    });

    it('keeps external ids unique when present and allows many papers without one', async () => {
      await insertPaper({ external_id: '2503.07365' });
      await expect(insertPaper({ external_id: '2503.07365' })).rejects.toThrow('papers_external_id_unique');
      expect((await insertPaper({ external_id: null })).rowCount).toBe(1);
      expect((await insertPaper({ external_id: null })).rowCount).toBe(1);
    });

    it('links authorships only to existing rows, once per author, at unique positions', async () => {
      const paperId = (await insertPaper({})).rows[0].id;
      const [a, b] = [await insertAuthor('Ada'), await insertAuthor('Bo')];
      const link = (paper: number, author: number, position: number) =>
        pool.query('INSERT INTO authorships (paper_id, author_id, position) VALUES ($1, $2, $3)', [paper, author, position]);
      await link(paperId, a, 1);
      await expect(link(paperId, a, 2)).rejects.toThrow('authorships_paper_id_author_id_pk');
      await expect(link(paperId, b, 1)).rejects.toThrow('authorships_paper_position_unique');
      await expect(link(paperId, b, 0)).rejects.toThrow('authorships_position_positive');
      await expect(link(987654, b, 2)).rejects.toThrow('foreign key');
      await expect(insertAuthor(' ')).rejects.toThrow('authors_name_not_blank');
    });

    it('refuses to delete an author who still has papers, and deletes authorships and novelty with their paper', async () => {
      const paperId = (await insertPaper({})).rows[0].id;
      const authorId = await insertAuthor('Cy');
      await pool.query('INSERT INTO authorships (paper_id, author_id, position) VALUES ($1, $2, 1)', [paperId, authorId]);
      await pool.query(
        `INSERT INTO paper_novelty (paper_id, novelty, method, version, corpus_date, corpus_papers, nearest, computed_at)
         VALUES ($1, 0.4, 'tfidf', 1, '2025-01-02', 0, '[]', '2025-01-02T00:00:00.000Z')`,
        [paperId],
      );
      await expect(pool.query('DELETE FROM authors WHERE id = $1', [authorId])).rejects.toThrow('foreign key');
      await pool.query('DELETE FROM papers WHERE id = $1', [paperId]);
      const left = await pool.query(
        'SELECT (SELECT count(*) FROM authorships WHERE paper_id = $1)::int AS authorships, (SELECT count(*) FROM paper_novelty WHERE paper_id = $1)::int AS novelty',
        [paperId],
      );
      expect(left.rows[0]).toEqual({ authorships: 0, novelty: 0 });
    });

    it("refuses metrics that cannot be, novelty's nearest list when not an array, and a topic id not in OpenAlex's form", async () => {
      const authorId = await insertAuthor('Di');
      await expect(
        pool.query('INSERT INTO author_metrics (author_id, paper_count, citation_count, h_index, i10_index, g_index) VALUES ($1, 1, 0, 2, 0, 2)', [authorId]),
      ).rejects.toThrow('author_metrics_counts');
      const paperId = (await insertPaper({})).rows[0].id;
      await expect(
        pool.query(
          `INSERT INTO paper_novelty (paper_id, method, version, corpus_date, corpus_papers, nearest, computed_at)
           VALUES ($1, 'tfidf', 1, '2025-01-02', 0, '{}', '2025-01-02T00:00:00.000Z')`,
          [paperId],
        ),
      ).rejects.toThrow('paper_novelty_nearest_json');
      await expect(pool.query("INSERT INTO openalex_topics (id, name) VALUES ('T12x', 'Graphs')")).rejects.toThrow('openalex_topics_id_form');
    });

  });

  describe('sort keys', () => {
    it("orders names and titles (and dates) by their bytes, as SQLite's BINARY does, whatever the database's collation", async () => {
      const names = ['ada', 'Bo', 'Ábel', 'bea', 'Émile', 'O’Neil'];
      const ids = await Promise.all(names.map((name) => insertAuthor(name)));
      await Promise.all(names.map((title) => insertPaper({ title, external_id: `order-${title}` })));
      const bytewise = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const ordered = async (sql: string, values: unknown[]) => (await pool.query<{ v: string }>(sql, values)).rows.map((r) => r.v);
      expect(await ordered('SELECT name AS v FROM authors WHERE id = ANY($1) ORDER BY name', [ids])).toEqual(bytewise);
      expect(await ordered(`SELECT title AS v FROM papers WHERE external_id LIKE 'order-%' ORDER BY title`, [])).toEqual(bytewise);
      // The cluster's own collation orders them otherwise: the test above proves something.
      expect(await ordered('SELECT name AS v FROM authors WHERE id = ANY($1) ORDER BY name COLLATE "default"', [ids])).not.toEqual(bytewise);
      const columns = await pool.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND collation_name = 'C' ORDER BY 1, 2`,
      );
      expect(columns.rows.map((c) => `${c.table_name}.${c.column_name}`)).toEqual([
        'author_aliases.name',
        'authors.name',
        'papers.published_at',
        'papers.title',
      ]);
    });

    it('keeps the novelty sort key below every scored paper for a paper without a novelty', async () => {
      const unscored = (await insertPaper({ novelty: null })).rows[0].id;
      const scored = (await insertPaper({ novelty: 0 })).rows[0].id;
      const { rows } = await pool.query('SELECT id, novelty_key FROM papers WHERE id = ANY($1) ORDER BY id', [[unscored, scored]]);
      expect(rows).toEqual([
        { id: unscored, novelty_key: -1 },
        { id: scored, novelty_key: 0 },
      ]);
    });

    it('lets the orders, keysets and searches of the reads use their indexes', async () => {
      const client = new Client({ connectionString: primary.url });
      await client.connect();
      try {
        // The tables are too small for the planner to choose an index on its own.
        await client.query('SET enable_seqscan = off');
        await client.query('SET enable_sort = off');
        const plans: Record<string, string> = {
          'SELECT id FROM papers ORDER BY title, id LIMIT 20': 'papers_title_idx',
          "SELECT id FROM papers WHERE (title, id) > ('M', 0) ORDER BY title, id LIMIT 20": 'papers_title_idx',
          'SELECT id FROM papers ORDER BY published_at DESC, id DESC LIMIT 20': 'papers_published_at_idx',
          'SELECT id FROM papers ORDER BY novelty_key DESC, id DESC LIMIT 20': 'papers_novelty_idx',
          "SELECT id FROM authors WHERE (name, id) > ('M', 0) ORDER BY name, id LIMIT 20": 'authors_name_idx',
          // Cursors as src/store/postgres/conditions.ts binds them, int8 and float8 on int4 and double columns.
          'SELECT id FROM papers WHERE (citation_count, id) < (5::int8, 7::int8) ORDER BY citation_count DESC, id DESC LIMIT 20': 'papers_citation_count_idx',
          'SELECT id FROM papers WHERE (score, id) > (5::float8, 7::int8) ORDER BY score, id LIMIT 20': 'papers_score_idx',
          "SELECT id FROM papers WHERE (title, id) > ('M'::text, 7::int8) ORDER BY title, id LIMIT 20": 'papers_title_idx',
          'SELECT author_id FROM author_metrics WHERE (h_index, author_id) < (3::int8, 7::int8) ORDER BY h_index DESC, author_id DESC LIMIT 20': 'author_metrics_h_index_idx',
          'SELECT author_id FROM author_metrics ORDER BY h_index DESC, author_id DESC LIMIT 20': 'author_metrics_h_index_idx',
          "SELECT id FROM papers WHERE search_vector @@ to_tsquery('public.simple_unaccent', 'graph:*')": 'papers_search_idx',
          "SELECT id FROM authors WHERE search_vector @@ to_tsquery('public.simple_unaccent', 'bal:*')": 'authors_search_idx',
          "SELECT author_id FROM author_aliases WHERE search_vector @@ to_tsquery('public.simple_unaccent', 'bal:*')": 'author_aliases_search_idx',
        };
        for (const [query, index] of Object.entries(plans)) {
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`);
          const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
          expect({ query, usesIndex: plan.includes(` ${index} `) || plan.includes(` ${index}\n`) || plan.endsWith(` ${index}`) }).toEqual({ query, usesIndex: true });
          expect({ query, sorts: /\bSort\b/.test(plan) }).toEqual({ query, sorts: false });
        }
      } finally {
        await client.end();
      }
    });
  });

  describe('search', () => {
    let paperId: number;
    beforeAll(async () => {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO papers (title, abstract, published_at) VALUES ($1, $2, '2025-03-01') RETURNING id`,
        ['Sur les graphes d’Erdős et la détection de communautés', 'Une méthode spectrale pour des réseaux très grands.'],
      );
      paperId = rows[0].id;
      await pool.query(`INSERT INTO authors (name) VALUES ('Balázs Szegedy'), ('Bálint Tóth')`);
    });

    const matches = async (query: string) =>
      (
        await pool.query<{ id: number }>(`SELECT id FROM papers WHERE search_vector @@ to_tsquery('public.simple_unaccent', $1) ORDER BY id`, [query])
      ).rows.map((r) => r.id);

    it('finds a paper by an accented word typed without its accents, in the title or the abstract', async () => {
      expect(await matches('erdos')).toEqual([paperId]);
      expect(await matches('detection & communautes')).toEqual([paperId]);
      expect(await matches('tres')).toEqual([paperId]);
      // Typed with its accents, the word is the same.
      expect(await matches('Erdős')).toEqual([paperId]);
    });

    it('finds a paper by the prefix of a word, and not by a word it does not hold', async () => {
      expect(await matches('detec:*')).toEqual([paperId]);
      expect(await matches('spectr:*')).toEqual([paperId]);
      expect(await matches('detections')).toEqual([]);
    });

    it('ranks a title word above the same word in an abstract', async () => {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO papers (title, abstract, published_at) VALUES ('Spectral clustering', 'Graphs.', '2025-03-02'), ('Graphs', 'A spectral view.', '2025-03-02') RETURNING id`,
      );
      const ranked = await pool.query<{ id: number }>(
        `SELECT id FROM papers WHERE search_vector @@ to_tsquery('public.simple_unaccent', 'spectral')
         ORDER BY ts_rank(search_vector, to_tsquery('public.simple_unaccent', 'spectral')) DESC, id`,
      );
      expect(ranked.rows.map((r) => r.id)).toEqual([rows[0].id, rows[1].id]);
    });

    it('marks the words a query matched in the text as written, accents kept', async () => {
      const { rows } = await pool.query<{ title: string }>(
        `SELECT ts_headline('public.simple_unaccent', title, to_tsquery('public.simple_unaccent', 'erdos & detec:*'), 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') AS title
           FROM papers WHERE id = $1`,
        [paperId],
      );
      expect(rows[0].title).toBe('Sur les graphes d’<mark>Erdős</mark> et la <mark>détection</mark> de communautés');
    });

    it("cuts the words as SQLite's unicode61 tokenizer does, at every character that is not a letter or digit", async () => {
      const words = async (table: 'papers' | 'authors', id: number) =>
        (
          await pool.query<{ lexeme: string }>(
            `SELECT l.lexeme FROM ${table} t, unnest(t.search_vector) l, unnest(l.positions) pos WHERE t.id = $1 ORDER BY pos`,
            [id],
          )
        ).rows.map((r) => r.lexeme);
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO papers (title, abstract, published_at) VALUES ($1, $2, '2025-03-03') RETURNING id`,
        ['Jurassic/Cretaceous ammonites, e.g. at 2.5 km', 'See https://arxiv.org/abs/x_y or a@b.org; -2 &gt; <i>Bala\u0301zs</i> d’Erdős'],
      );
      expect(await words('papers', rows[0].id)).toEqual([
        'jurassic', 'cretaceous', 'ammonites', 'e', 'g', 'at', '2', '5', 'km',
        'see', 'https', 'arxiv', 'org', 'abs', 'x', 'y', 'or', 'a', 'b', 'org', '2', 'gt', 'i', 'balazs', 'i', 'd', 'erdos',
      ]);
      const author = await pool.query<{ id: number }>(`INSERT INTO authors (name) VALUES ('Jean-Pierre O''Brien-Smith') RETURNING id`);
      expect(await words('authors', author.rows[0].id)).toEqual(['jean', 'pierre', 'o', 'brien', 'smith']);
    });

    it("finds authors by the prefixes of their names' words, accents or not", async () => {
      const { rows } = await pool.query<{ name: string }>(
        `SELECT name FROM authors WHERE search_vector @@ to_tsquery('public.simple_unaccent', $1) ORDER BY name`,
        ['bala:* & szeg:*'],
      );
      expect(rows.map((r) => r.name)).toEqual(['Balázs Szegedy']);
      const bal = await pool.query<{ name: string }>(
        `SELECT name FROM authors WHERE search_vector @@ to_tsquery('public.simple_unaccent', 'bal:*') ORDER BY name`,
      );
      expect(bal.rows.map((r) => r.name)).toEqual(['Balázs Szegedy', 'Bálint Tóth']);
    });
  });

  it(
    'streams to a replica started by pg_basebackup -R: a row written on the primary arrives there',
    async () => {
      const replica = await startReplica(primary);
      const reader = new Client({ connectionString: replica.url });
      try {
        await reader.connect();
        expect((await reader.query('SELECT pg_is_in_recovery() AS standby')).rows[0].standby).toBe(true);
        await expect(reader.query("INSERT INTO authors (name) VALUES ('Ed')")).rejects.toThrow('read-only');
        const { rows } = await pool.query<{ id: number }>(`INSERT INTO authors (name) VALUES ('Written on the primary') RETURNING id`);
        const deadline = Date.now() + 30_000;
        let seen = 0;
        while (seen === 0 && Date.now() < deadline) {
          seen = (await reader.query('SELECT count(*)::int AS n FROM authors WHERE id = $1', [rows[0].id])).rows[0].n;
          if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(seen).toBe(1);
      } finally {
        await reader.end().catch(() => undefined);
        await replica.stop();
      }
    },
    CLUSTER_MS,
  );
});
