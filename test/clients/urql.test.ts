// urql (@urql/core, document cache and fetch exchange) against a running server: queries go by
// GET as urql prefers, pages follow cursors, errors come as CombinedError with extensions.code,
// and a mutation's __typename invalidates the cached queries that hold that type.
import { Client, CombinedError, cacheExchange, fetchExchange } from '@urql/core';
import { toGlobalId } from '../../src/graphql/ids';
import { type TestServer } from '../support/server';
import {
  AUTHOR_CARD,
  BAD_ID,
  CATEGORY_PAGE,
  CREATE_AUTHOR,
  FIND_AUTHOR,
  NODE,
  NODES,
  PROFILE,
  RENAME,
  SEARCH,
  TOO_DEEP,
  startClientServer,
  writerKey,
} from './support';

interface Recorded {
  method: string;
  url: string;
}

/** A urql client whose requests are recorded (method and URL) on their way to the real fetch. */
function urqlClient(server: TestServer, headers: Record<string, string> = {}) {
  const requests: Recorded[] = [];
  const client = new Client({
    url: `${server.url}/graphql`,
    exchanges: [cacheExchange, fetchExchange],
    // Apollo Server's CSRF prevention refuses a GET without a header a browser form cannot send.
    fetchOptions: { headers: { 'apollo-require-preflight': 'true', ...headers } },
    fetch: (input, init) => {
      requests.push({ method: init?.method ?? 'GET', url: String(input) });
      return fetch(input, init);
    },
  });
  return { client, requests };
}

describe('urql', () => {
  let server: TestServer;
  let zongkai: string;
  beforeAll(async () => {
    server = await startClientServer();
    zongkai = (await server.graphql(FIND_AUTHOR, { name: 'Zongkai Liu' })).body.data.authors.nodes[0].id;
  });
  afterAll(() => server.close());

  it('answers the seed profile page by GET, as the server does', async () => {
    const { client, requests } = urqlClient(server);
    const result = await client.query(PROFILE, { id: zongkai }).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject((await server.graphql(PROFILE, { id: zongkai })).body.data);
    expect(result.data.author.__typename).toBe('Author');
    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('searches, and serves a repeated query from its cache', async () => {
    const { client, requests } = urqlClient(server);
    const first = await client.query(SEARCH, { text: 'multimodal reasoning', first: 3 }).toPromise();
    expect(first.data.papers.edges[0]).toMatchObject({
      highlight: { title: expect.stringContaining('<mark>') },
      node: { __typename: 'Paper', title: expect.stringMatching(/^MM-Eureka/) },
    });
    const again = await client.query(SEARCH, { text: 'multimodal reasoning', first: 3 }).toPromise();
    expect(again.data).toEqual(first.data);
    expect(requests).toHaveLength(1);
  });

  it('pages through a category with cursors: every paper once, totalCount in all', async () => {
    const { client } = urqlClient(server);
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const { data, error } = await client.query(CATEGORY_PAGE, { categories: ['cs.LG'], first: 25, after }).toPromise();
      expect(error).toBeUndefined();
      totalCount = data.papers.totalCount;
      ids.push(...data.papers.edges.map((e: { node: { id: string } }) => e.node.id));
      after = data.papers.pageInfo.hasNextPage ? data.papers.pageInfo.endCursor : null;
    } while (after !== null);
    expect(totalCount).toBeGreaterThan(25);
    expect(ids).toHaveLength(totalCount);
    expect(new Set(ids).size).toBe(totalCount);
  });

  it('looks up objects by id through the Node interface', async () => {
    const { client } = urqlClient(server);
    const { data } = await client.query(NODE, { id: zongkai }).toPromise();
    expect(data.node).toEqual({ __typename: 'Author', id: zongkai, name: 'Zongkai Liu', hIndex: 4 });
  });

  it('reports a bad argument as a CombinedError whose graphQLErrors carry extensions.code', async () => {
    const { client } = urqlClient(server);
    const { data, error } = await client.query(BAD_ID, {}).toPromise();
    expect(error).toBeInstanceOf(CombinedError);
    expect(error!.networkError).toBeUndefined();
    expect(error!.graphQLErrors.map((e) => [e.extensions.code, e.extensions.argumentName, e.path])).toEqual([['BAD_USER_INPUT', 'id', ['author']]]);
    expect(data).toEqual({ author: null });
  });

  it('keeps the answered part of a partial result beside the error at its index', async () => {
    const { client } = urqlClient(server);
    const known = toGlobalId('Paper', 1);
    const { data, error } = await client.query(NODES, { ids: [known, toGlobalId('Paper', 999_999)] }).toPromise();
    expect(data.nodes).toEqual([{ __typename: 'Paper', id: known, title: expect.stringMatching(/^MM-Eureka/) }, null]);
    expect(error!.graphQLErrors.map((e) => [e.extensions.code, e.path])).toEqual([['NOT_FOUND', ['nodes', 1]]]);
  });

  it('reads the GraphQL errors of refusals with an HTTP error status: 400 for a limit, 413 for a body too large', async () => {
    const { client } = urqlClient(server);
    const deep = await client.query(TOO_DEEP, {}).toPromise();
    expect(deep.error!.graphQLErrors.map((e) => e.extensions.code)).toEqual(['DEPTH_LIMIT_EXCEEDED']);
    expect((deep.error!.response as Response).status).toBe(400);
    const large = await client.query(SEARCH, { text: 'a'.repeat(600_000) }).toPromise();
    expect(large.error!.graphQLErrors.map((e) => e.extensions.code)).toEqual(['DOCUMENT_TOO_LARGE']);
    expect((large.error!.response as Response).status).toBe(413);
  });

  it("answers urql's default set-up, GET with no extra header: its Accept names GraphQL's media type", async () => {
    const requests: Recorded[] = [];
    const client = new Client({
      url: `${server.url}/graphql`,
      exchanges: [fetchExchange],
      fetch: (input, init) => {
        requests.push({ method: init?.method ?? 'GET', url: String(input) });
        return fetch(input, init);
      },
    });
    const { data, error } = await client.query(AUTHOR_CARD, { id: zongkai }).toPromise();
    expect(error).toBeUndefined();
    expect(data.author.name).toBe('Zongkai Liu');
    expect(requests.map((r) => r.method)).toEqual(['GET']);
    // A GET that asks for no GraphQL answer (a link, an image on another site) is still refused,
    // naming the header that lets a client through.
    const plain = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'image/*' } });
    expect(plain.status).toBe(400);
    const body = (await plain.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].message).toContain('apollo-require-preflight');
  });

  it("writes with a key; the mutation's __typename invalidates the cached queries of that type", async () => {
    const { client, requests } = urqlClient(server, { authorization: `Bearer ${await writerKey(server)}` });
    const created = await client.mutation(CREATE_AUTHOR, { name: 'Urql Test Author' }).toPromise();
    expect(created.error).toBeUndefined();
    const id = created.data.createAuthor.author.id;

    const card = () => client.query(AUTHOR_CARD, { id }).toPromise();
    expect((await card()).data.author.name).toBe('Urql Test Author');
    await card();
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(1); // the second from the cache

    const renamed = await client.mutation(RENAME, { id, name: 'Urql Renamed Author' }).toPromise();
    expect(renamed.data.updateAuthor.author).toEqual({ __typename: 'Author', id, name: 'Urql Renamed Author' });
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    // The answer named type Author: the cached card was dropped, and the query goes to the server.
    expect((await card()).data.author.name).toBe('Urql Renamed Author');
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('is refused a write without a key: UNAUTHENTICATED, HTTP 401', async () => {
    const { client } = urqlClient(server);
    const { error } = await client.mutation(CREATE_AUTHOR, { name: 'Nobody' }).toPromise();
    expect(error!.graphQLErrors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect((error!.response as Response).status).toBe(401);
  });
});
