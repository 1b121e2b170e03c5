// The playground in a real browser: Debian's chromium, driven by playwright-core, against a real
// server over the demo database. A user opens http://<server>/graphql, finds the example tabs,
// types a query, runs it with the keyboard and reads the answer; nothing leaves the server.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createKey } from '../../src/auth/keys';
import { exampleTabs } from '../../src/playground/examples';
import { sqliteStore } from '../../src/store';
import { CHROMIUM_ARGS, type PlaygroundServer, requireChromium, startPlaygroundServer } from './support';

// Each step waits for a real browser on a machine that may be busy with other tests.
jest.setTimeout(120_000);

const EXAMPLES = ['AuthorProfile', 'SearchPapers', 'Leaderboard', 'ExportPapers'];
// The first visit after an install may build the bundle first (the page reloads until it is ready).
const FIRST_LOAD_MS = 180_000;

/** The text of one of GraphiQL's Monaco editors, by the file name GraphiQL gives its model. */
function editorText(page: Page, file: 'response.json' | 'operation.graphql' | 'request-headers.json'): Promise<string> {
  return page.evaluate((name) => {
    const monaco = (globalThis as any).__MONACO;
    const models = monaco.editor.getModels().filter((model: any) => model.uri.path.endsWith(name));
    // Each tab has its own models; the visible editor shows the last one attached.
    const shown = monaco.editor.getEditors().map((editor: any) => editor.getModel()).filter((model: any) => models.includes(model));
    return (shown[0] ?? models[0])?.getValue() ?? '';
  }, file);
}

/** Waits for the response pane to show an answer other than `previous`, and parses it. */
async function nextResponse(page: Page, previous: string): Promise<any> {
  await page.waitForFunction(
    (before) => {
      const monaco = (globalThis as any).__MONACO;
      const value = monaco.editor
        .getEditors()
        .map((editor: any) => editor.getModel())
        .find((model: any) => model?.uri.path.endsWith('response.json'))
        ?.getValue();
      return typeof value === 'string' && value.trim() !== '' && value !== before;
    },
    previous,
    { timeout: 30_000 },
  );
  return JSON.parse(await editorText(page, 'response.json'));
}

/** Replaces the text of the visible editor inside `container` by typing, as a user would. */
async function typeInto(page: Page, container: string, text: string): Promise<void> {
  await page.locator(`${container} .graphiql-editor:not(.hidden) .monaco-editor .view-lines`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

async function run(page: Page): Promise<any> {
  const before = await editorText(page, 'response.json');
  await page.locator('.graphiql-query-editor .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Enter');
  return nextResponse(page, before);
}

/** What the response pane shows, as text (Monaco draws spaces as no-break spaces). */
async function shownResponse(page: Page): Promise<string> {
  return (await page.locator('.graphiql-response .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

async function graphqlOf(server: PlaygroundServer, query: string, variables?: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the playground in a real browser', () => {
  let server: PlaygroundServer;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const failed: string[] = [];
  const consoleErrors: string[] = [];
  let loadMs = 0;

  beforeAll(async () => {
    server = await startPlaygroundServer(true);
    // A new context is a fresh profile: no tabs remembered from an earlier visit.
    context = await browser.newContext();
    context.on('request', (request) => requested.push(request.url()));
    context.on('requestfailed', (request) => {
      // ERR_ABORTED: the browser dropped the request itself (the reload below cuts the first load short).
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${request.url()}: ${request.failure()?.errorText}`);
    });
    context.on('response', (response) => {
      // GraphQL answers carry their own errors (a refused write is a 401); the files may not fail.
      if (response.status() >= 400 && response.request().method() !== 'POST') failed.push(`${response.url()}: HTTP ${response.status()}`);
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    await page.goto(`${server.url}/graphql`);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: FIRST_LOAD_MS });
    // Once the bundle is there: a page load as users see it, from navigation to a working editor.
    const started = performance.now();
    await page.reload();
    await page.locator('.graphiql-query-editor .monaco-editor .view-lines').waitFor();
    loadMs = performance.now() - started;
  }, FIRST_LOAD_MS + 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    console.log(`playground page load (navigation to a working editor, bundle cached): ${Math.round(loadMs)} ms`);
  });

  it('opens at /graphql with a tab for each example', async () => {
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(EXAMPLES);
  });

  it("runs the profile tab as it opens, showing the demo author's card", async () => {
    // As a newcomer does: Ctrl-Enter on the page as it opened, no tab clicked first.
    const answer = await run(page);
    const [tab] = await exampleTabs(sqliteStore(server.db));
    expect(answer).toEqual(await graphqlOf(server, tab.query, JSON.parse(tab.variables)));
    expect(answer.data.author.papers.nodes.length).toBe(answer.data.author.paperCount);
    expect(await shownResponse(page)).toContain(`"name": "${answer.data.author.name}"`);
  });

  it('runs the profile tab on a first visit, in a fresh profile, as the page opens', async () => {
    // The page above was reloaded, so GraphiQL had stored its tabs; a first visit has none.
    const fresh = await browser.newContext();
    try {
      const first = await fresh.newPage();
      await first.goto(`${server.url}/graphql`);
      await first.locator('.graphiql-query-editor .monaco-editor .view-lines').waitFor({ timeout: FIRST_LOAD_MS });
      const answer = await run(first);
      expect(answer.errors).toBeUndefined();
      const [tab] = await exampleTabs(sqliteStore(server.db));
      expect(answer).toEqual(await graphqlOf(server, tab.query, JSON.parse(tab.variables)));
      // Still one tab per example: the opening tab was found, not added.
      expect(await first.locator('.graphiql-tab').allInnerTexts()).toEqual(EXAMPLES);
    } finally {
      await fresh.close();
    }
  }, FIRST_LOAD_MS + 30_000);

  it('shows each example whole, nothing cut on the right or at the bottom, on a 1400×900 screen in a fresh profile', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const first = await fresh.newPage();
      await first.goto(`${server.url}/graphql`);
      const tabs = await exampleTabs(sqliteStore(server.db));
      for (const [index, name] of EXAMPLES.entries()) {
        await first.locator('.graphiql-tab', { hasText: name }).click();
        await first.locator('.graphiql-query-editor .monaco-editor .view-lines').waitFor({ timeout: FIRST_LOAD_MS });
        await first.waitForFunction((text) => {
          const document = (globalThis as any).document;
          const lines: any[] = [...document.querySelectorAll('.graphiql-query-editor .monaco-editor .view-line')];
          return lines.some((line: any) => (line.textContent ?? '').replace(/\u00a0/g, ' ').trim() === text);
        }, tabs[index].query.split('\n').find((line) => line.startsWith('query '))!.trim());
        // The lines drawn whole: inside the editor's box, left of its toolbar (the run button).
        const whole = await first.evaluate(() => {
          const document = (globalThis as any).document;
          const editor = document.querySelector('.graphiql-query-editor .monaco-editor')!;
          const box = editor.querySelector('.overflow-guard')!.getBoundingClientRect();
          const toolbar = document.querySelector('.graphiql-toolbar')?.getBoundingClientRect();
          const right = Math.min(box.right, toolbar?.left ?? Infinity);
          return ([...editor.querySelectorAll('.view-line')] as any[]).flatMap((line): string[] => {
            const range = document.createRange();
            range.selectNodeContents(line);
            const text = range.getBoundingClientRect();
            const row = line.getBoundingClientRect();
            return row.bottom <= box.bottom + 0.5 && text.right <= right + 0.5 ? [(line.textContent ?? '').replace(/\u00a0/g, ' ')] : [];
          });
        });
        const lines = tabs[index].query.split('\n').filter((line) => line.trim() !== '');
        expect(whole.filter((line) => line.trim() !== '')).toEqual(lines);
      }
    } finally {
      await fresh.close();
    }
  }, FIRST_LOAD_MS + 60_000);

  it('runs a query typed into a new tab and shows its answer', async () => {
    const query = '{ authors(first: 3, orderBy: { field: CITATION_COUNT, direction: DESC }) { nodes { name citationCount hIndex } } }';
    await page.getByRole('button', { name: 'New tab' }).click();
    await typeInto(page, '.graphiql-query-editor', query);
    expect((await editorText(page, 'operation.graphql')).replace(/\s+/g, ' ')).toBe(query);

    const answer = await run(page);
    const expected = (await graphqlOf(server, query)) as { data: { authors: { nodes: { name: string }[] } } };
    expect(answer).toEqual(expected);
    expect(expected.data.authors.nodes).toHaveLength(3);
    expect(await shownResponse(page)).toContain(`"name": "${expected.data.authors.nodes[0].name}"`);
  });

  it('runs a query pasted over another and run at once, under its own operation name', async () => {
    // GraphiQL reads the operation's name a moment after the text changes: Ctrl-Enter right after
    // a paste would send the previous query's name with the new query.
    await page.locator('.graphiql-tab', { hasText: 'AuthorProfile' }).click();
    await page.locator('.graphiql-query-editor .graphiql-editor:not(.hidden) .monaco-editor .view-lines').click();
    const before = await editorText(page, 'response.json');
    const query = '{ authors(first: 2, orderBy: { field: H_INDEX, direction: DESC }) { nodes { name hIndex } } }';
    // The whole text at once, as a paste puts it (typed keys would let GraphiQL catch up).
    await page.evaluate((text) => {
      const monaco = (globalThis as any).__MONACO;
      const editor = monaco.editor.getEditors().find((e: any) => e.hasTextFocus());
      editor.executeEdits('paste', [{ range: editor.getModel().getFullModelRange(), text }]);
    }, query);
    await page.keyboard.press('Control+Enter');
    const answer = await nextResponse(page, before);
    expect(answer).toEqual(await graphqlOf(server, query));
    expect(answer.data.authors.nodes).toHaveLength(2);
  });

  it('sends the key entered in the headers editor, so that a write goes through', async () => {
    const name = `Playground Tester ${Date.now()}`;
    await page.getByRole('button', { name: 'New tab' }).click();
    await typeInto(page, '.graphiql-query-editor', `mutation { createAuthor(name: "${name}") { author { name paperCount } } }`);

    // The headers as the tab opens: the key line is a comment, so the write is refused.
    const refused = await run(page);
    expect(refused.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const { key } = await createKey(sqliteStore(server.db), { name: 'playground test', role: 'writer' });
    await page.getByRole('button', { name: 'Headers' }).click();
    await typeInto(page, '.graphiql-editor-tool', `{"authorization": "Bearer ${key}"}`);
    const written = await run(page);
    expect(written).toEqual({ data: { createAuthor: { author: { name, paperCount: 0 } } } });
    const found = (await graphqlOf(server, 'query ($name: String) { authors(search: $name) { nodes { name } } }', { name })) as any;
    expect(found.data.authors.nodes).toEqual([{ name }]);
  });

  it('opens the documentation explorer on the schema', async () => {
    const introspected = (await graphqlOf(server, '{ __type(name: "Query") { description fields { name } } }')) as any;
    const typeLink = (name: string) => explorer.locator('a.graphiql-doc-explorer-type-name', { hasText: new RegExp(`^${name}$`) }).first();
    const explorer = page.locator('.graphiql-doc-explorer');
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await typeLink('Query').click();
    await page.locator('.graphiql-doc-explorer-title', { hasText: /^Query$/ }).waitFor();
    const shown = await explorer.innerText();
    // The description is Markdown: `code` spans show without their backticks.
    expect(shown).toContain(introspected.data.__type.description.replace(/`/g, ''));
    for (const { name } of introspected.data.__type.fields) expect(shown).toMatch(new RegExp(`^${name}[(:]`, 'm'));

    await typeLink('AuthorConnection').click();
    await page.locator('.graphiql-doc-explorer-title', { hasText: /^AuthorConnection$/ }).waitFor();
    expect(await explorer.innerText()).toMatch(/^totalCount: Int!$/m);
  });

  it('asked nothing of any other host, loaded Monaco’s workers from the server and logged no error', () => {
    const origin = new URL(server.url).origin;
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    const workers = requested.map((url) => /\/playground\/assets\/(\w+)\.worker-\w+\.js$/.exec(url)?.[1]).filter(Boolean);
    expect(new Set(workers)).toEqual(new Set(['editor', 'json', 'graphql']));
    expect(failed).toEqual([]);
    // Chromium logs every 4xx answer to a fetch: the write refused on purpose above is one.
    const refusedWrite = `Failed to load resource: the server responded with a status of 401 (Unauthorized) (${server.url}/graphql)`;
    expect(consoleErrors.filter((error) => error !== refusedWrite)).toEqual([]);
  });
});

describe('the playground turned off, in a real browser', () => {
  it('shows no playground: /graphql tells the browser how to send a GraphQL request instead', async () => {
    const server = await startPlaygroundServer(false);
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${server.url}/graphql`);
      expect(response!.status()).toBe(406);
      expect(response!.headers()['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(await page.locator('body').innerText()).errors[0]).toMatchObject({
        message: expect.stringContaining('PLAYGROUND=false'),
        extensions: { code: 'PLAYGROUND_DISABLED' },
      });
      expect(await page.locator('.graphiql-container').count()).toBe(0);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
