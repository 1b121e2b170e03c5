// Global ids: every id the API hands out comes back through node(id:) and nodes(ids:), and
// objects are found by their external ids.
import { startServer, type TestServer } from '../support/server';

describe('global identity', () => {
  let server: TestServer;
  let authorId: string;
  let paperId: string;
  beforeAll(async () => {
    server = await startServer();
    const { body } = await server.graphql('{ authors(search: "Zongkai Liu") { nodes { id papers(first: 1, orderBy: { field: CITATION_COUNT }) { nodes { id } } } } }');
    authorId = body.data.authors.nodes[0].id;
    paperId = body.data.authors.nodes[0].papers.nodes[0].id;
  });
  afterAll(() => server.close());

  it('resolves an author id and a paper id through node(id:), typed', async () => {
    const query = `query ($id: ID!) { node(id: $id) { __typename id ... on Author { name } ... on Paper { title } } }`;
    const author = await server.graphql(query, { id: authorId });
    const paper = await server.graphql(query, { id: paperId });
    expect(author.body.data.node).toEqual({ __typename: 'Author', id: authorId, name: 'Zongkai Liu' });
    expect(paper.body.data.node).toMatchObject({ __typename: 'Paper', id: paperId, title: expect.stringMatching(/^MM-Eureka/) });
  });

  it('keeps ids stable across servers on the same file', async () => {
    const again = await startServer({ sharing: server });
    const { body } = await again.graphql(`query ($id: ID!) { node(id: $id) { ... on Author { name } } }`, { id: authorId });
    await again.close();
    expect(body.data.node).toEqual({ name: 'Zongkai Liu' });
  });

  it('answers nodes(ids:) in order, with null and its own NOT_FOUND error for each unknown or malformed id', async () => {
    const { status, body } = await server.graphql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [paperId, 'garbage', authorId, 'QXV0aG9yOjk5OTk5OQ'],
    });
    expect(status).toBe(200);
    expect(body.data.nodes).toEqual([{ id: paperId }, null, { id: authorId }, null]);
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [['nodes', 1], 'NOT_FOUND'],
      [['nodes', 3], 'NOT_FOUND'],
    ]);
  });

  it('refuses more than 100 ids at once', async () => {
    const ids = Array.from({ length: 101 }, () => authorId);
    const { body } = await server.graphql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'ids' });
    expect(body.errors![0].message).toContain('at most 100');
  });

  it('finds a paper by its arXiv id and says when none has it', async () => {
    const { body } = await server.graphql(`{ found: paper(externalId: "2503.07365") { id title } missing: paper(externalId: "0000.00000") { id } }`);
    expect(body.data.found).toEqual({ id: paperId, title: expect.stringMatching(/^MM-Eureka/) });
    expect(body.data.missing).toBeNull();
    expect(body.errors![0]).toMatchObject({ path: ['missing'], extensions: { code: 'NOT_FOUND' } });
    expect(body.errors![0].message).toContain('externalId "0000.00000"');
  });

  it('finds an author by external id', async () => {
    await server.sql("UPDATE authors SET external_id = 'https://orcid.org/0000-0002-1825-0097' WHERE name = 'Qian Lin'");
    const { body } = await server.graphql('{ author(externalId: "https://orcid.org/0000-0002-1825-0097") { name paperCount } }');
    expect(body.data.author).toEqual({ name: 'Qian Lin', paperCount: 3 });
  });

  it('asks for exactly one of id and externalId', async () => {
    const none = await server.graphql('{ paper { title } }');
    const both = await server.graphql(`query ($id: ID) { paper(id: $id, externalId: "2503.07365") { title } }`, { id: paperId });
    for (const { body } of [none, both]) {
      expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0].message).toBe('Pass exactly one of `id` and `externalId`.');
    }
  });
});
