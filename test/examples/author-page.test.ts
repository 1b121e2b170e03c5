// examples/author-page in a real browser: Debian's chromium, driven by playwright-core, opens the
// page served by `node examples/author-page/serve.mjs` (a child process, as `npm run
// example:author-page` starts it), which calls a real API server (its own process, the demo data
// and 300 generated papers) allowed in by CORS_ORIGINS. What the page shows is compared with
// seeds/author-profile.txt and with what the API answers.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../playground/support';
import { freePort } from '../support/ports';
import { tempDir } from '../support/server';
import { startProcess, type ServerProcess, until } from '../support/server-process';
import { ROOT } from './support';

jest.setTimeout(120_000);

const SERVE = path.join(ROOT, 'examples', 'author-page', 'serve.mjs');

interface SeedPaper {
  score: string;
  category: string;
  date: string;
  code: boolean;
  title: string;
  authors: string;
  abstract: string;
}

interface Seed {
  name: string;
  category: string;
  hIndex: string;
  papers: string;
  citations: string;
  novelty: string;
  aiScore: string;
  paperCount: string;
  paperList: SeedPaper[];
}

/** seeds/author-profile.txt read back into its figures: the card, then one block of three per paper. */
function readSeed(): Seed {
  const blocks = fs.readFileSync(path.join(ROOT, 'seeds', 'author-profile.txt'), 'utf8').trim().split(/\n\n/);
  const [name, card, heading, ...rest] = blocks;
  const figure = (pattern: RegExp) => {
    const match = pattern.exec(card);
    if (!match) throw new Error(`the seed's card has no ${pattern}`);
    return match[1];
  };
  const paperList: SeedPaper[] = [];
  for (let i = 0; i < rest.length; i += 3) {
    const [metaLine, title] = rest[i].split('\n');
    const meta = /^(\d+\.\d)([A-Z]*?)([A-Z][a-z]{2} \d{1,2}, \d{4})(Code)?$/.exec(metaLine);
    if (!meta) throw new Error(`unexpected paper line in the seed: ${metaLine}`);
    paperList.push({ score: meta[1], category: meta[2], date: meta[3], code: meta[4] === 'Code', title, authors: rest[i + 1], abstract: rest[i + 2] });
  }
  return {
    name,
    category: card.split('\n')[0],
    hIndex: figure(/^h-index(\d+)$/m),
    papers: figure(/^(\d+)papers$/m),
    citations: figure(/^(\d+)citations$/m),
    novelty: figure(/^Novelty(\d+%)$/m),
    aiScore: figure(/^AI Score(\d+)$/m),
    paperCount: /^(\d+) Papers$/.exec(heading)![1],
    paperList,
  };
}

const seed = readSeed();

interface Example {
  url: string;
  line: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The environment of a child: ours without the example's settings, then `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { EXAMPLE_PORT: _port, EXAMPLE_HOST: _host, API_URL: _api, ...inherited } = process.env;
  return { ...inherited, ...env };
}

/** Runs serve.mjs until it prints its start line (or exits: then rejects with its output). */
function startExample(env: Record<string, string>): Promise<Example> {
  const child = spawn(process.execPath, [SERVE], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs printed no start line in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('Author page at '));
      if (line) {
        clearTimeout(timer);
        resolve({
          url: /^Author page at (\S+)/.exec(line)![1],
          line,
          child,
          async stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`serve.mjs exited (${code}):\n${output}`), { output, code }));
    });
  });
}

/** Runs serve.mjs expecting it to stop by itself; its exit code and output. */
function runExample(env: Record<string, string>, killAfterMs = 10_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVE], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGTERM'), killAfterMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

const dirs: string[] = [];
let browser: Browser;
let api: ServerProcess; // CORS_ORIGINS lets the example's origin in
let closedApi: ServerProcess; // no CORS_ORIGINS
let example: Example; // talks to `api`
let refusedExample: Example; // talks to `closedApi`
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
  const examplePort = await freePort();
  const refusedPort = await freePort();
  const origin = `http://localhost:${examplePort}`;
  const database = () => {
    const dir = tempDir('scholargraph-author-page-');
    dirs.push(dir);
    return path.join(dir, 'test.db');
  };
  [api, closedApi] = await Promise.all([
    startProcess(database(), { CORS_ORIGINS: origin, DEMO_CORPUS_PAPERS: '300' }),
    startProcess(database(), { CORS_ORIGINS: '', DEMO_CORPUS_PAPERS: '0' }),
  ]);
  [example, refusedExample] = await Promise.all([
    startExample({ EXAMPLE_PORT: String(examplePort), API_URL: `${api.url}/graphql` }),
    startExample({ EXAMPLE_PORT: String(refusedPort), API_URL: `${closedApi.url}/graphql` }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([example?.stop(), refusedExample?.stop()]);
  for (const server of [api, closedApi]) {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
  await browser?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

/** Opens the page at `query` and waits for the card or the page's error message. */
async function open(base: string, query = ''): Promise<void> {
  await page.goto(`${base}${query}`);
  await page.waitForSelector('#card:not([hidden]), #message.error', { timeout: 30_000 });
}

async function text(selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent())!.trim();
}

async function card() {
  return {
    name: await text('#card [data-field="name"]'),
    category: await text('#card [data-field="category"]'),
    hIndex: await text('[data-stat="h-index"] .value'),
    papers: await text('[data-stat="papers"] .value'),
    citations: await text('[data-stat="citations"] .value'),
    novelty: await text('[data-stat="novelty"] .value'),
    aiScore: await text('[data-stat="ai-score"] .value'),
    paperCount: /^(\d+) Papers?$/.exec(await text('#papers-heading'))?.[1],
  };
}

/** The paper list as the page shows it, in the seed's terms. */
async function shownPapers(): Promise<SeedPaper[]> {
  return page.locator('#paper-list > li').evaluateAll((items) =>
    items.map((item) => {
      const field = (name: string) => item.querySelector(`[data-field="${name}"]`)?.textContent?.trim() ?? '';
      return {
        score: field('score'),
        category: field('category'),
        date: field('date'),
        code: item.querySelector('[data-field="code"]') !== null,
        title: field('title'),
        authors: field('authors'),
        abstract: field('abstract'),
      };
    }),
  );
}

const PROFILE = `query ($name: String!) { authors(search: $name, first: 1) { nodes {
  id name hIndex paperCount citationCount novelty aiScore primaryCategory { subjectClass }
  papers(first: 100, orderBy: { field: CITATION_COUNT, direction: DESC }) { totalCount nodes { title codeUrl authors(first: 3) { totalCount nodes { name } } } }
} } }`;

async function profileOf(name: string): Promise<any> {
  const { data } = await api.graphql(PROFILE, { name });
  return data.authors.nodes[0];
}

describe('serve.mjs', () => {
  test('prints where to open the page, which API it talks to and the CORS_ORIGINS to start the API with', () => {
    const port = new URL(example.url).port;
    expect(example.url).toBe(`http://localhost:${port}/`);
    expect(example.line).toContain(`${api.url}/graphql`);
    expect(example.line).toContain(`CORS_ORIGINS=http://localhost:${port} npm start`);
  });

  test('serves the page, and /config.js with the API_URL it was given', async () => {
    const html = await fetch(example.url);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<script type="module" src="/app.js">');
    const config = await (await fetch(new URL('/config.js', example.url))).text();
    expect(config).toContain(JSON.stringify(`${api.url}/graphql`));
    expect((await fetch(new URL('/serve.mjs', example.url))).status).toBe(404);
  });

  test('without API_URL talks to the local API at its default port; EXAMPLE_PORT defaults to 5173', async () => {
    const port = await freePort();
    const local = await startExample({ EXAMPLE_PORT: String(port) });
    try {
      expect(local.line).toContain('talking to the API at http://localhost:4000/graphql');
      const config = await (await fetch(new URL('/config.js', local.url))).text();
      expect(config).toContain('"apiUrl":"http://localhost:4000/graphql"');
    } finally {
      await local.stop();
    }
    // Without EXAMPLE_PORT: 5173, whether it is free here (the page starts there) or not (it says so).
    const result = await runExample({ API_URL: `${api.url}/graphql` }, 3_000);
    expect(result.output).toMatch(/Author page at http:\/\/localhost:5173\/|port 5173 is in use/);
  });

  test('a port in use or a bad API_URL stops it with a message that says what to change', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const inUse = await runExample({ EXAMPLE_PORT: String(busy) });
      expect(inUse.code).toBe(1);
      expect(inUse.output).toContain(`port ${busy} is in use`);
      expect(inUse.output).toContain('EXAMPLE_PORT');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const badUrl = await runExample({ EXAMPLE_PORT: String(await freePort()), API_URL: 'localhost:4000' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.output).toContain('API_URL must be');
  });
});

describe('the author page in Chromium', () => {
  test("the demo author's card shows the seed's figures", async () => {
    await open(example.url);
    expect(await card()).toEqual({
      name: seed.name,
      category: seed.category,
      hIndex: seed.hIndex,
      papers: seed.papers,
      citations: seed.citations,
      novelty: seed.novelty,
      aiScore: seed.aiScore,
      paperCount: seed.paperCount,
    });
    expect(await page.title()).toBe(`${seed.name} · ScholarGraph`);
    expect(await page.locator('#message').isHidden()).toBe(true);
  });

  test("the paper list shows the seed's papers in its order, with “et al.” where the seed has it", async () => {
    await open(example.url);
    expect(await shownPapers()).toEqual(seed.paperList);
    expect(seed.paperList.some((paper) => paper.authors.endsWith(' et al.'))).toBe(true);
    // "Code" links to the code where the API knows where it is; everything fits in one page of 20.
    const codeLinks = await page.locator('#paper-list > li').evaluateAll((items) =>
      items.map((item) => (item.querySelector('a[data-field="code"]') as unknown as { href: string } | null)?.href ?? null),
    );
    const profile = await profileOf(seed.name);
    expect(codeLinks).toEqual(profile.papers.nodes.map((paper: any) => paper.codeUrl));
    expect(codeLinks.filter(Boolean).length).toBeGreaterThan(0);
    expect(await page.locator('#more').isHidden()).toBe(true);
  });

  test('“et al.” only when a paper has more authors than the three shown', async () => {
    // An author of the generated papers with both kinds: three authors or fewer, and more.
    const { data } = await api.graphql('{ papers(first: 100) { nodes { authors(first: 3) { totalCount nodes { id name } } } } }');
    const papers = data.papers.nodes as { authors: { totalCount: number; nodes: { id: string; name: string }[] } }[];
    const small = papers.find((paper) => paper.authors.totalCount <= 3)!;
    expect(small).toBeDefined();
    const author = small.authors.nodes[0];
    await open(example.url, `?id=${encodeURIComponent(author.id)}&first=100`);
    const profile = await profileOf(author.name);
    expect(await text('#card [data-field="name"]')).toBe(author.name);
    const expected = profile.papers.nodes.map((paper: any) => paper.authors.nodes.map((a: any) => a.name).join(', ') + (paper.authors.totalCount > 3 ? ' et al.' : ''));
    expect((await shownPapers()).map((paper) => paper.authors)).toEqual(expected);
    expect(expected.some((line: string) => !line.endsWith(' et al.'))).toBe(true);
  });

  test('?name= of a co-author from the demo data renders that author', async () => {
    const coauthor = seed.paperList[0].authors.split(', ')[0]; // Fanqing Meng
    expect(coauthor).not.toBe(seed.name);
    await open(example.url, `?name=${encodeURIComponent(coauthor)}`);
    const profile = await profileOf(coauthor);
    expect(profile.name).toBe(coauthor);
    expect(await card()).toEqual({
      name: coauthor,
      category: profile.primaryCategory.subjectClass,
      hIndex: String(profile.hIndex),
      papers: String(profile.paperCount),
      citations: String(profile.citationCount),
      novelty: `${Math.round(profile.novelty * 100)}%`,
      aiScore: String(Math.round(profile.aiScore)),
      paperCount: String(profile.papers.totalCount),
    });
    expect((await shownPapers()).map((paper) => paper.title)).toEqual(profile.papers.nodes.map((paper: any) => paper.title));
  });

  test("?id= renders the author of that id; an unknown id says there is none", async () => {
    const profile = await profileOf('Qian Lin');
    await open(example.url, `?id=${encodeURIComponent(profile.id)}`);
    expect(await text('#card [data-field="name"]')).toBe('Qian Lin');
    expect(await text('[data-stat="citations"] .value')).toBe(String(profile.citationCount));

    await open(example.url, '?id=QXV0aG9yOjk5OTk5OQ');
    expect(await text('#message')).toContain('No author has the id “QXV0aG9yOjk5OTk5OQ”');
    expect(await page.locator('#card').isHidden()).toBe(true);
  });

  test('a name that matches nobody says so', async () => {
    await open(example.url, '?name=Nobody%20Xyzzyq');
    expect(await text('#message')).toBe('No author matches “Nobody Xyzzyq”. Try another name in the search box above.');
    expect(await page.locator('#card').isHidden()).toBe(true);
  });

  test('the search box opens the author typed, and suggests authors as one types', async () => {
    await open(example.url);
    await page.fill('#search-input', 'lingxiao du');
    await Promise.all([page.waitForURL(/\?name=lingxiao\+du$/), page.press('#search-input', 'Enter')]);
    await page.waitForSelector('#card:not([hidden])');
    expect(await text('#card [data-field="name"]')).toBe('Lingxiao Du');

    expect(await page.inputValue('#search-input')).toBe('lingxiao du');
    await page.fill('#search-input', '');
    await page.locator('#search-input').pressSequentially('fanq');
    const suggestion = page.locator('#suggestions a', { hasText: 'Fanqing Meng' });
    await suggestion.waitFor({ timeout: 10_000 });
    await Promise.all([page.waitForURL(/\?id=/), suggestion.click()]);
    await page.waitForSelector('#card:not([hidden])');
    expect(await text('#card [data-field="name"]')).toBe('Fanqing Meng');
  });

  test('pages of ?first=2: “More papers” asks for the next page with the last endCursor and adds its papers', async () => {
    const requests: any[] = [];
    const answers: any[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === `${api.url}/graphql`) requests.push(request.postDataJSON());
    });
    page.on('response', async (response) => {
      if (response.request().method() === 'POST' && response.url() === `${api.url}/graphql`) answers.push(await response.json());
    });
    await open(example.url, '?first=2');
    const titles = seed.paperList.map((paper) => paper.title);
    expect((await shownPapers()).map((paper) => paper.title)).toEqual(titles.slice(0, 2));
    expect(await text('#shown')).toBe(`Showing 2 of ${seed.paperCount}`);

    for (let shown = 4; shown <= titles.length; shown += 2) {
      await until(() => answers.length === requests.length, 'the answer to the last request', 30);
      const endCursor = answers.at(-1).data.authors?.nodes[0].papers.pageInfo.endCursor ?? answers.at(-1).data.author.papers.pageInfo.endCursor;
      await page.click('#more');
      await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('#paper-list > li').length === n, shown);
      expect(requests.at(-1).variables).toMatchObject({ first: 2, after: endCursor });
      expect((await shownPapers()).map((paper) => paper.title)).toEqual(titles.slice(0, shown));
    }
    expect(await page.locator('#more').isHidden()).toBe(true);
    expect(await text('#shown')).toBe(`Showing ${titles.length} of ${seed.paperCount}`);
  });

  test('against a server without CORS_ORIGINS the page says how to start it, not a blank page', async () => {
    await open(refusedExample.url);
    const origin = new URL(refusedExample.url).origin;
    const message = await text('#message.error');
    expect(message).toContain(`Could not reach the API at ${closedApi.url}/graphql`);
    expect(message).toContain(`Start it with CORS_ORIGINS=${origin} npm start`);
    expect(await page.locator('#card').isHidden()).toBe(true);
    // The API is up: the browser's refusal is the missing CORS_ORIGINS.
    expect((await fetch(`${closedApi.url}/healthz`)).ok).toBe(true);
  });
});
