// The one write path's loads on PostgreSQL (src/store/postgres/paper-writes.ts) on a real
// throwaway cluster: the demo profile gives what SQLite's seed gives (papers, author lists,
// metrics), written again it changes no row, and three sessions writing one corpus at once
// create each paper and author once, with metrics equal to a recomputation.
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { migratePostgres } from '../../../src/store/postgres/client';
import { openPaperWrites } from '../../../src/store/postgres/paper-writes';
import { pgDbOf } from '../../../src/store/postgres/db';
import { prepareDatabase } from '../../../src/bootstrap';
import { migrateDatabase, openDatabase } from '../../../src/store/sqlite/client';
import { openPaperWrites as openSqlitePaperWrites } from '../../../src/store/sqlite/paper-writer';
import { authorMetrics, type PaperFacts } from '../../../src/metrics';
import type { NumberedRecord, PaperWriteRecord } from '../../../src/store/write-types';
import type { PaperFields } from '../../../src/store/types';
import { authorKey } from '../../../src/domain/text';
import { readDemoProfile } from '../../../seeds/demo-profile';
import { startPostgres, type PostgresCluster } from '../../support/postgres';
import { tempDir } from '../../support/server';

const CLUSTER_MS = 60_000;

const METRIC_COLUMNS = 'paper_count, citation_count, h_index, i10_index, g_index, novelty, ai_score, primary_category';

/** Counts the statements a pool's clients send (each a network round trip), by their first word. */
function countStatements(pool: Pool): Map<string, number> {
  const counts = new Map<string, number>();
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text);
      const word = text.trim().split(/\s+/)[0].toUpperCase();
      counts.set(word, (counts.get(word) ?? 0) + 1);
      counts.set('ALL', (counts.get('ALL') ?? 0) + 1);
      return query(...args);
    };
  });
  return counts;
}

function demoRecords(): NumberedRecord[] {
  return readDemoProfile().papers.map(({ authors: names, ...fields }, i) => ({
    line: i + 1,
    record: { fields: fields as PaperFields & { externalId: string }, authors: names.map((name) => ({ name, key: name })), knows: 'all' as const },
  }));
}

/** A reproducible pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('PostgreSQL paper writes', () => {
  let primary: PostgresCluster;
  let pool: Pool;
  let sqliteDir: string;
  let statements: Map<string, number>;

  beforeAll(async () => {
    sqliteDir = tempDir();
    primary = await startPostgres();
    await migratePostgres(primary.url);
    pool = new Pool({ connectionString: primary.url, max: 6 });
    statements = countStatements(pool);
  }, CLUSTER_MS);
  afterAll(async () => {
    await pool?.end();
    await primary?.stop();
    if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
  });

  // Every row of the tables a load writes, with the transaction that last wrote it (xmin): equal
  // checksums mean no row was written, not only that the values are the same.
  const checksum = async () => {
    const tables: Record<string, string> = {
      papers: 'id',
      authors: 'id',
      authorships: 'paper_id, position',
      author_metrics: 'author_id',
      author_metrics_pending: 'author_id',
      novelty_pending: 'paper_id',
      openalex_topics: 'id',
    };
    const sums: Record<string, string> = {};
    for (const [table, order] of Object.entries(tables)) {
      const { rows } = await pool.query<{ sum: string | null }>(`SELECT md5(string_agg(t::text || ':' || t.xmin::text, ',' ORDER BY ${order})) AS sum FROM ${table} t`);
      sums[table] = rows[0].sum ?? '';
    }
    return sums;
  };

  describe('the demo profile', () => {
    const oracle = () => {
      const { db } = prepareDatabase(path.join(sqliteDir, 'demo.db'), { seedDemoData: true, demoCorpusPapers: 0 });
      try {
        const papers = db.sqlite
          .prepare(
            `SELECT external_id AS externalId, title, abstract, category, topic_id AS topicId, topic_ids AS topicIds, work_type AS workType, doi,
                    arxiv_id AS arxivId, published_at AS publishedAt, score, novelty, ai_score AS aiScore, citation_count AS citationCount,
                    has_code AS hasCode, code_url AS codeUrl FROM papers ORDER BY external_id`,
          )
          .all() as Array<Record<string, unknown>>;
        for (const p of papers) p.hasCode = p.hasCode === 1;
        const lists = db.sqlite
          .prepare(
            `SELECT p.external_id AS externalId, group_concat(a.name, '|') AS names
               FROM (SELECT s.paper_id, s.author_id FROM authorships s ORDER BY s.paper_id, s.position) s
               JOIN papers p ON p.id = s.paper_id JOIN authors a ON a.id = s.author_id GROUP BY p.external_id ORDER BY p.external_id`,
          )
          .all();
        const metrics = db.sqlite
          .prepare(`SELECT a.name, ${METRIC_COLUMNS} FROM author_metrics m JOIN authors a ON a.id = m.author_id ORDER BY a.name`)
          .all();
        return { papers, lists, metrics };
      } finally {
        db.close();
      }
    };

    const stored = async () => {
      const papers = await pool.query(
        `SELECT external_id AS "externalId", title, abstract, category, topic_id AS "topicId", topic_ids AS "topicIds", work_type AS "workType", doi,
                arxiv_id AS "arxivId", published_at AS "publishedAt", score, novelty, ai_score AS "aiScore", citation_count AS "citationCount",
                has_code AS "hasCode", code_url AS "codeUrl" FROM papers ORDER BY external_id COLLATE "C"`,
      );
      const lists = await pool.query(
        `SELECT p.external_id AS "externalId", string_agg(a.name, '|' ORDER BY s.position) AS names
           FROM authorships s JOIN papers p ON p.id = s.paper_id JOIN authors a ON a.id = s.author_id GROUP BY p.external_id ORDER BY p.external_id COLLATE "C"`,
      );
      const metrics = await pool.query(`SELECT a.name, ${METRIC_COLUMNS} FROM author_metrics m JOIN authors a ON a.id = m.author_id ORDER BY a.name`);
      return { papers: papers.rows, lists: lists.rows, metrics: metrics.rows };
    };

    it(
      'writes the papers, author lists and metrics that SQLite seeds',
      async () => {
        const session = await openPaperWrites(pgDbOf(pool), { match: 'none', authors: 'load' });
        const records = demoRecords();
        statements.clear();
        const summary = await session.write(records);
        // BEGIN, the authors, the papers, the author lists, the pending marks, COMMIT.
        expect(Object.fromEntries(statements)).toEqual({ ALL: 6, BEGIN: 1, INSERT: 3, WITH: 1, COMMIT: 1 });
        expect(summary).toEqual({ added: records.length, updated: 0, unchanged: 0, skipped: [] });
        const finished = await session.finish({ scoreNovelty: false });
        const expected = oracle();
        expect(finished.authorsRefreshed).toBe(expected.metrics.length);
        const actual = await stored();
        expect(actual.papers).toEqual(expected.papers);
        expect(actual.lists).toEqual(expected.lists);
        expect(actual.metrics.length).toBeGreaterThan(10);
        expect(actual.metrics).toEqual(expected.metrics);
        const pending = await pool.query('SELECT (SELECT count(*) FROM author_metrics_pending)::int AS authors');
        expect(pending.rows[0]).toEqual({ authors: 0 });
      },
      CLUSTER_MS,
    );

    it('changes no row when the same records are written again (matched by external id, the authors by name)', async () => {
      const before = await checksum();
      const session = await openPaperWrites(pgDbOf(pool), { match: 'sourceIds', authors: 'source' });
      const records = demoRecords().map(({ line, record }) => ({
        line,
        record: { ...record, authors: record.authors.map((a) => ({ name: a.name, key: authorKey(a.name) })) },
      }));
      statements.clear();
      expect(await session.write(records)).toEqual({ added: 0, updated: 0, unchanged: records.length, skipped: [] });
      // BEGIN, the stored papers (locked), their author lists, COMMIT.
      expect(statements.get('ALL')).toBe(4);
      expect(await session.finish({ scoreNovelty: false })).toEqual({ noveltyComputed: 0, authorsRefreshed: 0 });
      expect(await checksum()).toEqual(before);
    });
  });

  it(
    'gives each paper and author once when three sessions on three pools write 100 papers at once, and metrics equal to a recomputation',
    async () => {
      const next = random(19);
      const topics = [1, 2, 3].map((n) => ({
        id: `T${1000 + n}`,
        name: `Topic ${n}`,
        subfieldId: `S${n}`,
        subfieldName: `Subfield ${n}`,
        fieldId: `F${n % 2}`,
        fieldName: `Field ${n % 2}`,
        domainId: 'D1',
        domainName: 'Domain',
      }));
      const people = Array.from({ length: 40 }, (_, i) => ({ name: `Person ${i}`, externalId: `A${9000 + i}` }));
      const records: PaperWriteRecord[] = Array.from({ length: 100 }, (_, i) => {
        const topic = topics[i % topics.length];
        const authors = shuffled(people, next)
          .slice(0, 1 + Math.floor(next() * 4))
          .map((p) => ({ name: p.name, key: authorKey(p.name), externalId: p.externalId, claimsNamesake: true }));
        return {
          fields: {
            externalId: `W${5000 + i}`,
            title: `Generated paper ${i}`,
            abstract: `About thing ${i}.`,
            category: ['cs.LG', 'cs.CV', 'math.CO'][i % 3],
            topicId: topic.id,
            topicIds: JSON.stringify([topic.id]),
            publishedAt: `2024-0${1 + (i % 9)}-1${i % 10}`,
            score: Math.round(next() * 100),
            novelty: Math.round(next() * 100) / 100,
            aiScore: Math.round(next() * 100),
            citationCount: Math.floor(next() * 40),
            hasCode: false,
            codeUrl: null,
          },
          topics: [topic],
          authors,
          knows: 'all',
        };
      });
      const nodes = [1, 2, 3].map(() => new Pool({ connectionString: primary.url, max: 2 }));
      try {
        const summaries = await Promise.all(
          nodes.map(async (node, n) => {
            const session = await openPaperWrites(pgDbOf(node), { match: 'sourceIds', authors: 'source' });
            const order = shuffled(records, random(100 + n)).map((record, i) => ({ line: i + 1, record }));
            const total = { added: 0, updated: 0, unchanged: 0, skipped: 0 };
            for (let i = 0; i < order.length; i += 10) {
              const s = await session.write(order.slice(i, i + 10));
              total.added += s.added;
              total.updated += s.updated;
              total.unchanged += s.unchanged;
              total.skipped += s.skipped.length;
            }
            await session.finish({ scoreNovelty: false });
            return total;
          }),
        );
        // 300 upserts: each paper added once, found unchanged by the other two sessions.
        expect(summaries.reduce((sum, s) => sum + s.added, 0)).toBe(100);
        expect(summaries.reduce((sum, s) => sum + s.added + s.updated + s.unchanged, 0)).toBe(300);
        expect(summaries.reduce((sum, s) => sum + s.skipped, 0)).toBe(0);
      } finally {
        await Promise.all(nodes.map((node) => node.end()));
      }

      const counts = await pool.query(
        `SELECT (SELECT count(*) FROM papers WHERE external_id LIKE 'W%')::int AS papers,
                (SELECT count(*) FROM authors WHERE external_id LIKE 'A9%')::int AS authors,
                (SELECT count(DISTINCT external_id) FROM authors WHERE external_id LIKE 'A9%')::int AS distinct_authors,
                (SELECT count(*) FROM author_metrics_pending)::int AS pending`,
      );
      const used = new Set(records.flatMap((r) => r.authors.map((a) => a.externalId)));
      expect(counts.rows[0]).toEqual({ papers: 100, authors: used.size, distinct_authors: used.size, pending: 0 });

      // Each paper's author list as the records give it.
      const lists = await pool.query<{ externalId: string; authors: string[] }>(
        `SELECT p.external_id AS "externalId", array_agg(a.external_id ORDER BY s.position) AS authors
           FROM papers p JOIN authorships s ON s.paper_id = p.id JOIN authors a ON a.id = s.author_id WHERE p.external_id LIKE 'W%' GROUP BY p.external_id`,
      );
      const given = new Map(records.map((r) => [r.fields.externalId, r.authors.map((a) => a.externalId)]));
      expect(lists.rows.length).toBe(100);
      for (const row of lists.rows) expect(row.authors).toEqual(given.get(row.externalId));

      // The metrics, recomputed from the stored papers with the pure functions.
      const facts = await pool.query<PaperFacts & { authorId: number }>(
        `SELECT s.author_id AS "authorId", p.citation_count AS "citationCount", p.novelty, p.ai_score AS "aiScore", p.category,
                p.published_at AS "publishedAt", p.topic_id AS "topicId", t.subfield_id AS "subfieldId", t.field_id AS "fieldId", t.domain_id AS "domainId"
           FROM authorships s JOIN papers p ON p.id = s.paper_id LEFT JOIN openalex_topics t ON t.id = p.topic_id`,
      );
      const byAuthor = new Map<number, PaperFacts[]>();
      for (const row of facts.rows) byAuthor.set(row.authorId, [...(byAuthor.get(row.authorId) ?? []), row]);
      const metrics = await pool.query(
        `SELECT author_id AS "authorId", paper_count AS "paperCount", citation_count AS "citationCount", h_index AS "hIndex", i10_index AS "i10Index",
                g_index AS "gIndex", novelty, ai_score AS "aiScore", primary_category AS "primaryCategory", primary_topic_id AS "primaryTopicId",
                primary_subfield_id AS "primarySubfieldId", primary_field_id AS "primaryFieldId", primary_domain_id AS "primaryDomainId"
           FROM author_metrics ORDER BY author_id`,
      );
      expect(metrics.rows.length).toBe(byAuthor.size);
      for (const row of metrics.rows) {
        const { authorId, ...stored } = row;
        expect({ authorId, ...stored }).toEqual({ authorId, ...authorMetrics(byAuthor.get(authorId)!) });
      }
    },
    CLUSTER_MS,
  );

  it(
    'imports as SQLite does: names then source ids claiming them, a match by arXiv id, a refused record skipped, an author dropped with their last paper',
    async () => {
      const topic = { id: 'T77', name: 'Graphs', subfieldId: 'S7', subfieldName: 'Combinatorics', fieldId: 'F7', fieldName: 'Mathematics', domainId: 'D7', domainName: 'Physical Sciences' };
      const paper = (externalId: string, extra: Partial<PaperFields> = {}): PaperFields & { externalId: string } => ({
        title: `Paper ${externalId}`,
        abstract: `On ${externalId}.`,
        category: 'math.CO',
        publishedAt: '2025-01-15',
        score: 0,
        novelty: null,
        aiScore: null,
        citationCount: 0,
        hasCode: false,
        codeUrl: null,
        ...extra,
        externalId,
      });
      const named = (...names: string[]) => names.map((name) => ({ name, key: authorKey(name) }));
      const batches: PaperWriteRecord[][] = [
        // arXiv: names only.
        [
          { fields: paper('x2501.00001', { arxivId: 'x2501.00001' }), authors: named('Ann Lee', 'Bo Chen') },
          { fields: paper('x2501.00002', { arxivId: 'x2501.00002' }), authors: named('Bo Chen', 'Cy Dale') },
          { fields: paper('x2501.00003', { arxivId: 'x2501.00003' }), authors: named('Cy Dale', 'Eve Fox') },
        ],
        // OpenAlex: the first paper again by its arXiv id, with author ids that claim the names.
        [
          {
            fields: paper('W1', { arxivId: 'x2501.00001', doi: '10.1/w1', citationCount: 12, topicId: topic.id, topicIds: '["T77"]', workType: 'article', title: 'Another title' }),
            topics: [topic],
            authors: [
              { name: 'Ann Lee', key: authorKey('Ann Lee'), externalId: 'A1', claimsNamesake: true },
              { name: 'Bo Chen', key: authorKey('Bo Chen'), externalId: 'A2', claimsNamesake: true },
            ],
            knows: 'citationCount',
          },
          { fields: paper('W3', { category: 'Not a category' }), authors: named('Di Eve') },
          { fields: paper('W4', { citationCount: 30 }), authors: [{ name: 'Ann Lee', key: authorKey('Ann Lee'), externalId: 'A1' }], knows: 'citationCount' },
        ],
        // The second paper again without Cy Dale: a list of names does not replace one with source
        // ids (Bo Chen's, claimed above). The third without Eve Fox, who has no other paper and goes.
        [
          { fields: paper('x2501.00002', { arxivId: 'x2501.00002', citationCount: 5 }), authors: named('Bo Chen'), knows: 'citationCount' },
          { fields: paper('x2501.00003', { arxivId: 'x2501.00003' }), authors: named('Cy Dale') },
        ],
      ];
      const numbered = (batch: PaperWriteRecord[]) => batch.map((record, i) => ({ line: i + 1, record }));
      const summaries = (list: Array<{ added: number; updated: number; unchanged: number; skipped: Array<{ line: number }> }>) =>
        list.map((s) => ({ ...s, skipped: s.skipped.map((k) => k.line) }));

      const db = openDatabase(path.join(sqliteDir, 'import.db'));
      migrateDatabase(db);
      const bySqlite = openSqlitePaperWrites(db, { match: 'sourceIds', authors: 'source' });
      const sqliteSummaries = batches.map((batch) => bySqlite.writeBatch(numbered(batch)));
      bySqlite.finish({ scoreNovelty: false });

      // A database of its own: the tables emptied of the tests before.
      await pool.query('TRUNCATE papers, authors, authorships, author_metrics, author_metrics_pending, novelty_pending, openalex_topics CASCADE');
      const session = await openPaperWrites(pgDbOf(pool), { match: 'sourceIds', authors: 'source' });
      const pgSummaries = [];
      for (const batch of batches) pgSummaries.push(await session.write(numbered(batch)));
      await session.finish({ scoreNovelty: false });
      expect(summaries(pgSummaries)).toEqual(summaries(sqliteSummaries));
      expect(pgSummaries[1].skipped).toHaveLength(1);

      const tables = {
        papers: `SELECT external_id, title, category, topic_id, topic_ids, work_type, doi, arxiv_id, published_at, citation_count FROM papers ORDER BY external_id`,
        authors: `SELECT name, external_id FROM authors ORDER BY name`,
        lists: `SELECT p.external_id, a.name, s.position FROM authorships s JOIN papers p ON p.id = s.paper_id JOIN authors a ON a.id = s.author_id ORDER BY p.external_id, s.position`,
        metrics: `SELECT a.name, ${METRIC_COLUMNS}, primary_topic_id, primary_field_id FROM author_metrics m JOIN authors a ON a.id = m.author_id ORDER BY a.name`,
        topics: `SELECT * FROM openalex_topics ORDER BY id`,
        noveltyPending: `SELECT p.external_id FROM novelty_pending n JOIN papers p ON p.id = n.paper_id ORDER BY p.external_id`,
        metricsPending: `SELECT count(*) AS n FROM author_metrics_pending`,
      };
      for (const [name, query] of Object.entries(tables)) {
        const expected = (db.sqlite.prepare(query).all() as Array<Record<string, unknown>>).map((row) => ({ ...row }));
        const actual = (await pool.query(query.replace(/ORDER BY ([a-z._]+)/, 'ORDER BY $1 COLLATE "C"'))).rows.map((row) =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'n' ? Number(v) : v])),
        );
        expect({ name, rows: actual }).toEqual({ name, rows: expected });
      }
      db.close();
      const authorsLeft = await pool.query(`SELECT name FROM authors ORDER BY name COLLATE "C"`);
      expect(authorsLeft.rows.map((r) => r.name)).toEqual(['Ann Lee', 'Bo Chen', 'Cy Dale']);
      expect(summaries(pgSummaries)[2]).toEqual({ added: 0, updated: 2, unchanged: 0, skipped: [] });
    },
    CLUSTER_MS,
  );

  it('takes an author another session identified since this one loaded its maps: one author, not two', async () => {
    const fields = (externalId: string): PaperFields & { externalId: string } => ({
      externalId, title: `Paper ${externalId}`, abstract: '', category: 'cs.DL', publishedAt: '2025-02-01',
      score: 0, novelty: 0.5, aiScore: null, citationCount: 1, hasCode: false, codeUrl: null,
    });
    const zed = { name: 'Zed Young', key: authorKey('Zed Young') };
    const first = await openPaperWrites(pgDbOf(pool), { match: 'sourceIds', authors: 'source' });
    await first.write([{ line: 1, record: { fields: fields('z1'), authors: [zed] } }]);
    // Both sessions know Zed Young by name only; the second claims him first.
    const late = await openPaperWrites(pgDbOf(pool), { match: 'sourceIds', authors: 'source' });
    const early = await openPaperWrites(pgDbOf(pool), { match: 'sourceIds', authors: 'source' });
    await early.write([{ line: 1, record: { fields: fields('z2'), authors: [{ ...zed, externalId: 'A50', claimsNamesake: true }] } }]);
    expect(await late.write([{ line: 1, record: { fields: fields('z3'), authors: [{ ...zed, externalId: 'A50', claimsNamesake: true }] } }])).toEqual({
      added: 1, updated: 0, unchanged: 0, skipped: [],
    });
    for (const session of [first, early, late]) await session.finish({ scoreNovelty: false });
    const { rows } = await pool.query(
      `SELECT a.name, a.external_id AS "externalId", m.paper_count AS papers FROM authors a JOIN author_metrics m ON m.author_id = a.id WHERE a.name = 'Zed Young'`,
    );
    expect(rows).toEqual([{ name: 'Zed Young', externalId: 'A50', papers: 3 }]);
  });
});
