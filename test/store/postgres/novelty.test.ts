// Novelty on PostgreSQL (src/store/postgres/novelty-store.ts, ./novelty/) against SQLite as the
// oracle: the real records (test/fixtures/real, copies of ../shared/data) and the demo profile, loaded through each engine's one
// write path, scored by a load's finish and by a run over the whole corpus, give the same scores
// and nearest neighbours per external id, to the bit. The papers an API write scores one at a
// time from the database (scoreWrittenPapers) get what the bulk run gave them, and so do pending
// papers finished by two nodes at once, sliced or in one bulk pass.
import fs from 'node:fs';
import path from 'node:path';
import { openPgDb, inTransaction, type PgDb } from '../../../src/store/postgres/db';
import { migratePostgres } from '../../../src/store/postgres/client';
import { openPaperWrites } from '../../../src/store/postgres/paper-writes';
import { noveltyStore } from '../../../src/store/postgres/novelty-store';
import { scoreWrittenPapers } from '../../../src/store/postgres/novelty/incremental';
import { NOVELTY_WORDS_INDEX } from '../../../src/store/postgres/novelty/database-corpus';
import { migrateDatabase, openDatabase, type Db } from '../../../src/store/sqlite/client';
import { openPaperWrites as openSqlitePaperWrites } from '../../../src/store/sqlite/paper-writer';
import { sqliteStore } from '../../../src/store';
import { mapArxivLine } from '../../../src/import/arxiv-record';
import { mapOpenAlexLine } from '../../../src/import/openalex-record';
import { demoRecords } from '../../../seeds/demo-profile';
import { CANDIDATES_PER_TERM } from '../../../src/novelty/measure';
import type { NumberedRecord, PaperWriteRecord } from '../../../src/store/write-types';
import { authorKey } from '../../../src/domain/text';
import { startPostgres, type PostgresCluster } from '../../support/postgres';
import { tempDir } from '../../support/server';

const CLUSTER_MS = 120_000;
const DATA = path.join(__dirname, '..', '..', 'fixtures', 'real');

/** The records of a JSONL file, those a mapper refuses left out. */
function recordsOf(file: string, map: (line: string) => PaperWriteRecord): PaperWriteRecord[] {
  const records: PaperWriteRecord[] = [];
  for (const line of fs.readFileSync(path.join(DATA, file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(map(line));
    } catch {
      // A line the importer skips too.
    }
  }
  return records;
}

/** The demo profile without its supplied novelty, then arXiv's and OpenAlex's real records: batches of 100. */
function corpusBatches(): NumberedRecord[][] {
  const demo = demoRecords().map(({ record }) => ({
    ...record,
    fields: { ...record.fields, novelty: null },
    authors: record.authors.map((a) => ({ ...a, key: authorKey(a.name) })),
  }));
  const records = [...demo, ...recordsOf('arxiv-metadata-sample.jsonl', mapArxivLine), ...recordsOf('openalex-works-sample.jsonl', mapOpenAlexLine)];
  const batches: NumberedRecord[][] = [];
  for (let i = 0; i < records.length; i += 100) batches.push(records.slice(i, i + 100).map((record, j) => ({ line: i + j + 1, record })));
  return batches;
}

interface Scored {
  novelty: number | null;
  computed: { corpusDate: string; corpusPapers: number; nearest: Array<{ paper: string; similarity: number }> } | null;
}

const SCORED = `SELECT p.id, p.external_id AS "externalId", p.novelty, n.paper_id IS NOT NULL AS computed, n.corpus_date AS "corpusDate",
    n.corpus_papers AS "corpusPapers", n.nearest
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id AND n.novelty IS NOT DISTINCT FROM p.novelty`;

interface ScoredRow {
  id: number;
  externalId: string;
  novelty: number | null;
  computed: boolean | number;
  corpusDate: string | null;
  corpusPapers: number | null;
  nearest: string | null;
}

/** Every paper's novelty and explanation by external id, the neighbours named by external id too. */
function byExternalId(rows: readonly ScoredRow[]): Map<string, Scored> {
  const external = new Map(rows.map((r) => [r.id, r.externalId]));
  return new Map(
    rows.map((r) => [
      r.externalId,
      {
        novelty: r.novelty,
        computed: r.computed
          ? {
              corpusDate: r.corpusDate!,
              corpusPapers: r.corpusPapers!,
              nearest: (JSON.parse(r.nearest!) as Array<{ paperId: number; similarity: number }>).map((n) => ({ paper: external.get(n.paperId)!, similarity: n.similarity })),
            }
          : null,
      },
    ]),
  );
}

const scoredOnSqlite = (db: Db) => byExternalId(db.sqlite.prepare(SCORED.replace('IS NOT DISTINCT FROM', 'IS')).all() as ScoredRow[]);
const scoredOnPostgres = async (db: PgDb) => byExternalId((await db.pool.query<ScoredRow>(SCORED)).rows);

/** Forgets computed values (as if never computed), keeping supplied ones. */
async function forgetComputed(db: PgDb, ids: readonly number[]): Promise<void> {
  await db.pool.query(
    `WITH f AS (UPDATE papers SET novelty = NULL WHERE id = ANY($1::int4[])
       AND EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = papers.id AND n.novelty IS NOT DISTINCT FROM papers.novelty))
     DELETE FROM paper_novelty WHERE paper_id = ANY($1::int4[])`,
    [ids],
  );
}

describe('novelty on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let pg: PgDb;
  let sqlite: Db;
  let sqliteDir: string;

  beforeAll(async () => {
    sqliteDir = tempDir();
    cluster = await startPostgres();
    await migratePostgres(cluster.url);
    pg = openPgDb(cluster.url, { max: 6 });
    sqlite = openDatabase(path.join(sqliteDir, 'novelty.db'));
    migrateDatabase(sqlite);
  }, CLUSTER_MS);
  afterAll(async () => {
    sqlite?.close();
    await pg?.pool.end();
    await cluster?.stop();
    if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
  });

  describe('the real records', () => {
    let bulk: Map<string, Scored>;

    it(
      'are scored by a load\'s finish as by a run over the whole corpus',
      async () => {
        const batches = corpusBatches();
        const bySqlite = openSqlitePaperWrites(sqlite, { match: 'sourceIds', authors: 'source' });
        for (const batch of batches) bySqlite.writeBatch(batch);
        const sqliteFinish = bySqlite.finish();
        const session = await openPaperWrites(pg, { match: 'sourceIds', authors: 'source' });
        for (const batch of batches) await session.write(batch);
        const pgFinish = await session.finish();
        expect(pgFinish).toEqual(sqliteFinish);
        expect(pgFinish.noveltyComputed).toBeGreaterThan(500);
        const afterLoad = [...(await scoredOnPostgres(pg))].filter(([, scored]) => scored.computed !== null);
        expect(afterLoad).toHaveLength(pgFinish.noveltyComputed);
        const corpus = (await pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM papers')).rows[0].n;
        expect(await noveltyStore(pg).scoreNovelty('all')).toMatchObject({ corpusPapers: corpus, computed: corpus });
        const afterRun = await scoredOnPostgres(pg);
        for (const [externalId, scored] of afterLoad) expect({ externalId, scored: afterRun.get(externalId) }).toEqual({ externalId, scored });
      },
      CLUSTER_MS,
    );

    it(
      'are scored as SQLite scores them, with the same ids: by the pending work, and by a run over the whole corpus',
      async () => {
        // SQLite's papers, authors and lists with their ids (the ties are broken by id), unscored.
        await pg.pool.query('TRUNCATE papers, authors, authorships, author_metrics, author_metrics_pending, novelty_pending, paper_novelty, novelty_term_df, novelty_years, openalex_topics CASCADE');
        const copy = async (table: string, columns: string, rows: unknown[]) =>
          pg.pool.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(null::${table}, $1)`, [JSON.stringify(rows)]);
        await copy('openalex_topics', 'id, name, subfield_id, subfield_name, field_id, field_name, domain_id, domain_name', sqlite.sqlite.prepare('SELECT * FROM openalex_topics').all());
        const paperColumns = 'id, external_id, title, abstract, category, topic_id, topic_ids, work_type, doi, arxiv_id, published_at, score, ai_score, citation_count, has_code, code_url';
        await copy(
          'papers',
          paperColumns,
          (sqlite.sqlite.prepare(`SELECT ${paperColumns} FROM papers`).all() as Array<Record<string, unknown>>).map((p) => ({ ...p, has_code: p.has_code === 1 })),
        );
        await copy('authors', 'id, name, external_id', sqlite.sqlite.prepare('SELECT id, name, external_id FROM authors').all());
        await copy('authorships', 'paper_id, author_id, position', sqlite.sqlite.prepare('SELECT paper_id, author_id, position FROM authorships').all());

        const store = noveltyStore(pg);
        const marked = await store.markMissingNoveltyPending();
        expect(marked).toBe((sqlite.sqlite.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n);
        // The authors' metrics start pending too, as the copy wrote none.
        await pg.pool.query('INSERT INTO author_metrics_pending (author_id) SELECT id FROM authors');
        const finished = await store.finishPendingWork();
        expect(finished.novelty.computed).toBe(marked);
        // The demo's papers, which a load does not list (they are the demo's), on SQLite too.
        const sqliteStored = sqliteStore(sqlite);
        await sqliteStored.markMissingNoveltyPending();
        await sqliteStored.finishPendingWork();
        expect(await scoredOnPostgres(pg)).toEqual(scoredOnSqlite(sqlite));

        const pgRun = await store.scoreNovelty('all');
        const sqliteRun = await sqliteStored.scoreNovelty('all');
        expect({ ...pgRun, seconds: 0 }).toEqual({ ...sqliteRun, seconds: 0 });
        bulk = await scoredOnPostgres(pg);
        expect(bulk).toEqual(scoredOnSqlite(sqlite));
        const withNeighbours = [...bulk.values()].filter((s) => s.computed && s.novelty !== null && s.computed.nearest.length > 0);
        expect(withNeighbours.length).toBeGreaterThan(500);

        // The document frequencies and their signatures, and the authors' novelty means.
        const df = 'SELECT term, year, df FROM novelty_term_df ORDER BY year, term';
        const expected = sqlite.sqlite.prepare(df).all() as Array<{ term: string; year: number; df: number }>;
        const actual = (await pg.pool.query(df.replace('term, year, df', 'term COLLATE "C" AS term, year, df').replace('year, term', 'year, term COLLATE "C"'))).rows;
        expect(actual.length).toBe(expected.length);
        expect(actual).toEqual(expected);
        const years = 'SELECT year, papers, id_sum AS "idSum", tokenizer FROM novelty_years ORDER BY year';
        expect((await pg.pool.query(years)).rows).toEqual(sqlite.sqlite.prepare(years.replace('"idSum"', 'idSum')).all());
        const metrics = 'SELECT author_id AS "authorId", novelty FROM author_metrics ORDER BY author_id';
        expect((await pg.pool.query(metrics)).rows).toEqual(sqlite.sqlite.prepare(metrics.replace('"authorId"', 'authorId')).all());
      },
      CLUSTER_MS,
    );

    /** The papers published last (ties by id), and more spread over the corpus: `n` of each. */
    const someLateAndSomeSpread = async (n: number): Promise<number[]> => {
      const byDate = (await pg.pool.query<{ id: number }>('SELECT id FROM papers ORDER BY published_at, id')).rows.map((r) => r.id);
      const step = Math.floor(byDate.length / n);
      return [...new Set([...byDate.slice(-n), ...byDate.filter((_, i) => i % step === step - 1)])];
    };

    it(
      'get what the bulk run gave them when an API write scores them one at a time, the counts of every year redone first',
      async () => {
        const ids = await someLateAndSomeSpread(15);
        // Reading every earlier paper, then from the index of the papers' words.
        for (const indexed of [false, true]) {
          await pg.pool.query(indexed ? NOVELTY_WORDS_INDEX : 'DROP INDEX IF EXISTS papers_novelty_words_idx');
          await forgetComputed(pg, ids);
          // As if never counted: the write counts every year again, in its own transaction.
          await pg.pool.query('DELETE FROM novelty_term_df; DELETE FROM novelty_years');
          const written = await inTransaction(pg, (tx) => scoreWrittenPapers(tx, ids));
          expect(written.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
          expect(await scoredOnPostgres(pg)).toEqual(bulk);
        }
        // A paper whose novelty is supplied is left as it is.
        await pg.pool.query('UPDATE papers SET novelty = 0.25 WHERE id = $1', [ids[0]]);
        expect(await inTransaction(pg, (tx) => scoreWrittenPapers(tx, [ids[0]]))).toEqual([]);
        expect((await pg.pool.query('SELECT novelty FROM papers WHERE id = $1', [ids[0]])).rows[0].novelty).toBe(0.25);
        await pg.pool.query('UPDATE papers SET novelty = NULL WHERE id = $1', [ids[0]]);
        await inTransaction(pg, (tx) => scoreWrittenPapers(tx, [ids[0]]));
        expect(await scoredOnPostgres(pg)).toEqual(bulk);
      },
      CLUSTER_MS,
    );

    it.each([
      ['a few, sliced (FOR UPDATE SKIP LOCKED)', 20, 3],
      ['many, in one bulk pass (under an advisory lock)', 150, undefined],
    ])(
      'listed pending, %s, are finished by two nodes at once with the bulk run\'s scores, each once',
      async (_, count, papersPerTransaction) => {
        const all = (await pg.pool.query<{ id: number }>('SELECT id FROM papers ORDER BY id DESC')).rows.map((r) => r.id);
        const ids = all.filter((_, i) => i % Math.floor(all.length / count) === 0).slice(0, count);
        await forgetComputed(pg, ids);
        await pg.pool.query('INSERT INTO novelty_pending (paper_id) SELECT unnest($1::int4[])', [ids]);
        expect(await noveltyStore(pg).estimatePendingWork()).toMatchObject({ papers: ids.length });
        const nodes = [openPgDb(cluster.url, { max: 3 }), openPgDb(cluster.url, { max: 3 })];
        try {
          const finished = await Promise.all(nodes.map((node) => noveltyStore(node).finishPendingWork({ papersPerTransaction, authorsPerTransaction: 7 })));
          expect(finished.reduce((sum, f) => sum + f.novelty.computed, 0)).toBe(ids.length);
          expect(finished.every((f) => !f.stopped)).toBe(true);
        } finally {
          await Promise.all(nodes.map((node) => node.pool.end()));
        }
        expect(await noveltyStore(pg).estimatePendingWork()).toEqual({ papers: 0, authors: 0, seconds: 0 });
        expect(await scoredOnPostgres(pg)).toEqual(bulk);
      },
      CLUSTER_MS,
    );

    it('lists the papers left without a novelty, and a stopped finish leaves them listed', async () => {
      const ids = await someLateAndSomeSpread(3);
      await forgetComputed(pg, ids);
      expect(await noveltyStore(pg).markMissingNoveltyPending()).toBe(ids.length);
      expect(await noveltyStore(pg).markMissingNoveltyPending()).toBe(0);
      expect(await noveltyStore(pg).finishPendingWork({ shouldStop: () => true })).toMatchObject({ novelty: { computed: 0 }, stopped: true });
      expect(await noveltyStore(pg).estimatePendingWork()).toMatchObject({ papers: ids.length });
      expect(await noveltyStore(pg).finishPendingWork()).toMatchObject({ novelty: { computed: ids.length }, stopped: false });
      expect(await scoredOnPostgres(pg)).toEqual(bulk);
    }, CLUSTER_MS);
  });

  it(
    'agrees with itself where every term is in more earlier papers than the search reads (a crowded corpus)',
    async () => {
      await pg.pool.query('TRUNCATE papers, authors, authorships, author_metrics, author_metrics_pending, novelty_pending, paper_novelty, novelty_term_df, novelty_years CASCADE');
      const words = ['kernel', 'spectral', 'graph', 'sparse', 'robust', 'online', 'bandit', 'causal', 'convex', 'manifold'];
      let seed = 7;
      const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const records: NumberedRecord[] = Array.from({ length: 2_400 }, (_, i) => {
        const title = [...words].sort(() => next() - 0.5).slice(0, 6).join(' ');
        const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(next() * 3 * 365) * 86_400_000).toISOString().slice(0, 10);
        return {
          line: i + 1,
          record: {
            fields: {
              externalId: `c${i}`,
              title,
              abstract: i % 5 === 0 ? `See https://github.com/org/${words[i % 10]}.` : '',
              publishedAt: day,
              category: 'cs.LG',
              score: 0,
              novelty: null,
              aiScore: null,
              citationCount: 0,
              hasCode: false,
              codeUrl: null,
            },
            authors: [{ name: 'A. N. Author', key: authorKey('A. N. Author') }],
          },
        };
      });
      const session = await openPaperWrites(pg, { match: 'none', authors: 'load' });
      for (let i = 0; i < records.length; i += 500) await session.write(records.slice(i, i + 500));
      await session.finish({ scoreNovelty: false });
      const { rows } = await pg.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM papers WHERE search_vector @@ 'graph'::tsquery");
      expect(rows[0].n).toBeGreaterThan(CANDIDATES_PER_TERM);
      await noveltyStore(pg).scoreNovelty('all');
      const crowded = await scoredOnPostgres(pg);
      const ids = (await pg.pool.query<{ id: number }>('SELECT id FROM papers ORDER BY published_at DESC, id DESC LIMIT 12')).rows.map((r) => r.id);
      for (const indexed of [false, true]) {
        await pg.pool.query(indexed ? NOVELTY_WORDS_INDEX : 'DROP INDEX IF EXISTS papers_novelty_words_idx');
        await forgetComputed(pg, ids);
        expect((await inTransaction(pg, (tx) => scoreWrittenPapers(tx, ids))).length).toBe(ids.length);
        expect(await scoredOnPostgres(pg)).toEqual(crowded);
      }
    },
    CLUSTER_MS,
  );
});
