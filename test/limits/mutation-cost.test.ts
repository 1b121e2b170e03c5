// A mutation's answer is priced by its real size: updateCitationCounts lists every paper it
// changed, so 1,000 items selecting nested pages cost 1,000 times one item's selection.
import { createApiKey } from '../../src/auth/keys';
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
    writer = { authorization: `Bearer ${createApiKey(server.db.sqlite, { name: 'cost writer', role: 'writer' }).key}` };
    ids = (await server.graphql('{ papers(first: 100) { nodes { id } } }')).body.data.papers.nodes.map((n: { id: string }) => n.id);
  });
  afterAll(() => server.close());

  const counts = () => server.db.sqlite.prepare('SELECT group_concat(citation_count) FROM papers').pluck().get();

  it('refuses 1,000 items selecting nested pages by their cost, writing nothing', async () => {
    const before = counts();
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: ids[i % ids.length], citationCount: 7 }));
    const { status, body } = await server.graphql(UPDATE, { items }, writer);
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['COST_LIMIT_EXCEEDED']);
    // 1,000 x (1 + the payload's selection: 10 x (1 + 10) for a paper's authors and their papers).
    expect(body.errors![0].message).toMatch(/^The query costs 111000, over the maximum of 50000 per request \(MAX_COST\)\. /);
    expect(counts()).toBe(before);
  });

  it('answers a few items with the same selection', async () => {
    const items = ids.slice(0, 3).map((id) => ({ id, citationCount: 9 }));
    const { status, body } = await server.graphql(UPDATE, { items }, writer);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.updateCitationCounts.papers).toHaveLength(3);
  });
});
