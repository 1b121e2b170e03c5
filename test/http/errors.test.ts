// Bad input gets a GraphQL error with an extensions.code and a message saying what to change;
// never a 500, and the rest of the answer still arrives.
import { toGlobalId } from '../../src/graphql/ids';
import { startServer, type TestServer } from '../support/server';

describe('bad input', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('answers an unknown id with null and NOT_FOUND, and still answers the rest', async () => {
    const unknown = toGlobalId('Author', 999999);
    const { status, body } = await server.graphql(`query ($id: ID!) { author(id: $id) { name } papers(first: 1) { totalCount } }`, { id: unknown });
    expect(status).toBe(200);
    expect(body.data).toEqual({ author: null, papers: { totalCount: 6 } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['author'], extensions: { code: 'NOT_FOUND' } });
    expect(body.errors![0].message).toContain(unknown);
  });

  it('says which kind of object an id of another type names', async () => {
    const paperId = (await server.graphql('{ papers(first: 1) { nodes { id } } }')).body.data.papers.nodes[0].id;
    const { body } = await server.graphql(`query ($id: ID!) { author(id: $id) { name } }`, { id: paperId });
    expect(body.data).toEqual({ author: null });
    expect(body.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(body.errors![0].message).toMatch(/id of a Paper.*paper\(id:\)/);
  });

  it.each(['not-an-id', '', '12', 'QXV0aG9yOjA', '💥'])('rejects the malformed id %j as BAD_USER_INPUT', async (id) => {
    const { status, body } = await server.graphql(`query ($id: ID!) { paper(id: $id) { title } }`, { id });
    expect(status).toBe(200);
    expect(body.data).toEqual({ paper: null });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    expect(body.errors![0].message).toContain('is not a ScholarGraph id');
  });

  it.each([1000, 101, -1])('refuses first: %d with BAD_USER_INPUT naming the limit', async (first) => {
    const { status, body } = await server.graphql(`query ($first: Int) { papers(first: $first) { totalCount nodes { title } } }`, { first });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    expect(body.errors![0].message).toContain(`between 0 and 100, got ${first}`);
  });

  it('refuses a nested first over the limit at its own path', async () => {
    const { body } = await server.graphql('{ authors(first: 1) { nodes { name papers(first: 500) { totalCount } } } }');
    expect(body.errors![0].path).toEqual(['authors', 'nodes', 0, 'papers']);
    expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED and a 400, not a 500', async () => {
    const { status, body } = await server.graphql('{ papers(first: 2) { nodes { title }');
    expect(status).toBe(400);
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors![0].message).toMatch(/Syntax Error/);
  });

  it('refuses a subscription (this API has none) as a validation error, not an internal one', async () => {
    const before = await server.statementsRun();
    const { status, body } = await server.graphql('subscription { __typename }');
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0].message).toBe('This API has no subscriptions; send a query or a mutation.');
    expect(await server.statementsRun()).toBe(before);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED naming the field', async () => {
    const { status, body } = await server.graphql('{ papers { nodes { citations } } }');
    expect(status).toBe(400);
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toContain('citations');
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['a cursor of another ordering', null],
    ['a tampered cursor', Buffer.from(JSON.stringify(['PUBLISHED_AT_DESC', 5, 'x'])).toString('base64url')],
  ])('refuses %s as `after` with BAD_USER_INPUT', async (_label, cursor) => {
    let after = cursor;
    if (after === null) {
      const byTitle = await server.graphql('{ papers(first: 1, orderBy: { field: TITLE, direction: ASC }) { pageInfo { endCursor } } }');
      after = byTitle.body.data.papers.pageInfo.endCursor;
    }
    const { status, body } = await server.graphql(`query ($after: String) { papers(first: 2, after: $after) { nodes { title } } }`, { after });
    expect(status).toBe(200);
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    expect(body.errors![0].message).toContain('pageInfo.endCursor');
  });

  it('answers a body that is not JSON with a 400', async () => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
  });
});
