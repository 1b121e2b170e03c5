// Writing papers through the API: keys and roles, validation that writes nothing, and answers
// that carry the changed objects with their recomputed metrics.
import { createKey } from '../../src/auth/keys';
import { servedMetricsFromScratch, startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

const CREATE = `mutation ($input: PaperInput!) { createPaper(input: $input) {
  created paper { id title category { code } publishedAt hasCode codeUrl authors { nodes { name } } }
  authors { name paperCount citationCount hIndex } } }`;

describe('paper mutations', () => {
  let server: TestServer;
  let writer: Record<string, string>;
  let reader: Record<string, string>;
  let zongkai: string;
  beforeAll(async () => {
    server = await startServer();
    writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'test writer', role: 'writer' })).key}` };
    reader = { authorization: `Bearer ${(await createKey(server.store, { name: 'test reader', role: 'reader' })).key}` };
    zongkai = (await server.graphql('{ authors(search: "Zongkai Liu") { nodes { id } } }')).body.data.authors.nodes[0].id;
  });
  afterAll(() => server.close());

  // Read from the served database (on PostgreSQL, server.db is the copy as filled, before these writes).
  const count = async (table: string) => (await server.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n;
  const citationsOf = async (externalId: string) =>
    (await server.sql<{ c: number }>('SELECT citation_count AS c FROM papers WHERE external_id = ?', externalId))[0].c;
  const newPaper = (extra: Row = {}) => ({
    title: 'Scaling Offline RL',
    category: 'cs.LG',
    publishedAt: '2025-06-01',
    citationCount: 50,
    codeUrl: 'https://github.com/example/scaling',
    authors: [{ id: zongkai }, { name: 'New Coauthor' }],
    ...extra,
  });

  /** Metrics of an author computed from scratch from the tables. */
  async function fromScratch(name: string) {
    const m = await servedMetricsFromScratch(server, name);
    return { name, paperCount: m.paperCount, citationCount: m.citationCount, hIndex: m.hIndex };
  }

  it('refuses a write without a key (401), with a bad key (401) and with a read-only key (403), writing nothing', async () => {
    const papers = await count('papers');
    const anonymous = await server.graphql(CREATE, { input: newPaper() });
    const readOnly = await server.graphql(CREATE, { input: newPaper() }, reader);
    const badKey = await server.graphql(CREATE, { input: newPaper() }, { authorization: 'Bearer sg_not-a-key' });
    expect([anonymous.status, anonymous.body.errors![0].extensions!.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([readOnly.status, readOnly.body.errors![0].extensions!.code]).toEqual([403, 'FORBIDDEN']);
    expect(readOnly.body.errors![0].message).toContain('writer');
    expect([badKey.status, badKey.body.errors![0].extensions!.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(badKey.body.errors![0].message).not.toContain('sg_not-a-key');
    expect(await count('papers')).toBe(papers);
  });

  it('creates a paper with existing and new authors, answering with their recomputed metrics', async () => {
    const { body } = await server.graphql(CREATE, { input: newPaper() }, writer);
    expect(body.errors).toBeUndefined();
    const { paper, authors, created } = body.data.createPaper;
    expect(created).toBe(true);
    expect(paper).toMatchObject({
      title: 'Scaling Offline RL',
      category: { code: 'cs.LG' },
      publishedAt: '2025-06-01',
      hasCode: true,
      codeUrl: 'https://github.com/example/scaling',
      authors: { nodes: [{ name: 'Zongkai Liu' }, { name: 'New Coauthor' }] },
    });
    expect(authors).toEqual([await fromScratch('Zongkai Liu'), await fromScratch('New Coauthor')]);
    expect(authors[0]).toMatchObject({ paperCount: 7, citationCount: 279, hIndex: 5 });
  });

  it('refuses bad input naming every offending field, and writes nothing, not even new authors', async () => {
    const [papers, authors] = [await count('papers'), await count('authors')];
    const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const { body } = await server.graphql(CREATE, {
      input: newPaper({ title: '  ', category: 'Machine Learning', publishedAt: future, score: 140, codeUrl: 'ftp://x', authors: [{ name: 'Brand New' }, { name: 'brand new' }] }),
    }, writer);
    expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const fields = body.errors![0].extensions!.fields.map((f: Row) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['input.title', 'input.category', 'input.publishedAt', 'input.score', 'input.codeUrl']));
    expect(body.errors![0].message).toContain('must not be in the future');
    const dupes = await server.graphql(CREATE, { input: newPaper({ authors: [{ name: 'Brand New' }, { name: 'brand new' }] }) }, writer);
    expect(dupes.body.errors![0].extensions!.fields).toEqual([{ field: 'input.authors.1', problem: 'names an author already in the list' }]);
    const unknown = await server.graphql(CREATE, { input: newPaper({ authors: [{ name: 'Brand New' }, { id: 'QXV0aG9yOjk5OTk5' }] }) }, writer);
    expect(unknown.body.errors![0].extensions!.fields).toEqual([{ field: 'input.authors.1.id', problem: 'is not the id of an existing author' }]);
    expect([await count('papers'), await count('authors')]).toEqual([papers, authors]);
  });

  it('upserts by external id: the same record twice gives one paper, updated', async () => {
    const UPSERT = `mutation ($input: PaperInput!) { upsertPaper(input: $input) { created paper { id citationCount authors { totalCount } } } }`;
    const first = await server.graphql(UPSERT, { input: newPaper({ externalId: '2599.00001', codeUrl: null }) }, writer);
    const second = await server.graphql(UPSERT, { input: newPaper({ externalId: '2599.00001', codeUrl: null, citationCount: 75, authors: [{ id: zongkai }] }) }, writer);
    expect(first.body.data.upsertPaper).toMatchObject({ created: true, paper: { citationCount: 50, authors: { totalCount: 2 } } });
    expect(second.body.data.upsertPaper).toMatchObject({ created: false, paper: { id: first.body.data.upsertPaper.paper.id, citationCount: 75, authors: { totalCount: 1 } } });
    expect(await count("papers WHERE external_id = '2599.00001'")).toBe(1);
    const clash = await server.graphql(CREATE, { input: newPaper({ externalId: '2599.00001' }) }, writer);
    expect(clash.body.errors![0]).toMatchObject({ extensions: { fields: [{ field: 'input.externalId', problem: 'another paper has this externalId; use upsertPaper to update it' }] } });
  });

  it('updates fields and replaces the author list, recomputing old and new authors', async () => {
    const paperId = (await server.graphql('{ paper(externalId: "2401.02244") { id } }')).body.data.paper.id;
    const { body } = await server.graphql(`mutation ($id: ID!, $authors: [AuthorRefInput!]) {
      updatePaper(id: $id, changes: { citationCount: 400, novelty: 0.9 }, authors: $authors) {
        paper { citationCount novelty authors { nodes { name } } } authors { name paperCount citationCount hIndex } } }`,
      { id: paperId, authors: [{ id: zongkai }, { name: 'Another Newcomer' }] }, writer);
    expect(body.errors).toBeUndefined();
    expect(body.data.updatePaper.paper).toEqual({ citationCount: 400, novelty: 0.9, authors: { nodes: [{ name: 'Zongkai Liu' }, { name: 'Another Newcomer' }] } });
    const names = body.data.updatePaper.authors.map((a: Row) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Qian Lin', 'Chao Yu', 'Zongkai Liu', 'Another Newcomer']));
    for (const author of body.data.updatePaper.authors) expect(author).toEqual(await fromScratch(author.name));
    // Zifan Wu had no other paper, and nobody created them on purpose: they went with it.
    expect(names).not.toContain('Zifan Wu');
    expect(await count("authors WHERE name = 'Zifan Wu'")).toBe(0);
  });

  it('keeps the author list when updatePaper is given no authors argument at all', async () => {
    const before = (await server.graphql('{ paper(externalId: "2503.07365") { id authors { nodes { name } } } }')).body.data.paper;
    const { body } = await server.graphql(
      'mutation ($id: ID!) { updatePaper(id: $id, changes: { citationCount: 121 }) { paper { citationCount authors { nodes { name } } } } }',
      { id: before.id },
      writer,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.updatePaper.paper).toEqual({ citationCount: 121, authors: before.authors });
  });

  it('deletes a paper with its authorships and recomputes its former authors', async () => {
    const paperId = (await server.graphql('{ paper(externalId: "2412.07639") { id } }')).body.data.paper.id;
    const { body } = await server.graphql('mutation ($id: ID!) { deletePaper(id: $id) { deletedPaperId authors { name paperCount citationCount hIndex } } }', { id: paperId }, writer);
    expect(body.data.deletePaper.deletedPaperId).toBe(paperId);
    for (const author of body.data.deletePaper.authors) expect(author).toEqual(await fromScratch(author.name));
    const after = await server.graphql('query ($id: ID!) { node(id: $id) { id } }', { id: paperId });
    expect(after.body.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('refreshes citation counts all or nothing, by id or external id', async () => {
    const ids = await server.graphql('{ paper(externalId: "2503.07365") { id } }');
    const ok = await server.graphql(`mutation ($items: [CitationCountInput!]!) { updateCitationCounts(items: $items) {
      papers { externalId citationCount } authors { name citationCount } } }`, {
      items: [{ id: ids.body.data.paper.id, citationCount: 130 }, { externalId: '2505.13427', citationCount: 61 }],
    }, writer);
    expect(ok.body.data.updateCitationCounts.papers).toEqual([{ externalId: '2503.07365', citationCount: 130 }, { externalId: '2505.13427', citationCount: 61 }]);
    const zongkaiNow = ok.body.data.updateCitationCounts.authors.find((a: Row) => a.name === 'Zongkai Liu');
    expect(zongkaiNow).toEqual({ name: 'Zongkai Liu', citationCount: (await fromScratch('Zongkai Liu')).citationCount });

    const before = await citationsOf('2503.07365');
    const partial = await server.graphql(`mutation ($items: [CitationCountInput!]!) { updateCitationCounts(items: $items) { papers { id } } }`, {
      items: [{ externalId: '2503.07365', citationCount: 999 }, { externalId: '0000.00000', citationCount: 1 }],
    }, writer);
    expect(partial.body.errors![0].extensions!.fields).toEqual([{ field: 'items.1', problem: 'no paper has this id or externalId' }]);
    expect(await citationsOf('2503.07365')).toBe(before);

    const tooMany = await server.graphql(`mutation ($items: [CitationCountInput!]!) { updateCitationCounts(items: $items) { papers { id } } }`, {
      items: Array.from({ length: 1001 }, () => ({ externalId: '2503.07365', citationCount: 1 })),
    }, writer);
    expect(tooMany.body.errors![0].message).toContain('1 to 1000 items');
  });

  it('lets later fields of the same request see an earlier mutation', async () => {
    const { body } = await server.graphql(`mutation {
      first: updateCitationCounts(items: [{ externalId: "2505.12504", citationCount: 31 }]) { authors { name citationCount } }
      second: updateCitationCounts(items: [{ externalId: "2505.12504", citationCount: 32 }]) { authors { name citationCount } }
    }`, undefined, writer);
    const zongkaiIn = (field: string) => body.data[field].authors.find((a: Row) => a.name === 'Zongkai Liu').citationCount;
    expect(zongkaiIn('second')).toBe(zongkaiIn('first') + 1);
    expect(zongkaiIn('second')).toBe((await fromScratch('Zongkai Liu')).citationCount);
  });
});
