// The attacks of issue 6, each refused before anything runs (no SQL statement counted), with
// its own code, status and a message naming the limit and the value; and the API answering
// normal queries right after.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type TestServer } from '../support/server';

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

// The client's rate-limit points left after the latest answer.
let remaining: string | null = null;

async function post(body: string): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body });
  remaining = response.headers.get('x-ratelimit-remaining');
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const query = (text: string) => JSON.stringify({ query: text });
const repeat = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join(' ');

/** author → papers → authors → papers ... down to `name`, `levels` fields deep. */
function chain(levels: number): string {
  let selection = 'name';
  for (let depth = 2; depth < levels; depth += 4) selection = `papers { nodes { authors { nodes { ${selection} } } } }`;
  return `{ author(externalId: "x") { ${selection} } }`;
}

/** The answer, after checking that it ran no SQL statement and spent no rate-limit points. */
async function refused(body: string): Promise<Answer> {
  const [statements, points] = [await server.statementsRun(), remaining ?? '100000'];
  const answer = await post(body);
  expect(await server.statementsRun()).toBe(statements);
  expect(answer.headers.get('x-ratelimit-remaining')).toBe(points);
  return answer;
}

const NORMAL = '{ papers(first: 2, orderBy: { field: CITATION_COUNT, direction: DESC }) { nodes { title } } }';

async function stillAnswers(): Promise<void> {
  const { status, body } = await post(query(NORMAL));
  expect(status).toBe(200);
  expect(body.data.papers.nodes).toHaveLength(2);
}

describe('attacks', () => {
  it('refuses 1,000 aliases', async () => {
    const { status, body } = await refused(query(`{ papers(first: 1) { nodes { ${repeat(1000, (i) => `a${i}: title`)} } } }`));
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('ALIAS_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toMatch(/^The operation has 1000 aliases, over the maximum of 30 \(MAX_ALIASES\)\. /);
    await stillAnswers();
  });

  it('counts __typename aliases as any other: 1,600 of them are refused, a plain __typename is not an alias', async () => {
    const { status, body } = await refused(query(`{ ${repeat(1600, (i) => `t${i}: __typename`)} }`));
    expect(status).toBe(400);
    expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['ALIAS_LIMIT_EXCEEDED']);
    expect(body.errors[0].message).toMatch(/^The operation has 1600 aliases, over the maximum of 30 \(MAX_ALIASES\)\. /);
    const plain = await post(query('{ __typename papers(first: 1) { __typename nodes { __typename title } } }'));
    expect(plain.status).toBe(200);
    expect(plain.body.data.__typename).toBe('Query');
    await stillAnswers();
  });

  it('refuses a depth-50 author → papers → authors chain', async () => {
    const { status, body } = await refused(query(chain(50)));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('DEPTH_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toMatch(/^Query depth 50 exceeds the maximum of 20 \(MAX_DEPTH\)\. /);
    await stillAnswers();
  });

  it('refuses circular fragments (the GraphQL rule against them)', async () => {
    const { status, body } = await refused(
      query(`{ author(externalId: "x") { ...A } }
        fragment A on Author { papers { nodes { authors { nodes { ...B } } } } }
        fragment B on Author { name ...A }`),
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toBe('Cannot spread fragment "A" within itself via "B".');
    await stillAnswers();
  });

  it('refuses 10,000 duplicated fields by their tokens, before parsing them all', async () => {
    const { status, body } = await refused(query(`{ papers(first: 1) { nodes { ${repeat(10_000, () => 'title')} } } }`));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('TOKEN_LIMIT_EXCEEDED');
    // { papers ( first : 1 ) { nodes { ... } } }: 13 tokens around the 10,000.
    expect(body.errors[0].message).toMatch(/^The document has 10013 tokens, over the maximum of 5000 \(MAX_TOKENS\)\. /);
    await stillAnswers();
  });

  it('refuses a 1 MB document with 413', async () => {
    const megabyte = query(`{ papers { nodes { title } } } # ${'x'.repeat(1_000_000)}`);
    const { status, body } = await refused(megabyte);
    expect(status).toBe(413);
    expect(body.errors[0].extensions.code).toBe('DOCUMENT_TOO_LARGE');
    expect(body.errors[0].message).toMatch(
      new RegExp(`^The request body has ${megabyte.length} bytes, over the maximum of 524288 \\(MAX_BODY_BYTES\\)\\. `),
    );
    await stillAnswers();
  });

  it('refuses 500 directives', async () => {
    const { status, body } = await refused(query(`{ papers(first: 1) { nodes { ${repeat(500, () => 'title @include(if: true)')} } } }`));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('DIRECTIVE_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toMatch(/^The operation has 500 directives, over the maximum of 50 \(MAX_DIRECTIVES\)\. /);
    await stillAnswers();
  });

  it('refuses a batch of 1,000 operations', async () => {
    const { status, body } = await refused(JSON.stringify(Array.from({ length: 1000 }, () => ({ query: NORMAL }))));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BATCH_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toBe(
      'The request is a batch of 1000 operations, over the maximum of 10 (MAX_BATCH). Send at most 10 operations per request.',
    );
    await stillAnswers();
  });

  it('refuses three nested pages of 100 by their cost', async () => {
    const { status, body } = await refused(
      query('{ authors(first: 100) { nodes { papers(first: 100) { nodes { authors(first: 100) { nodes { name } } } } } } }'),
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toMatch(/^The query costs 1010100, over the maximum of 50000 per request \(MAX_COST\)\. /);
    await stillAnswers();
  });

  it('refuses fragments that double at each level (2^14 copies of a field)', async () => {
    const fragments = repeat(14, (i) => `fragment f${i + 1} on Query { ...f${i} ...f${i} }`);
    const { status, body } = await refused(query(`{ ...f14 } fragment f0 on Query { papers(first: 1) { totalCount } } ${fragments}`));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toContain('more than 10000 fields once its fragments are spread out');
    await stillAnswers();
  });

  it('answers a query string too long for a URL with 431, in GraphQL shape', async () => {
    const long = `{ papers { nodes { title } } } # ${'x'.repeat(20_000)}`;
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent(long)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(431);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('DOCUMENT_TOO_LARGE');
    expect(body.errors[0].message).toContain('Send a long GraphQL document in the body of a POST request (up to 524288 bytes');
    await stillAnswers();
  });

  it('still answers the README profile query and the nested query of the batching test', async () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const profile = /<!-- profile-query -->\s*```graphql\n([\s\S]*?)```/.exec(readme)![1];
    const { id } = (await server.graphql('{ authors(search: "Zongkai Liu") { nodes { id } } }')).body.data.authors.nodes[0];
    const card = await server.graphql(profile, { id });
    expect(card.body.errors).toBeUndefined();
    expect(card.body.data.author).toMatchObject({ name: 'Zongkai Liu', hIndex: 4, paperCount: 6 });
    const nested = `{ authors(first: 100) { nodes { name hIndex citationCount
      papers(first: 10) { totalCount nodes { title authors(first: 3) { totalCount nodes { name } } } }
      coauthors(first: 5) { edges { sharedPaperCount node { name hIndex } } } } } }`;
    const { status, body } = await post(query(nested));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.authors.nodes.length).toBeGreaterThan(0);
  });
});
