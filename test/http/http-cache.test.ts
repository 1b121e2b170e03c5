// HTTP caching of GET queries, as a front end reloading a page meets it: the first GET is answered
// 200 with an ETag, the reload with If-None-Match is answered 304 with nothing executed and no
// rate-limit point spent, and after any write (through the API, or by any other writer of the
// database) the old ETag no longer matches.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { toGlobalId } from '../../src/graphql/ids';
import { createKey } from '../../src/auth/keys';
import { importFile } from '../../src/import/import-file';
import { startServer, type TestServer } from '../support/server';

// The README's profile page (examples/queries), for the demo profile's author.
const PROFILE = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'queries', 'author-profile.graphql'), 'utf8');
let VARIABLES: { id: string };
const GRAPHQL_ACCEPT = 'application/graphql-response+json';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

function urlOf(server: TestServer, query: string, variables: object = {}, extensions?: object): string {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  if (extensions) params.set('extensions', JSON.stringify(extensions));
  return `${server.url}/graphql?${params}`;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { headers: { accept: GRAPHQL_ACCEPT, ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const citationsOf = (answer: Answer): number => JSON.parse(answer.text).data.author.citationCount;
const remaining = (answer: Answer): number => Number(answer.headers.get('x-ratelimit-remaining'));

describe('conditional GET (ETag, If-None-Match, 304)', () => {
  let server: TestServer;
  let writer: Record<string, string>;
  beforeAll(async () => {
    server = await startServer();
    const [author] = await server.sql<{ id: number }>("SELECT id FROM authors WHERE name = 'Zongkai Liu'");
    VARIABLES = { id: toGlobalId('Author', author.id) };
    writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'cache test writer', role: 'writer' })).key}` };
  });
  afterAll(() => server.close());

  it('answers 200 with an ETag, then 304 without running the query or spending points, then 200 after a write', async () => {
    const url = urlOf(server, PROFILE, VARIABLES);
    const first = await get(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-z]+-[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=5, must-revalidate');
    expect(first.headers.get('vary')).toBe('Accept, Authorization');
    const citations = citationsOf(first);

    // The same request again, as a browser revalidates its copy: twice, the same answer.
    for (let i = 0; i < 2; i++) {
      const before = await server.statementsRun();
      const again = await get(url, { 'if-none-match': etag });
      const statements = (await server.statementsRun()) - before;
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=5, must-revalidate');
      // Only the data version was read (the query's own reads are several statements).
      expect(statements).toBe(1);
      // A 304 spends nothing: the budget is where the 200 left it.
      expect(remaining(again)).toBe(remaining(first));
    }

    // A write through the API: the old copy is no longer current.
    const paper = await server.graphql(
      `mutation { upsertPaper(input: { externalId: "cache-test-1", title: "Caching answers", abstract: "On ETags.", category: "cs.LG",
        publishedAt: "2024-01-02", citationCount: 1000, authors: [{ id: "${VARIABLES.id}" }] }) { paper { id } } }`,
      {},
      writer,
    );
    expect(paper.body.errors).toBeUndefined();
    const after = await get(url, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(citationsOf(after)).toBe(citations + 1000);
  });

  it('sees a write made around the API (another writer of the database) too', async () => {
    const url = urlOf(server, PROFILE, VARIABLES);
    const first = await get(url);
    const etag = first.headers.get('etag')!;
    expect((await get(url, { 'if-none-match': etag })).status).toBe(304);
    await server.sql("UPDATE papers SET title = 'Retitled by an import' WHERE external_id = 'cache-test-1'");
    const after = await get(url, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.text).toContain('Retitled by an import');
  });

  it('sees an import (the importer writes beside the API) too', async () => {
    const url = urlOf(server, '{ papers(first: 1) { totalCount } }');
    const first = await get(url);
    const etag = first.headers.get('etag')!;
    expect((await get(url, { 'if-none-match': etag })).status).toBe(304);
    const summary = await importFile(server.store, path.join(__dirname, '..', 'fixtures', 'arxiv-sample.jsonl'));
    expect(summary.added).toBeGreaterThan(0);
    const after = await get(url, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text).data.papers.totalCount).toBe(JSON.parse(first.text).data.papers.totalCount + summary.added);
  });

  it('answers a different request, a different media type or another key with their own ETag', async () => {
    const url = urlOf(server, PROFILE, VARIABLES);
    const etag = (await get(url)).headers.get('etag')!;
    const otherVariables = await get(urlOf(server, PROFILE, { id: toGlobalId('Author', 999_999) }), { 'if-none-match': etag });
    expect(otherVariables.status).toBe(200);
    expect(otherVariables.headers.get('etag')).not.toBe(etag);
    const json = await get(url, { accept: 'application/json', 'apollo-require-preflight': 'true', 'if-none-match': etag });
    expect(json.status).toBe(200);
    const keyed = await get(url, { ...writer, 'if-none-match': etag });
    expect(keyed.status).toBe(200);
    // An answer to a request with a key is the client's own, never a shared cache's.
    expect(keyed.headers.get('cache-control')).toBe('private, max-age=5, must-revalidate');
    expect((await get(url, { ...writer, 'if-none-match': keyed.headers.get('etag')! })).status).toBe(304);
  });

  it('answers 304 to fetch() in a script, which sends Cache-Control: no-cache with If-None-Match, and 200 without it', async () => {
    const url = urlOf(server, PROFILE, VARIABLES);
    const etag = (await get(url)).headers.get('etag')!;
    expect((await get(url, { 'if-none-match': etag, 'cache-control': 'no-cache', pragma: 'no-cache' })).status).toBe(304);
    expect((await get(url, { 'if-none-match': '*' })).status).toBe(304);
    expect((await get(url, { 'if-none-match': `W/"0-other", ${etag}` })).status).toBe(304);
    const unconditional = await get(url);
    expect(unconditional.status).toBe(200);
    expect(unconditional.headers.get('etag')).toBe(etag);
  });

  it('caches a persisted query sent by its hash alone', async () => {
    const query = 'query Top { papers(first: 2, orderBy: { field: CITATION_COUNT, direction: DESC }) { nodes { title } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    await server.graphql(query, {}, {}); // not registered by a plain query
    const register = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, extensions }) });
    expect(register.status).toBe(200);
    const params = new URLSearchParams({ extensions: JSON.stringify(extensions) });
    const url = `${server.url}/graphql?${params}`;
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text).data.papers.nodes).toHaveLength(2);
    expect((await get(url, { 'if-none-match': first.headers.get('etag')! })).status).toBe(304);
  });

  it('gives no ETag to an error, a POST or a mutation', async () => {
    const invalid = await get(urlOf(server, '{ papers(first: 1) { nope } }'));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('etag')).toBeNull();
    expect(invalid.headers.get('cache-control')).toBe('no-store');
    const post = await server.graphql(PROFILE, VARIABLES);
    expect(post.status).toBe(200);
    expect(post.headers.get('etag')).toBeNull();
    expect(post.headers.get('cache-control')).toBe('no-store');
    const mutation = await get(urlOf(server, 'mutation { deletePaper(id: "UGFwZXI6MQ==") { deletedPaperId } }'));
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('etag')).toBeNull();
  });
});

describe('HTTP caching configured', () => {
  it('answers no-store and no ETag with HTTP_CACHE_MAX_AGE=off', async () => {
    const server = await startServer({ httpCache: null });
    try {
      const [author] = await server.sql<{ id: number }>("SELECT id FROM authors WHERE name = 'Zongkai Liu'");
      VARIABLES = { id: toGlobalId('Author', author.id) };
      const answer = await get(urlOf(server, PROFILE, VARIABLES));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('etag')).toBeNull();
      expect(answer.headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.close();
    }
  });

  it('keeps answers private when reads need a key, and checks the key before a 304', async () => {
    const server = await startServer({ readsNeedKey: true, httpCache: { maxAgeSeconds: 0 } });
    try {
      const [author] = await server.sql<{ id: number }>("SELECT id FROM authors WHERE name = 'Zongkai Liu'");
      VARIABLES = { id: toGlobalId('Author', author.id) };
      const reader = { authorization: `Bearer ${(await createKey(server.store, { name: 'cache test reader', role: 'reader' })).key}` };
      const url = urlOf(server, PROFILE, VARIABLES);
      const first = await get(url, reader);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');
      const etag = first.headers.get('etag')!;
      expect((await get(url, { ...reader, 'if-none-match': etag })).status).toBe(304);
      // The key revoked: the same copy is refused, not confirmed.
      await server.sql('UPDATE api_keys SET revoked_at = ?', new Date().toISOString());
      const revoked = await get(url, { ...reader, 'if-none-match': etag });
      expect(revoked.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
