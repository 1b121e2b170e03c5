// graphql-request 7 against a running server: typed documents from the typed client example,
// cursors, batches, and errors as ClientError with the HTTP status and extensions.code.
import type * as GraphQLRequest from 'graphql-request' with { 'resolution-mode': 'import' };
import { AuthorProfile, FindAuthor } from '../../examples/typed-client/src/profile';
import { toGlobalId } from '../../src/graphql/ids';
import { type TestServer } from '../support/server';
import { BAD_ID, CATEGORY_PAGE, CREATE_AUTHOR, NODE, NODES, PROFILE, RENAME, SEARCH, TOO_DEEP, startClientServer, writerKey } from './support';

// graphql-request ships CommonJS for require() but declares its types for import only.
const { ClientError, GraphQLClient } = require('graphql-request') as typeof GraphQLRequest;
type ClientError = GraphQLRequest.ClientError;
type GraphQLClient = GraphQLRequest.GraphQLClient;

async function clientError(request: Promise<unknown>): Promise<ClientError> {
  const error = await request.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClientError);
  return error as ClientError;
}

const codes = (error: ClientError) => error.response.errors?.map((e) => e.extensions?.code);

describe('graphql-request', () => {
  let server: TestServer;
  let client: GraphQLClient;
  let zongkai: string;
  beforeAll(async () => {
    server = await startClientServer();
    client = new GraphQLClient(`${server.url}/graphql`);
    zongkai = (await client.request(FindAuthor, { name: 'Zongkai Liu' })).authors.nodes[0]!.id;
  });
  afterAll(() => server.close());

  it('answers the seed profile page, typed by the generated document', async () => {
    const data = await client.request(AuthorProfile, { id: zongkai });
    // Typed: a misspelt field here would not compile.
    const author = data.author!;
    expect([author.name, author.hIndex, author.paperCount, author.citationCount, author.papers.nodes.map((p) => p.score)]).toEqual([
      'Zongkai Liu',
      4,
      6,
      229,
      [48, 21.9, 18.8, 6.4, 12.5, 14.7],
    ]);
    expect(data).toEqual((await server.graphql(PROFILE, { id: zongkai })).body.data);
  });

  it("sends a query by GET when asked, with no extra header: its Accept names GraphQL's media type", async () => {
    const get = new GraphQLClient(`${server.url}/graphql`, { method: 'GET' });
    const data = await get.request<{ node: { name: string } }>(NODE, { id: zongkai });
    expect(data.node).toEqual({ __typename: 'Author', id: zongkai, name: 'Zongkai Liu', hIndex: 4 });
  });

  it('searches and pages with cursors: every paper of the category once', async () => {
    const search = await client.request<{ papers: { totalCount: number; edges: { node: { title: string } }[] } }>(SEARCH, { text: 'multimodal reasoning', first: 3 });
    expect(search.papers.edges[0].node.title).toMatch(/^MM-Eureka/);

    type Page = { papers: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const ids: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page: Page = await client.request<Page>(CATEGORY_PAGE, { categories: ['cs.LG'], first: 40, after });
      total = page.papers.totalCount;
      ids.push(...page.papers.edges.map((e) => e.node.id));
      after = page.papers.pageInfo.hasNextPage ? page.papers.pageInfo.endCursor : null;
    } while (after !== null);
    expect(total).toBeGreaterThan(40);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toHaveLength(total);
  });

  it('sends a batch and gets the answers in order', async () => {
    const answers = await client.batchRequests([
      { document: NODE, variables: { id: zongkai } },
      { document: NODE, variables: { id: toGlobalId('Paper', 1) } },
    ]);
    expect(answers.map((a) => (a.data as { node: { __typename: string } }).node.__typename)).toEqual(['Author', 'Paper']);
  });

  it('throws ClientError with the status and extensions.code of a bad argument, a refused limit and a large body', async () => {
    const bad = await clientError(client.request(BAD_ID));
    expect([bad.response.status, codes(bad), bad.response.errors?.[0].extensions?.argumentName]).toEqual([200, ['BAD_USER_INPUT'], 'id']);
    const deep = await clientError(client.request(TOO_DEEP));
    expect([deep.response.status, codes(deep)]).toEqual([400, ['DEPTH_LIMIT_EXCEEDED']]);
    const large = await clientError(client.request(SEARCH, { text: 'a'.repeat(600_000) }));
    expect([large.response.status, codes(large)]).toEqual([413, ['DOCUMENT_TOO_LARGE']]);
  });

  it('returns the answered part and the errors of a partial result with errorPolicy "all"', async () => {
    const lenient = new GraphQLClient(`${server.url}/graphql`, { errorPolicy: 'all' });
    const known = toGlobalId('Paper', 1);
    const { data, errors } = await lenient.rawRequest<{ nodes: unknown[] }>(NODES, { ids: [known, toGlobalId('Paper', 999_999)] });
    expect(data.nodes).toEqual([{ __typename: 'Paper', id: known, title: expect.stringMatching(/^MM-Eureka/) }, null]);
    expect(errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['NOT_FOUND', ['nodes', 1]]]);
  });

  it('writes with a key, and is refused without one (401, UNAUTHENTICATED)', async () => {
    const writer = new GraphQLClient(`${server.url}/graphql`, { headers: { authorization: `Bearer ${await writerKey(server)}` } });
    const created = await writer.request<{ createAuthor: { author: { id: string } } }>(CREATE_AUTHOR, { name: 'Request Test Author' });
    const renamed = await writer.request<{ updateAuthor: { author: unknown } }>(RENAME, { id: created.createAuthor.author.id, name: 'Request Renamed' });
    expect(renamed.updateAuthor.author).toEqual({ id: created.createAuthor.author.id, name: 'Request Renamed' });
    const refused = await clientError(client.request(CREATE_AUTHOR, { name: 'Nobody' }));
    expect([refused.response.status, codes(refused)]).toEqual([401, ['UNAUTHENTICATED']]);
  });

  it('sees the rate limit refuse with 429, RATE_LIMITED and a Retry-After header', async () => {
    const limited = await startClientServer({ rateLimitPoints: 30, maxCost: 30 });
    try {
      const small = new GraphQLClient(`${limited.url}/graphql`);
      const page = { categories: ['cs.LG'], first: 20 };
      await small.request(CATEGORY_PAGE, page);
      const refused = await clientError(small.request(CATEGORY_PAGE, page));
      expect([refused.response.status, codes(refused)]).toEqual([429, ['RATE_LIMITED']]);
      expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
