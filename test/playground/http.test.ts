// The playground over HTTP, as a browser and as GraphQL clients meet it: a browser's visit to
// /graphql gets the page, every GraphQL request gets exactly what it got before, the files are
// served from this server with long cache lifetimes, the example tabs run, and PLAYGROUND=false
// turns it all off.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { PROFILE_QUERY } from '../../src/playground/examples';
import { readDemoProfile } from '../../seeds/demo-profile';
import { freePort } from '../support/ports';
import { tempDir } from '../support/server';
import { BROWSER_ACCEPT, type PlaygroundServer, readyPage, startPlaygroundServer } from './support';

const root = path.join(__dirname, '..', '..');

interface Settings {
  endpoint: string;
  workers: Record<string, string>;
  tabs: { query: string; variables: string; headers: string }[];
}

function settingsOf(html: string): Settings {
  const match = /<script type="application\/json" id="playground-config">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error(`no playground settings in the page:\n${html.slice(0, 500)}`);
  return JSON.parse(match[1]) as Settings;
}

/** Every address the page itself names (src and href attributes, the worker files). */
function addressesIn(html: string): string[] {
  return [...[...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]), ...Object.values(settingsOf(html).workers)];
}

async function post(server: PlaygroundServer, query: string, variables?: unknown): Promise<any> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** What a client reads of an answer: the status, the media type and the body. */
async function answerOf(url: string, init: RequestInit): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

const TYPENAME = encodeURIComponent('{ papers(first: 2) { totalCount nodes { title } } }');

describe('the playground over HTTP', () => {
  let on: PlaygroundServer;
  let off: PlaygroundServer;
  let page: { response: Response; html: string };

  beforeAll(async () => {
    // Enough papers for the export tab to have a second page.
    [on, off] = await Promise.all([startPlaygroundServer(true, 250), startPlaygroundServer(loadConfig({ PLAYGROUND: 'false' }).playground, 250)]);
    page = await readyPage(`${on.url}/graphql`);
  }, 240_000);

  afterAll(async () => {
    await on?.close();
    await off?.close();
  });

  it("answers a browser's visit to /graphql with the playground page, never cached stale", () => {
    expect(page.response.status).toBe(200);
    expect(page.response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.response.headers.get('cache-control')).toBe('no-cache');
    expect(page.response.headers.get('vary')).toMatch(/accept/i);
    expect(page.html).toContain('<title>ScholarGraph playground</title>');
    expect(settingsOf(page.html).endpoint).toBe('/graphql');
  });

  it('serves the same page at /playground', async () => {
    const { response, html } = await readyPage(`${on.url}/playground`);
    expect(response.status).toBe(200);
    expect(settingsOf(html)).toEqual(settingsOf(page.html));
  });

  it('names no other host: every address in the page is a path on this server, or inline data', () => {
    const addresses = addressesIn(page.html);
    expect(addresses.length).toBeGreaterThanOrEqual(5);
    for (const address of addresses) expect(address).toMatch(/^(\/(?!\/)|data:)/);
  });

  it('serves every file the page names, with its media type, a year of caching, and gzipped when asked', async () => {
    const files = addressesIn(page.html).filter((address) => address.startsWith('/playground/assets/'));
    expect(files.filter((file) => file.endsWith('.js')).length).toBe(4); // the page's script and three workers
    expect(files.filter((file) => file.endsWith('.css')).length).toBe(1);
    for (const file of files) {
      const plain = await fetch(`${on.url}${file}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('content-type')).toBe(file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(plain.headers.get('content-encoding')).toBeNull();
      const body = Buffer.from(await plain.arrayBuffer());
      expect(body.length).toBeGreaterThan(1000);

      // fetch unzips what it is sent gzipped: the same bytes arrive.
      const zipped = await fetch(`${on.url}${file}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(Buffer.from(await zipped.arrayBuffer()).equals(body)).toBe(true);
    }
  });

  it('bundles the fonts it needs: the stylesheet loads none from elsewhere', async () => {
    const stylesheet = addressesIn(page.html).find((address) => address.endsWith('.css'))!;
    const css = await (await fetch(`${on.url}${stylesheet}`)).text();
    expect(css).toContain('font-family:codicon');
    const urls = [...css.matchAll(/url\(\s*["']?([^"')]*)/g)].map((match) => match[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^data:/);
    expect(css).not.toMatch(/@import/);
  });

  it('answers 404 for a file it does not have', async () => {
    const response = await fetch(`${on.url}/playground/assets/chunk-NOTHERE.js`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain('reload the playground page');
  });

  it('gives every GraphQL request exactly the answer the server without the playground gives', async () => {
    const requests: [string, RequestInit][] = [
      [`/graphql?query=${TYPENAME}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } }],
      [`/graphql?query=${TYPENAME}`, { headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' } }],
      // A browser following a link with a query in it gets GraphQL, not the page.
      [`/graphql?query=${TYPENAME}`, { headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' } }],
      [`/graphql?query=${TYPENAME}`, { headers: { accept: '*/*', 'apollo-require-preflight': 'true' } }],
      [`/graphql?query=${TYPENAME}`, { headers: { accept: '*/*' } }],
      [`/graphql?query=${TYPENAME}`, {}],
      [`/graphql?extensions=${encodeURIComponent('{"persistedQuery":{"version":1,"sha256Hash":"0000"}}')}`, { headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' } }],
      ['/graphql', { headers: { accept: 'application/json' } }],
      ['/graphql', { headers: { accept: 'application/json, text/html;q=0.5' } }],
      ['/graphql', {}],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: BROWSER_ACCEPT }, body: JSON.stringify({ query: '{ papers(first: 1) { totalCount } }' }) }],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) }],
    ];
    for (const [address, init] of requests) {
      const withPlayground = await answerOf(`${on.url}${address}`, init);
      expect(withPlayground.type).toMatch(/^application\/(graphql-response\+)?json/);
      expect({ address, init, ...withPlayground }).toEqual({ address, init, ...(await answerOf(`${off.url}${address}`, init)) });
    }
    const { body } = await answerOf(`${on.url}/graphql?query=${TYPENAME}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(JSON.parse(body)).toEqual(await post(on, decodeURIComponent(TYPENAME)));
  });

  it("holds the README's profile query in the profile tab, opened on the demo author", async () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /<!-- profile-query -->\s*```graphql\n([\s\S]*?)```/.exec(readme);
    expect(block?.[1]).toBe(PROFILE_QUERY);
    const [profile] = settingsOf(page.html).tabs;
    expect(profile.query).toContain(PROFILE_QUERY);
    const { data, errors } = await post(on, profile.query, JSON.parse(profile.variables));
    expect(errors).toBeUndefined();
    expect(data.author.name).toBe(readDemoProfile().profileAuthor);
    expect(data.author.papers.nodes).toHaveLength(readDemoProfile().papers.length);
  });

  it('opens tabs that run as they are: a search, a leaderboard and a paged export', async () => {
    const [, search, leaderboard, exported] = settingsOf(page.html).tabs;

    const found = await post(on, search.query, JSON.parse(search.variables));
    expect(found.errors).toBeUndefined();
    expect(found.data.papers.totalCount).toBeGreaterThan(0);
    expect(found.data.papers.edges[0].highlight.title ?? found.data.papers.edges[0].highlight.abstract).toContain('<mark>');

    const board = await post(on, leaderboard.query, JSON.parse(leaderboard.variables));
    expect(board.errors).toBeUndefined();
    const hIndexes = board.data.authors.nodes.map((author: { hIndex: number }) => author.hIndex);
    expect(hIndexes.length).toBeGreaterThan(1);
    expect(hIndexes).toEqual([...hIndexes].sort((a, b) => b - a));

    // Page one, then page two from its endCursor, as the tab's comment says.
    const variables = JSON.parse(exported.variables);
    const first = await post(on, exported.query, variables);
    expect(first.errors).toBeUndefined();
    expect(first.data.papers.pageInfo.hasNextPage).toBe(true);
    const second = await post(on, exported.query, { ...variables, after: first.data.papers.pageInfo.endCursor });
    expect(second.errors).toBeUndefined();
    const ids = [...first.data.papers.nodes, ...second.data.papers.nodes].map((paper: { id: string }) => paper.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.data.papers.nodes[0].publishedAt >= first.data.papers.nodes.at(-1).publishedAt).toBe(true);
  });

  it('offers a commented authorization line in the headers editor of every tab', () => {
    for (const tab of settingsOf(page.html).tabs) expect(tab.headers).toMatch(/^\s*\/\/ "authorization": "Bearer <your key>"$/m);
  });
});

describe('the search tab on the demo data a newcomer gets', () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    // The default DEMO_CORPUS_PAPERS: the demo profile among thousands of generated papers.
    server = await startPlaygroundServer(true, loadConfig({}).demoCorpusPapers);
  }, 240_000);
  afterAll(() => server?.close());

  it('finds first the demo paper whose title holds its words side by side', async () => {
    const { html } = await readyPage(`${server.url}/graphql`);
    const search = settingsOf(html).tabs[1];
    const { text } = JSON.parse(search.variables) as { text: string };
    const wanted = readDemoProfile().papers.filter((paper) => paper.title.toLowerCase().includes(text.toLowerCase()));
    expect(wanted).toHaveLength(1);
    const found = await post(server, search.query, { text });
    expect(found.errors).toBeUndefined();
    // Among others that hold the words apart, in shorter titles.
    expect(found.data.papers.totalCount).toBeGreaterThan(3);
    expect(found.data.papers.edges[0].node.title).toBe(wanted[0].title);
    expect(found.data.papers.edges[0].highlight.title).toContain('<mark>');
  });
});

describe('PLAYGROUND=false', () => {
  it('is read from the environment, and a value other than true or false stops the server', () => {
    expect(loadConfig({}).playground).toBe(true);
    expect(loadConfig({ PLAYGROUND: 'false' }).playground).toBe(false);
    expect(() => loadConfig({ PLAYGROUND: 'no' })).toThrow('PLAYGROUND must be true or false, got "no"');
  });

  it('turns the playground off in npm start: /playground is 404, a browser at /graphql gets a 406 saying how to ask', async () => {
    const dir = tempDir();
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'off.db'), DEMO_CORPUS_PAPERS: '0', LOG_LEVEL: 'warn', PLAYGROUND: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${port}`;
    try {
      for (let tries = 0; ; tries++) {
        try {
          if ((await fetch(`${url}/healthz`)).ok) break;
        } catch {
          // not listening yet
        }
        if (child.exitCode !== null || tries > 300) throw new Error(`the server did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const playground = await fetch(`${url}/playground`, { headers: { accept: BROWSER_ACCEPT } });
      expect(playground.status).toBe(404);
      expect(((await playground.json()) as { message: string }).message).toContain('PLAYGROUND=false');

      const visit = await fetch(`${url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
      expect(visit.status).toBe(406);
      expect(visit.headers.get('content-type')).toMatch(/^application\/json/);
      const { errors } = (await visit.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(errors[0].extensions.code).toBe('PLAYGROUND_DISABLED');
      expect(errors[0].message).toContain('content-type application/json');

      const asked = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(await asked.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
