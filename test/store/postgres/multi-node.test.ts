// Several API nodes on one PostgreSQL database, as a deployment behind a load balancer runs them:
// two server processes (`npm start` with DATABASE_URL), one of them reading from a streaming
// replica (DATABASE_READ_URLS). 300 concurrent upserts of 100 papers spread over both make
// exactly 100 papers, with metrics equal to a recomputation; a write on one node is read on the
// other; with the primary stopped, the replica-reading node still answers reads and refuses
// writes with a 503 that says why.
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { createKey } from '../../../src/auth/keys';
import { authorMetrics, type PaperFacts } from '../../../src/metrics';
import { openPostgresStore } from '../../../src/store';
import { startPostgres, startReplica, type PostgresCluster } from '../../support/postgres';
import { startProcess, until, type ServerProcess } from '../../support/server-process';
import { tempDir } from '../../support/server';

const UPSERT = 'mutation ($input: PaperInput!) { upsertPaper(input: $input) { paper { id externalId } } }';
const PAPERS = 100;
const WRITES = 300;

/** One request on its own connection: a separate client each time. */
function post(url: string, body: unknown, key: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/graphql`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

describe('two API nodes on one PostgreSQL primary and its replica', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let key: string;
  const dir = tempDir('scholargraph-nodes-');

  beforeAll(async () => {
    primary = await startPostgres();
    // The first node migrates and seeds the empty database; the replica follows from then on.
    nodeA = await startProcess(path.join(dir, 'unused-a.db'), { DATABASE_URL: primary.url, DEMO_CORPUS_PAPERS: '300', LOG_LEVEL: 'warn' });
    replica = await startReplica(primary);
    nodeB = await startProcess(path.join(dir, 'unused-b.db'), { DATABASE_URL: primary.url, DATABASE_READ_URLS: replica.url, DEMO_CORPUS_PAPERS: '300', LOG_LEVEL: 'warn' });
    const opened = await openPostgresStore(primary.url, { migrate: false, max: 1 });
    try {
      key = (await createKey(opened.store, { name: 'nodes', role: 'writer' })).key;
    } finally {
      await opened.close();
    }
    // Node B finds keys on the replica: once it has replayed the key's row.
    await until(async () => (await post(nodeB.url, { query: '{ __typename }' }, key)).status === 200, 'node B to know the key', 30);
  }, 240_000);

  afterAll(async () => {
    for (const node of [nodeA, nodeB]) node?.child.kill('SIGKILL');
    await replica?.stop();
    await primary?.stop();
  }, 60_000);

  it('serves the demo data from both, seeded once', async () => {
    const query = '{ papers(first: 1) { totalCount } authors(first: 1) { totalCount } }';
    const [a, b] = await Promise.all([nodeA.graphql(query), nodeB.graphql(query)]);
    expect(a.errors).toBeUndefined();
    expect(b).toEqual(a);
    // The demo profile's six papers and the generated corpus, once.
    expect(a.data.papers.totalCount).toBe(306);
  });

  it('makes exactly one paper per external id of 300 concurrent upserts over both nodes, with exact metrics', async () => {
    const input = (i: number) => ({
      externalId: `2601.${String(i).padStart(5, '0')}`,
      title: `Shared load ${i}`,
      category: 'cs.DB',
      publishedAt: '2025-06-01',
      citationCount: (i * 7) % 23,
      authors: [{ name: `Node Author ${i % 9}` }, { name: `Node Author ${(i + 4) % 9}` }],
    });
    const writes = Array.from({ length: WRITES }, (_, n) => post(n % 2 ? nodeB.url : nodeA.url, { query: UPSERT, variables: { input: input(n % PAPERS) } }, key));
    const answers = await Promise.all(writes);
    expect(answers.filter((a) => a.status !== 200 || a.body.errors)).toEqual([]);
    // Every upsert of one external id answered the same paper.
    const ids = new Map<string, Set<number>>();
    for (const { body } of answers) {
      const { id, externalId } = body.data.upsertPaper.paper;
      ids.set(externalId, (ids.get(externalId) ?? new Set()).add(id));
    }
    expect(ids.size).toBe(PAPERS);
    expect([...ids.values()].every((set) => set.size === 1)).toBe(true);

    const client = new Client({ connectionString: primary.url });
    await client.connect();
    try {
      expect((await client.query("SELECT count(*)::int AS n FROM papers WHERE external_id LIKE '2601.%'")).rows[0].n).toBe(PAPERS);
      // Authors by name on concurrent writers: the same name on one paper's list is one author there.
      const facts = (
        await client.query<PaperFacts & { authorId: number }>(
          `SELECT s.author_id AS "authorId", p.citation_count AS "citationCount", p.novelty, p.ai_score AS "aiScore", p.category, p.published_at AS "publishedAt",
                  p.topic_id AS "topicId", t.subfield_id AS "subfieldId", t.field_id AS "fieldId", t.domain_id AS "domainId"
             FROM authorships s JOIN papers p ON p.id = s.paper_id LEFT JOIN openalex_topics t ON t.id = p.topic_id ORDER BY s.author_id, s.paper_id`,
        )
      ).rows;
      const stored = (await client.query('SELECT author_id AS id, paper_count AS "paperCount", citation_count AS "citationCount", h_index AS "hIndex", g_index AS "gIndex", i10_index AS "i10Index" FROM author_metrics')).rows;
      const byAuthor = new Map<number, PaperFacts[]>();
      for (const fact of facts) byAuthor.set(fact.authorId, [...(byAuthor.get(fact.authorId) ?? []), fact]);
      expect(stored.length).toBe(byAuthor.size);
      for (const row of stored) {
        const m = authorMetrics(byAuthor.get(row.id) ?? []);
        expect(row).toEqual({ id: row.id, paperCount: m.paperCount, citationCount: m.citationCount, hIndex: m.hIndex, gIndex: m.gIndex, i10Index: m.i10Index });
      }
      expect((await client.query('SELECT count(*)::int AS n FROM author_metrics_pending')).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  }, 180_000);

  it('reads on one node what the other wrote, and the writer reads its own write at once', async () => {
    const input = { externalId: '2601.99999', title: 'Written on node A', category: 'cs.DB', publishedAt: '2025-07-01', authors: [{ name: 'Replica Reader' }] };
    const written = await post(nodeA.url, { query: UPSERT, variables: { input } }, key);
    expect(written.body.errors).toBeUndefined();
    const query = '{ paper(externalId: "2601.99999") { title authors(first: 5) { nodes { name } } } }';
    // Node B reads from the replica, which replays the primary's WAL a moment later.
    const started = Date.now();
    await until(async () => (await nodeB.graphql(query)).data?.paper !== null, 'node B to read node A\'s write', 30);
    const lagMs = Date.now() - started;
    // The replication itself, apart from the API: how long the replica takes to replay a commit.
    const primaryClient = new Client({ connectionString: primary.url });
    const replicaClient = new Client({ connectionString: replica.url });
    await Promise.all([primaryClient.connect(), replicaClient.connect()]);
    const replays: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        await primaryClient.query("UPDATE papers SET citation_count = citation_count WHERE external_id = '2601.99999'");
        const { lsn } = (await primaryClient.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0];
        const from = process.hrtime.bigint();
        while (!(await replicaClient.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])).rows[0].done);
        replays.push(Number(process.hrtime.bigint() - from) / 1e6);
      }
    } finally {
      await Promise.all([primaryClient.end(), replicaClient.end()]);
    }
    replays.sort((a, b) => a - b);
    console.log(`replica lag: node B read node A's write ${lagMs} ms after it (polling through GraphQL); a commit replayed on the replica after ${replays[10].toFixed(1)} ms at the median, ${replays[19].toFixed(1)} ms at most (20 commits)`);
    expect((await nodeB.graphql(query)).data.paper).toEqual({ title: 'Written on node A', authors: { nodes: [{ name: 'Replica Reader' }] } });
    // A request that writes on node B reads its write in the same request (from the primary).
    const both = await post(
      nodeB.url,
      {
        query: 'mutation ($input: PaperInput!) { upsertPaper(input: $input) { paper { id title authors(first: 5) { nodes { name } } } } }',
        variables: { input: { ...input, externalId: '2601.99998', title: 'Written on node B' } },
      },
      key,
    );
    expect(both.body.data.upsertPaper.paper).toMatchObject({ title: 'Written on node B', authors: { nodes: [{ name: 'Replica Reader' }] } });
  }, 60_000);

  it('moves the reads of a replica that does not answer to the next one, then to the primary', async () => {
    // Nothing listens on port 1: the first "replica" refuses every connection.
    const down = 'postgres://postgres@127.0.0.1:1/scholargraph';
    for (const readUrls of [[down, replica.url], [down]]) {
      const opened = await openPostgresStore(primary.url, { migrate: false, readUrls });
      try {
        const [paper] = await opened.store.papersByExternalId(['2601.00007']);
        expect(paper?.title).toBe('Shared load 7');
        // Passed over from then on (for a while): a second read does not try it first again.
        expect((await opened.store.papersByExternalId(['2601.00008']))[0]?.title).toBe('Shared load 8');
        expect(opened.db.replicas[0].downUntil).toBeGreaterThan(Date.now());
      } finally {
        await opened.close();
      }
    }
  });

  it('keeps answering reads from the replica with the primary stopped, and refuses writes with a 503 that says why', async () => {
    const query = '{ paper(externalId: "2601.00042") { title citationCount } }';
    const before = await nodeB.graphql(query);
    expect(before.data.paper.title).toBe('Shared load 42');
    await primary.stop();
    const after = await nodeB.graphql(query);
    expect(after).toEqual(before);
    const refused = await post(nodeB.url, { query: UPSERT, variables: { input: { externalId: '2601.77777', title: 'Nowhere', publishedAt: '2025-01-01', authors: [{ name: 'X' }] } } }, key);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(refused.body.errors[0].message).toMatch(/primary server does not answer: writes are refused until it is back/);
  }, 60_000);
});
