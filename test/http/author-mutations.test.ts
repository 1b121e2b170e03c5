// Writing authors: create, rename, delete (detaching on request) and merging duplicates.
import { createKey } from '../../src/auth/keys';
import { servedMetricsFromScratch, startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

describe('author mutations', () => {
  let server: TestServer;
  let writer: Record<string, string>;
  beforeAll(async () => {
    server = await startServer();
    writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'w', role: 'writer' })).key}` };
  });
  afterAll(() => server.close());

  const gql = (query: string, variables?: Record<string, unknown>) => server.graphql(query, variables, writer);
  const idOf = async (name: string) => (await server.graphql('query ($q: String) { authors(search: $q) { nodes { id name } } }', { q: name })).body.data.authors.nodes.find((a: Row) => a.name === name).id;
  // Read from the served database (on PostgreSQL, server.db is the copy as filled, before these writes).
  const positions = (externalId: string) =>
    server.sql<{ name: string; position: number }>(
      'SELECT a.name, s.position FROM authorships s JOIN authors a ON a.id = s.author_id JOIN papers p ON p.id = s.paper_id WHERE p.external_id = ? ORDER BY s.position',
      externalId,
    );
  async function fromScratch(name: string) {
    const m = await servedMetricsFromScratch(server, name);
    return { paperCount: m.paperCount, citationCount: m.citationCount, hIndex: m.hIndex };
  }

  it('creates and renames an author, and refuses an external id another author has', async () => {
    const created = await gql('mutation { createAuthor(name: "Ada Lovelace", externalId: "orcid:0000-0001") { author { id name externalId paperCount } } }');
    expect(created.body.data.createAuthor.author).toMatchObject({ name: 'Ada Lovelace', externalId: 'orcid:0000-0001', paperCount: 0 });
    const id = created.body.data.createAuthor.author.id;
    const renamed = await gql('mutation ($id: ID!) { updateAuthor(id: $id, name: "Augusta Ada King") { author { id name } } }', { id });
    expect(renamed.body.data.updateAuthor.author).toEqual({ id, name: 'Augusta Ada King' });
    const clash = await gql('mutation { createAuthor(name: "Someone", externalId: "orcid:0000-0001") { author { id } } }');
    expect(clash.body.errors![0].extensions!.fields).toEqual([{ field: 'externalId', problem: 'another author has this externalId; merge the two authors instead' }]);
    const blank = await gql('mutation { createAuthor(name: "  ") { author { id } } }');
    expect(blank.body.errors![0].extensions!.fields).toEqual([{ field: 'input.name', problem: 'must not be blank' }]);
  });

  it('refuses to delete an author with papers unless asked to detach, then renumbers the author lists', async () => {
    const id = await idOf('Lingxiao Du');
    const refused = await gql('mutation ($id: ID!) { deleteAuthor(id: $id) { deletedAuthorId } }', { id });
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'detach' });
    expect((await positions('2503.07365')).slice(0, 3).map((a) => a.name)).toEqual(['Fanqing Meng', 'Lingxiao Du', 'Zongkai Liu']);
    const { body } = await gql('mutation ($id: ID!) { deleteAuthor(id: $id, detach: true) { deletedAuthorId detachedPapers { externalId authors(first: 3) { totalCount nodes { name } } } } }', { id });
    expect(body.errors).toBeUndefined();
    expect(body.data.deleteAuthor.detachedPapers.map((p: Row) => p.externalId).sort()).toEqual(['2503.07365', '2505.12504', '2505.13427']);
    const eureka = await positions('2503.07365');
    expect(eureka.slice(0, 3).map((a) => a.name)).toEqual(['Fanqing Meng', 'Zongkai Liu', 'Zhixiang Zhou']);
    expect(eureka.map((a) => a.position)).toEqual(eureka.map((_, i) => i + 1));
    const node = await server.graphql('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(node.body.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses to detach the only author of a paper', async () => {
    const solo = await gql(`mutation { createPaper(input: { title: "Solo", category: "cs.AI", publishedAt: "2024-01-01", authors: [{ name: "Lone Writer" }] }) { paper { id } } }`);
    expect(solo.body.errors).toBeUndefined();
    const id = await idOf('Lone Writer');
    const { body } = await gql('mutation ($id: ID!) { deleteAuthor(id: $id, detach: true) { deletedAuthorId } }', { id });
    expect(body.errors![0].message).toContain(solo.body.data.createPaper.paper.id);
  });

  it('merges a duplicate profile: papers move, a shared paper keeps the better position, the old id and name find the survivor', async () => {
    const zongkai = await idOf('Zongkai Liu');
    const before = await fromScratch('Zongkai Liu');
    // A duplicate profile, on one paper of its own and, at a better position, on one Zongkai is on.
    const dup = await gql('mutation { createAuthor(name: "Zhongkai Lau") { author { id } } }');
    const dupId = dup.body.data.createAuthor.author.id;
    await gql(`mutation ($dup: ID!) { createPaper(input: { title: "Duplicate's paper", category: "cs.LG", publishedAt: "2023-05-05", citationCount: 40, authors: [{ id: $dup }] }) { paper { id } } }`, { dup: dupId });
    const shared = (await server.graphql('{ paper(externalId: "2401.02244") { id authors { nodes { id } } } }')).body.data.paper;
    await gql('mutation ($id: ID!, $authors: [AuthorRefInput!]) { updatePaper(id: $id, changes: {}, authors: $authors) { paper { id } } }', {
      id: shared.id,
      authors: [{ id: dupId }, ...shared.authors.nodes.map((a: Row) => ({ id: a.id }))],
    });
    expect((await positions('2401.02244')).map((a) => a.name)).toEqual(['Zhongkai Lau', 'Qian Lin', 'Chao Yu', 'Zongkai Liu', 'Zifan Wu']);

    const { body } = await gql('mutation ($into: ID!, $from: [ID!]!) { mergeAuthors(into: $into, from: $from) { mergedAuthorIds author { id name paperCount citationCount hIndex } } }', { into: zongkai, from: [dupId] });
    expect(body.errors).toBeUndefined();
    expect(body.data.mergeAuthors.mergedAuthorIds).toEqual([dupId]);
    expect(body.data.mergeAuthors.author).toEqual({ id: zongkai, name: 'Zongkai Liu', ...(await fromScratch('Zongkai Liu')) });
    expect(body.data.mergeAuthors.author.paperCount).toBe(before.paperCount + 1);
    expect(await positions('2401.02244')).toEqual([
      { name: 'Zongkai Liu', position: 1 },
      { name: 'Qian Lin', position: 2 },
      { name: 'Chao Yu', position: 3 },
      { name: 'Zifan Wu', position: 4 },
    ]);
    const viaOldId = await server.graphql('query ($id: ID!) { node(id: $id) { id ... on Author { name } } author(id: $id) { name } }', { id: dupId });
    expect(viaOldId.body.data).toEqual({ node: { id: zongkai, name: 'Zongkai Liu' }, author: { name: 'Zongkai Liu' } });
    expect((await server.sql<{ name: string }>('SELECT name FROM author_aliases')).map((a) => a.name)).toEqual(['Zhongkai Lau']);
    // Name search still finds the survivor by the old name.
    const byOldName = await server.graphql('{ authors(search: "zhongkai lau") { nodes { id name } } }');
    expect(byOldName.body.data.authors.nodes).toContainEqual({ id: zongkai, name: 'Zongkai Liu' });
  });

  it('refuses to merge an author into themself', async () => {
    const id = await idOf('Qian Lin');
    const { body } = await gql('mutation ($id: ID!) { mergeAuthors(into: $id, from: [$id]) { mergedAuthorIds } }', { id });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
  });
});
