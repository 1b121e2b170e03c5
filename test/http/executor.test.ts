// The compiled executor (graphql-jit, GRAPHQL_EXECUTOR=jit) answers exactly as graphql-js does: two servers
// on the same database, one with each executor, asked the same requests over HTTP. The requests are
// the kinds a client sends: the README's profile page, node lookups of both types (the Node
// interface's type resolution), a search with its highlights (values that arrive as promises),
// lists, fragments, directives, aliases and introspection, and the mistakes: variables of the wrong
// type or missing, an id that names nothing, a query whose operation is not there. Each is sent
// twice to the jit server: the second answer comes from the compiled operation kept for its document.
import fs from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery, parse } from 'graphql';
import * as jitLibrary from 'graphql-jit';
import { jitGateway } from '../../src/graphql/executor';
import { createSchema } from '../../src/graphql/schema';
import { toGlobalId } from '../../src/graphql/ids';
import { startServer, type TestServer } from '../support/server';

const PROFILE = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'queries', 'author-profile.graphql'), 'utf8');

const NODE = `query NodeLookup($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Paper { title publishedAt citationCount score category { code } }
    ... on Author { name hIndex paperCount citationCount }
  }
}`;

const SEARCH = `query PaperSearch($search: String!, $withAuthors: Boolean!) {
  papers(search: $search, first: 5) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      highlight { title abstract }
      node { id title authors(first: 2) @include(if: $withAuthors) { nodes { name } } }
    }
  }
}`;

const LISTS = `fragment Card on Author { id name hIndex citationCount primaryCategory { code name } }
query Lists($category: String!) {
  top: authors(filter: { category: $category }, orderBy: { field: H_INDEX, direction: DESC }, first: 5) {
    totalCount
    nodes { ...Card coauthors(first: 2) { nodes { author { name } } } }
  }
  recent: papers(first: 3) { nodes { title publishedAt hasCode codeUrl @skip(if: true) } }
  limit: rateLimit { limit }
  __typename
}`;

async function post(server: TestServer, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

// A request id differs between any two requests; everything else of an answer must not.
const comparable = (text: string): unknown => JSON.parse(text.replace(/req-[0-9a-z]+/g, 'req-N'));

describe('the compiled executor (graphql-jit) answers as graphql-js does', () => {
  let jit: TestServer;
  let reference: TestServer;
  let author: string;
  let paper: string;
  let category: string;
  let word: string;
  beforeAll(async () => {
    jit = await startServer({ executor: 'jit' });
    reference = await startServer({ sharing: jit, executor: 'graphql-js' });
    const [row] = await jit.sql<{ id: number }>("SELECT id FROM authors WHERE name = 'Zongkai Liu'");
    author = toGlobalId('Author', row.id);
    const [first] = await jit.sql<{ id: number; category: string; title: string }>('SELECT id, category, title FROM papers WHERE category IS NOT NULL ORDER BY id LIMIT 1');
    paper = toGlobalId('Paper', first.id);
    category = first.category;
    word = first.title.split(/\W+/).find((w) => w.length > 5)!;
  });
  afterAll(async () => {
    await reference?.close();
    await jit?.close();
  });

  const cases: [string, () => unknown][] = [
    ['the profile page', () => ({ query: PROFILE, variables: { id: author } })],
    ['a node lookup of a paper', () => ({ query: NODE, variables: { id: paper } })],
    ['a node lookup of an author', () => ({ query: NODE, variables: { id: author } })],
    ['nodes of both types at once', () => ({ query: `{ nodes(ids: ["${paper}", "${author}"]) { __typename id ... on Author { name } ... on Paper { title } } }` })],
    ['a node lookup of an id that names nothing', () => ({ query: NODE, variables: { id: 'bm90aGluZw' } })],
    ['a search with highlights', () => ({ query: SEARCH, variables: { search: word, withAuthors: true } })],
    ['a search with a directive turning a field off', () => ({ query: SEARCH, variables: { search: word, withAuthors: false } })],
    ['lists with fragments, aliases and directives', () => ({ query: LISTS, variables: { category } })],
    ['introspection', () => ({ query: getIntrospectionQuery() })],
    ['a variable of the wrong type', () => ({ query: PROFILE, variables: { id: true } })],
    ['a required variable left out', () => ({ query: PROFILE, variables: {} })],
    ['an input value out of range', () => ({ query: '{ papers(first: -1) { totalCount } }' })],
    ['an operation name the document does not have', () => ({ query: PROFILE, operationName: 'Elsewhere', variables: { id: author } })],
  ];

  it.each(cases)('%s', async (_name, body) => {
    const request = body();
    const expected = await post(reference, request);
    const first = await post(jit, request);
    const again = await post(jit, request);
    expect(first.status).toBe(expected.status);
    expect(comparable(first.text)).toEqual(comparable(expected.text));
    expect(again.status).toBe(expected.status);
    expect(comparable(again.text)).toEqual(comparable(expected.text));
  });

  it('answers the mistakes as the client expects: 400 and BAD_USER_INPUT with the variable named', async () => {
    const wrong = await post(jit, { query: PROFILE, variables: { id: true } });
    expect(wrong.status).toBe(400);
    const [error] = JSON.parse(wrong.text).errors;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('$id');
  });

  it('finds the type of each node, so that the fragments of both types apply', async () => {
    const answer = JSON.parse((await post(jit, { query: `{ nodes(ids: ["${paper}", "${author}"]) { __typename ... on Author { name } ... on Paper { title } } }` })).text);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.nodes.map((node: { __typename: string }) => node.__typename)).toEqual(['Paper', 'Author']);
    expect(answer.data.nodes[1].name).toBe('Zongkai Liu');
  });
});

describe('a fault inside a resolver, under either executor', () => {
  it('reaches the client as the same error: message, code and path', async () => {
    const jit = await startServer({ executor: 'jit' });
    const reference = await startServer({ sharing: jit, executor: 'graphql-js' });
    try {
      // A fault no client can cause: the table behind every author metric is gone.
      await jit.sql('DROP TABLE author_metrics');
      const query = { query: '{ authors(first: 2) { nodes { name hIndex } } }' };
      // The stack differs by executor (it names its frames); the rest must not.
      const shown = (text: string) =>
        (comparable(text) as { errors: { extensions: Record<string, unknown> }[] }).errors.map(({ extensions: { stacktrace, ...extensions }, ...error }) => ({ ...error, extensions }));
      const expected = await post(reference, query);
      const answer = await post(jit, query);
      expect(answer.status).toBe(expected.status);
      expect(shown(answer.text)).toEqual(shown(expected.text));
      expect(shown(answer.text)[0]).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' }, message: expect.stringMatching(/author_metrics|SQLITE_ERROR|relation/) });
    } finally {
      await reference.close();
      await jit.close();
    }
  });
});

describe('the compiled operations are kept with their document', () => {
  it('compiles an operation once, however often it runs, and each operation of a document apart', async () => {
    const compile = jest.fn(jitLibrary.compileQuery);
    const { executor } = await jitGateway(await createSchema(), compile).load({ apollo: {} });
    const document = parse('query A { __typename } query B { alias: __typename }');
    const run = (operationName: string) =>
      executor!({ document, request: { operationName, variables: {} }, context: {} } as unknown as Parameters<NonNullable<typeof executor>>[0]);
    expect(await run('A')).toEqual({ data: { __typename: 'Query' } });
    expect(await run('A')).toEqual({ data: { __typename: 'Query' } });
    expect(await run('B')).toEqual({ data: { alias: 'Query' } });
    expect(await run('B')).toEqual({ data: { alias: 'Query' } });
    expect(compile).toHaveBeenCalledTimes(2);
  });
});
