// A mutation's answer is priced by its real size: updateCitationCounts lists every paper it
// changed, so 1,000 items selecting nested pages cost 1,000 times one item's selection.
import { createKey } from '../../src/auth/keys';

import { startServer, type TestServer } from '../support/server';

const UPDATE = `mutation ($items: [CitationCountInput!]!) { updateCitationCounts(items: $items) {
  papers { title authors(first: 10) { nodes { name papers(first: 10) { nodes { title } } } } }
  authors { name } } }`;

describe('the cost of a mutation answer', () => {
  let server: TestServer;
  let writer: Record<string, string>;
  let ids: string[];
  beforeAll(async () => {
    server = await startServer();
    writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'cost writer', role: 'writer' })).key}` };
    ids = (await server.graphql('{ papers(first: 100) { nodes { id } } }')).body.data.papers.nodes.map((n: { id: string }) => n.id);
  });
  afterAll(() => server.close());

  // The tables' sizes as the server prices by them: the store's bounds (on SQLite the largest
  // rowids, on PostgreSQL the authorships the table's pages could hold).
  const sizes = () => server.store.tableSizes();
  const cost = async (query: string, variables: Record<string, unknown>) => {
    const { headers } = await server.graphql(query, variables, writer);
    return Number(headers.get('x-ratelimit-used'));
  };
  // Read from the served database (on PostgreSQL, server.db is the copy as filled, before these writes).
  const counts = () => server.sql<{ id: number; citationCount: number }>('SELECT id, citation_count AS "citationCount" FROM papers ORDER BY id');

  it('refuses 1,000 items selecting nested pages by their cost, writing nothing', async () => {
    const before = await counts();
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: ids[i % ids.length], citationCount: 7 }));
    const { status, body } = await server.graphql(UPDATE, { items }, writer);
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['COST_LIMIT_EXCEEDED']);
    // 1,000 papers x (1 + the selection: 10 x (1 + 10) for a paper's authors and their papers),
    // and their authors, as many as 1,000 papers have on average (the tables' sizes), 1 each.
    const { papers, authorships } = await sizes();
    const cost = 1000 * 111 + Math.round((1000 * authorships) / papers);
    expect(body.errors![0].message).toMatch(new RegExp(`^The query costs ${cost}, over the maximum of 50000 per request \\(MAX_COST\\)\\. `));
    expect(await counts()).toEqual(before);
  });

  it('answers a few items with the same selection', async () => {
    const items = ids.slice(0, 3).map((id) => ({ id, citationCount: 9 }));
    const { status, body } = await server.graphql(UPDATE, { items }, writer);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.updateCitationCounts.papers).toHaveLength(3);
  });

  it('prices the authors a paper write answers by the authors it lists', async () => {
    const before = await cost('{ __typename }', {});
    const input = { title: 'Priced by its authors', abstract: 'A paper.', publishedAt: '2026-01-02', authors: Array.from({ length: 40 }, (_, i) => ({ name: `Priced Author ${i}` })) };
    const used = await cost('mutation ($input: PaperInput!) { createPaper(input: $input) { paper { id } authors { name papers(first: 10) { nodes { title } } } } }', { input });
    // 40 authors x (1 + 10 papers): the write answered 40 authors, each with a page of papers.
    expect(used - before).toBe(40 * 11);
  });
});
