// Hundreds of concurrent writes from separate HTTP clients, to two server processes on one
// SQLite file, many against the same paper and the same author: afterwards every acknowledged
// write is there, no refused one is, and the materialized metrics equal a recomputation.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { createKey } from '../../src/auth/keys';

import { openDatabase } from '../../src/store/sqlite/client';
import { authorMetrics, type PaperFacts } from '../../src/metrics';
import { freePort } from '../support/ports';
import { startServer, type TestServer } from '../support/server';

const root = path.join(__dirname, '..', '..');

/** One request on its own connection: a separate client each time. */
function post(url: string, body: unknown, key: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/graphql`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

async function startProcess(file: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: file, LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('second server did not start');
}

describe('concurrent writes', () => {
  let server: TestServer;
  let other: { url: string; child: ChildProcess };
  let key: string;
  beforeAll(async () => {
    server = await startServer();
    key = (await createKey(server.store, { name: 'load', role: 'writer' })).key;
    other = await startProcess(server.db.sqlite.name);
  }, 60_000);
  afterAll(async () => {
    other.child.kill();
    await server.close();
  });

  it('keeps every acknowledged write and no refused one, with exact metrics', async () => {
    const zongkai = (await server.graphql('{ authors(search: "Zongkai Liu") { nodes { id } } }')).body.data.authors.nodes[0].id;
    const UPSERT = 'mutation ($input: PaperInput!) { upsertPaper(input: $input) { paper { id } } }';
    const COUNTS = 'mutation ($items: [CitationCountInput!]!) { updateCitationCounts(items: $items) { papers { citationCount } } }';
    const writes: { kind: string; externalId?: string; citationCount?: number; request: Promise<{ status: number; body: any }> }[] = [];
    for (let i = 0; i < 300; i += 1) {
      const url = i % 2 ? other.url : server.url;
      if (i % 3 === 0) {
        // Same paper, many writers: the count it ends with must be one that was acknowledged.
        const citationCount = 1000 + i;
        writes.push({ kind: 'count', citationCount, request: post(url, { query: COUNTS, variables: { items: [{ externalId: '2503.07365', citationCount }] } }, key) });
      } else {
        // New papers, all by the same author; every 10th is invalid (a future date) and must be refused.
        const externalId = `2598.${String(i).padStart(5, '0')}`;
        const publishedAt = i % 10 === 1 ? '2999-01-01' : '2024-02-02';
        const input = { externalId, title: `Load ${i}`, category: 'cs.LG', publishedAt, citationCount: i % 17, authors: [{ id: zongkai }, { name: `Load Author ${i % 7}` }] };
        writes.push({ kind: 'paper', externalId, request: post(url, { query: UPSERT, variables: { input } }, key) });
      }
    }
    const answers = await Promise.all(writes.map((w) => w.request));
    expect(answers.every((a) => a.status === 200 || a.body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT')).toBe(true);

    const db = openDatabase(server.db.sqlite.name);
    try {
      const stored = new Set(db.sqlite.prepare("SELECT external_id FROM papers WHERE external_id LIKE '2598.%'").pluck().all() as string[]);
      writes.forEach((w, i) => {
        if (w.kind !== 'paper') return;
        const acknowledged = answers[i].body.data?.upsertPaper?.paper?.id !== undefined;
        expect({ externalId: w.externalId, stored: stored.has(w.externalId!) }).toEqual({ externalId: w.externalId, stored: acknowledged });
      });
      expect(stored.size).toBe(writes.filter((w, i) => w.kind === 'paper' && !answers[i].body.errors).length);
      expect(stored.size).toBeGreaterThan(150);

      const acknowledgedCounts = writes.filter((w, i) => w.kind === 'count' && !answers[i].body.errors).map((w) => w.citationCount);
      expect(acknowledgedCounts).toHaveLength(100);
      expect(acknowledgedCounts).toContain(db.sqlite.prepare("SELECT citation_count FROM papers WHERE external_id = '2503.07365'").pluck().get());

      // Load Author names were created by concurrent writers: "by name" means a new author each time.
      const facts = db.sqlite
        .prepare(`SELECT s.author_id AS authorId, p.citation_count AS citationCount, p.novelty, p.ai_score AS aiScore, p.category, p.published_at AS publishedAt
                    FROM authorships s JOIN papers p ON p.id = s.paper_id`)
        .all() as (PaperFacts & { authorId: number })[];
      const rows = db.sqlite.prepare('SELECT author_id AS id, paper_count AS paperCount, citation_count AS citationCount, h_index AS hIndex FROM author_metrics').all() as any[];
      for (const row of rows) {
        const m = authorMetrics(facts.filter((f) => f.authorId === row.id));
        expect(row).toEqual({ id: row.id, paperCount: m.paperCount, citationCount: m.citationCount, hIndex: m.hIndex });
      }
      expect(db.sqlite.prepare('SELECT COUNT(*) FROM authors WHERE id NOT IN (SELECT author_id FROM author_metrics)').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  }, 120_000);
});
