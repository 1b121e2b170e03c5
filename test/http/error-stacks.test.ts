// Outside production, a stack in an answer is for the developer chasing a bug: only an
// unexpected error (INTERNAL_SERVER_ERROR) carries extensions.stacktrace. A client's mistake
// (an unknown id, a bad argument, an invalid query, a refused request) is answered by its code
// and message alone, without the server's file paths.
import { toGlobalId } from '../../src/graphql/ids';
import { startServer, type TestServer } from '../support/server';

type Answer = { errors?: { message: string; extensions?: Record<string, any> }[] };

function stacks(body: Answer): string[] {
  return (body.errors ?? []).filter((error) => error.extensions?.stacktrace !== undefined).map((error) => `${error.extensions?.code}: ${error.message}`);
}

describe('stack traces in development answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ limits: { maxDepth: 5 } });
  });
  afterAll(() => server.close());

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  it.each([
    ['NOT_FOUND', { query: 'query ($id: ID!) { author(id: $id) { name } }', variables: { id: toGlobalId('Author', 999999) } }],
    ['BAD_USER_INPUT', { query: 'query ($id: ID!) { paper(id: $id) { title } }', variables: { id: 'not-an-id' } }],
    ['BAD_USER_INPUT', { query: '{ papers(first: 1000) { totalCount } }' }],
    ['BAD_USER_INPUT', { query: 'query ($first: Int) { papers(first: $first) { totalCount } }', variables: { first: 'many' } }],
    ['GRAPHQL_VALIDATION_FAILED', { query: '{ papers(first: 1) { nosuchfield } }' }],
    ['GRAPHQL_PARSE_FAILED', { query: '{ papers(first: 2) { nodes { title }' }],
    ['PERSISTED_QUERY_NOT_FOUND', { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }],
    ['BAD_REQUEST', { variables: {} }],
  ])('%s carries no stacktrace (%j)', async (code, body) => {
    const { text } = await post(body);
    const answer = JSON.parse(text) as Answer;
    expect(answer.errors?.[0]?.extensions?.code).toBe(code);
    expect(stacks(answer)).toEqual([]);
    expect(text).not.toMatch(/\.ts:\d+|node_modules/);
  });

  it('a query too deep for MAX_DEPTH, a write without a key and a malformed body carry none either', async () => {
    const deep = await post({ query: '{ authors(first: 1) { nodes { papers(first: 1) { nodes { authors(first: 1) { nodes { papers(first: 1) { nodes { title } } } } } } } } }' });
    const write = await post({ query: 'mutation { createAuthor(name: "X") { author { id } } }' });
    const malformed = await post('{"query": ');
    const answers = [deep, write, malformed].map(({ text }) => JSON.parse(text) as Answer);
    expect(answers.map((answer) => answer.errors?.[0]?.extensions?.code)).toEqual(['DEPTH_LIMIT_EXCEEDED', 'UNAUTHENTICATED', 'BAD_REQUEST']);
    expect(answers.flatMap(stacks)).toEqual([]);
  });

  it('the CSRF refusal of a bare GET carries none', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    const text = await response.text();
    const answer = JSON.parse(text) as Answer;
    expect(answer.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
    expect(stacks(answer)).toEqual([]);
    expect(text).not.toMatch(/\.ts:\d+|node_modules/);
  });

  it('a mutation sent over GET carries none', async () => {
    const query = encodeURIComponent('mutation { createAuthor(name: "X") { author { id } } }');
    const response = await fetch(`${server.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json' } });
    const answer = (await response.json()) as Answer;
    expect(response.status).toBe(405);
    expect(stacks(answer)).toEqual([]);
  });

  it('an unexpected error still carries its stack in development', async () => {
    const broken = await startServer();
    try {
      // A fault no client can cause: the table behind every author metric is gone.
      broken.db.sqlite.exec('DROP TABLE author_metrics');
      const { body } = await broken.graphql('{ authors(first: 2) { nodes { name hIndex } } }');
      const internal = body.errors!.find((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');
      expect(internal).toBeDefined();
      expect(internal!.extensions!.stacktrace).toEqual(expect.arrayContaining([expect.stringMatching(/^\s+at /)]));
    } finally {
      await broken.close();
    }
  });

  it('answers more than 50 bad variables with BAD_USER_INPUT only, the last saying graphql-js stopped counting', async () => {
    const query = 'query ($filter: PaperFilterInput) { papers(filter: $filter, first: 1) { totalCount } }';
    const { status, text } = await post({ query, variables: { filter: { categories: Array(60).fill(null) } } });
    expect(status).toBe(400);
    const body = JSON.parse(text) as Answer;
    expect(new Set(body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(body.errors!.at(-1)!.message).toMatch(/^Too many errors processing variables/);
    expect(stacks(body)).toEqual([]);
  });
});
