// The scripted pulls of examples/, each run as a child process against a real server (the demo
// data and 300 generated papers), their output compared with what the API itself answers.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { parse, print } from 'graphql';
import { createKey } from '../../src/auth/keys';
import { withSearchIndexingDeferred } from '../../src/store';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { startServer, type TestServer } from '../support/server';
import { EXAMPLES, ROOT, requireTool, run } from './support';

const script = (name: string) => path.join(EXAMPLES, name);
const PROFILE_QUERY = fs.readFileSync(script('queries/author-profile.graphql'), 'utf8');

async function authorId(server: TestServer, name: string): Promise<string> {
  const { body } = await server.graphql('query ($name: String!) { authors(search: $name, first: 1) { nodes { id } } }', { name });
  return body.data.authors.nodes[0].id;
}

async function totalCount(server: TestServer, category: string): Promise<number> {
  const { body } = await server.graphql('query ($c: [String!]) { papers(filter: { categories: $c }) { totalCount } }', { c: [category] });
  return body.data.papers.totalCount;
}

/** A TCP proxy that cuts its first connection after `bytes` bytes of answer: a dropped download. */
async function cuttingProxy(target: string, bytes: number): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const cut = connections++ === 0;
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    let sent = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (cut && sent + chunk.length >= bytes) {
        client.end(chunk.subarray(0, bytes - sent));
        client.destroy();
        upstream.destroy();
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

describe('the examples', () => {
  let server: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startServer({ fill: (db) => withSearchIndexingDeferred(db.sqlite, () => writeCorpus(db, { papers: 300, seed: 1 })) });
    env = { SCHOLARGRAPH_URL: server.url };
  });
  afterAll(() => server.close());

  it("query the README's profile query (examples/queries/author-profile.graphql)", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- profile-query -->\s*```graphql\n([\s\S]*?)```/.exec(readme)![1];
    expect(print(parse(PROFILE_QUERY))).toBe(print(parse(block)));
  });

  describe('curl-get.sh and curl-post.sh', () => {
    beforeAll(() => requireTool('curl', 'apt-get install curl'));

    it.each(['curl-get.sh', 'curl-post.sh'])('%s prints the profile page the API answers', async (name) => {
      const expected = await server.graphql(PROFILE_QUERY, { id: await authorId(server, 'Zongkai Liu') });
      const result = await run(script(name), [], env);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toEqual(expected.body);
      expect(JSON.parse(result.stdout).data.author).toMatchObject({ name: 'Zongkai Liu', hIndex: 4, paperCount: 6, citationCount: 229 });
    });

    it.each(['curl-get.sh', 'curl-post.sh'])('%s takes a name with quotes safely, and says when no author matches', async (name) => {
      const result = await run(script(name), ['Nobody "Such" \\ Here'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No author matches "Nobody "Such" \\ Here"');
    });

    it('send the key when reads need one, and show the refusal without it', async () => {
      const locked = await startServer({ readsNeedKey: true });
      try {
        const { key } = await createKey(locked.store, { name: 'examples', role: 'reader' });
        const withKey = await run(script('curl-get.sh'), [], { SCHOLARGRAPH_URL: locked.url, SCHOLARGRAPH_KEY: key });
        expect(withKey.code).toBe(0);
        expect(JSON.parse(withKey.stdout).data.author.name).toBe('Zongkai Liu');
        const without = await run(script('curl-post.sh'), [], { SCHOLARGRAPH_URL: locked.url });
        expect(without.code).toBe(1);
        expect(without.stderr).toContain('"code":"UNAUTHENTICATED"');
      } finally {
        await locked.close();
      }
    });
  });

  describe('page-category.mjs', () => {
    it('pages through every paper of a category with cursors: as many as totalCount, none twice', async () => {
      const expected = await totalCount(server, 'cs.LG');
      expect(expected).toBeGreaterThan(20);
      const result = await run(process.execPath, [script('page-category.mjs'), 'cs.LG'], { ...env, PAGE_SIZE: '7' });
      expect(result.code).toBe(0);
      const papers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; title: string });
      expect(papers).toHaveLength(expected);
      expect(new Set(papers.map((p) => p.id)).size).toBe(expected);
      expect(result.stderr.trim()).toBe(`cs.LG: ${expected} papers in ${Math.ceil(expected / 7)} pages (totalCount ${expected})`);
      // The same papers as the export of the category.
      const exported = (await (await fetch(`${server.url}/export/papers.ndjson?categories=cs.LG`)).text()).trim().split('\n');
      expect(papers.map((p) => p.id).sort()).toEqual(exported.map((line) => JSON.parse(line).id).sort());
    });

    it("stops with the API's error for a bad category", async () => {
      // Any name is a subject (OpenAlex's); a blank one is none.
      const result = await run(process.execPath, [script('page-category.mjs'), ' '], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('BAD_USER_INPUT: `filter.categories` has " ", which is blank; give an arXiv category code');
    });
  });

  describe('persisted-query.mjs', () => {
    it('registers its query once, then is served by the hash alone', async () => {
      const first = await run(process.execPath, [script('persisted-query.mjs'), 'cs.CV', '2'], env);
      expect(first.code).toBe(0);
      const lines = first.stderr.trim().split('\n');
      const hash = /^call 1: GET by hash ([0-9a-f]{64}): PERSISTED_QUERY_NOT_FOUND; POST with the text: registered$/.exec(lines[0])?.[1];
      expect(hash).toBeDefined();
      expect(lines[1]).toMatch(new RegExp(`^call 2: GET by hash ${hash} \\(a URL of \\d+ bytes\\): served$`));
      const data = JSON.parse(first.stdout);
      expect(data.papers.totalCount).toBe(await totalCount(server, 'cs.CV'));

      // The server holds the query under that hash: a GET with the hash and no text answers it.
      const params = new URLSearchParams({
        extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
        variables: JSON.stringify({ categories: ['cs.CV'] }),
      });
      const byHash = await fetch(`${server.url}/graphql?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(await byHash.json()).toEqual({ data });

      // A second run finds it registered from its first request on.
      const again = await run(process.execPath, [script('persisted-query.mjs'), 'cs.CV', '1'], env);
      expect(again.stderr).toMatch(new RegExp(`^call 1: GET by hash ${hash} \\(a URL of \\d+ bytes\\): served\\n$`));
    });

    it('is the APQ protocol of the server: an unknown hash is PERSISTED_QUERY_NOT_FOUND, a hash not of the text is refused', async () => {
      const unknown = createHash('sha256').update('{ papers { totalCount } } # never sent').digest('hex');
      const params = new URLSearchParams({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: unknown } }) });
      const response = await fetch(`${server.url}/graphql?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors.map((e: { message: string; extensions: { code: string } }) => [e.message, e.extensions.code])).toEqual([
        ['PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND'],
      ]);
      const wrong = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ papers { totalCount } }', extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } }),
      });
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    });
  });

  describe('export.sh', () => {
    let dir: string;
    beforeAll(() => {
      requireTool('curl', 'apt-get install curl');
      requireTool('jq', 'apt-get install jq');
      dir = fs.mkdtempSync(path.join(server.dir, 'export-'));
    });

    async function directExport(query: string): Promise<string> {
      const response = await fetch(`${server.url}/export/papers.ndjson?${query}`);
      expect(response.status).toBe(200);
      return response.text();
    }

    it("pulls a category's papers into a file: the API's export, totalCount lines", async () => {
      const out = path.join(dir, 'cs-lg.ndjson');
      const result = await run(script('export.sh'), [out, 'categories=cs.LG'], env);
      expect(result.code).toBe(0);
      const text = fs.readFileSync(out, 'utf8');
      expect(text).toBe(await directExport('categories=cs.LG'));
      expect(text.trim().split('\n')).toHaveLength(await totalCount(server, 'cs.LG'));
      expect(result.stderr).toBe(`${out}: ${await totalCount(server, 'cs.LG')} papers\n`);
    });

    it('resumes after the last complete line of a file that a dropped connection cut mid-line', async () => {
      const full = await directExport('categories=cs.LG');
      const lines = full.split('\n');
      const out = path.join(dir, 'cut.ndjson');
      fs.writeFileSync(out, `${lines.slice(0, 10).join('\n')}\n${lines[10].slice(0, 40)}`);
      const result = await run(script('export.sh'), [out, 'categories=cs.LG'], env);
      expect(result.code).toBe(0);
      expect(fs.readFileSync(out, 'utf8')).toBe(full);
    });

    it('survives a connection dropped in the middle of the download', async () => {
      const full = await directExport('');
      expect(full.length).toBeGreaterThan(20_000);
      const proxy = await cuttingProxy(server.url, 20_000);
      try {
        const out = path.join(dir, 'dropped.ndjson');
        const result = await run(script('export.sh'), [out], { SCHOLARGRAPH_URL: proxy.url, RETRY_SECONDS: '0' });
        expect(result.code).toBe(0);
        expect(result.stderr).toMatch(/connection lost or refused \(curl exit \d+, HTTP 200\): resuming in 0 s/);
        expect(proxy.connections()).toBe(2);
        expect(fs.readFileSync(out, 'utf8')).toBe(full);
      } finally {
        await proxy.close();
      }
    });

    it('stops at once on a bad parameter, showing the error, with nothing written', async () => {
      const out = path.join(dir, 'bad.ndjson');
      const result = await run(script('export.sh'), [out, 'publishedFrom=2024-02-30'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('"code":"BAD_USER_INPUT"');
      expect(result.stderr).toContain('`publishedFrom` \\"2024-02-30\\" is not a real date');
      expect(fs.readFileSync(out, 'utf8')).toBe('');
    });
  });
});
