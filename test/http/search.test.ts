// Full-text search over papers and name search over authors, as a client uses them.
import { insertAuthor } from '../../src/store/sqlite/paper-writes';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

describe('search', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      fill: (db) => {
        writeCorpus(db, { papers: 600, seed: 5 });
        insertAuthor(db, 'Csaba Balázs');
      },
    });
  });
  afterAll(() => server.close());

  it('finds papers by words of the title and abstract, title matches first, with highlights', async () => {
    const { body } = await server.graphql(`{ papers(search: "offline policy", first: 10) {
      totalCount edges { node { title abstract } highlight { title abstract } } } }`);
    expect(body.errors).toBeUndefined();
    const edges = body.data.papers.edges;
    expect(edges.length).toBeGreaterThanOrEqual(2);
    // Every word, in the title or the abstract.
    for (const { node } of edges) expect(`${node.title} ${node.abstract}`).toMatch(/(?=[\s\S]*offline)(?=[\s\S]*polic)/i);
    // The title weighs more: both papers with both words in their titles come first.
    expect(edges.slice(0, 2).map((e: Row) => e.node.title).sort()).toEqual([
      'Offline Multi-Agent Reinforcement Learning via In-Sample Sequential Policy Optimization',
      'Policy-regularized Offline Multi-objective Reinforcement Learning',
    ].sort());
    const policyPaper = edges.find((e: Row) => e.node.title.startsWith('Policy-regularized'));
    expect(policyPaper.highlight.title).toBe('<mark>Policy</mark>-regularized <mark>Offline</mark> Multi-objective Reinforcement Learning');
    expect(policyPaper.highlight.abstract).toContain('<mark>offline</mark>');
  });

  it('finds a word being typed by its prefix', async () => {
    const { body } = await server.graphql('{ papers(search: "multimod") { totalCount nodes { title abstract } } }');
    expect(body.data.papers.totalCount).toBeGreaterThanOrEqual(2);
    expect(body.data.papers.nodes.every((p: Row) => /multimod/i.test(`${p.title} ${p.abstract}`))).toBe(true);
  });

  it('combines a search with filters, other orders, counts and stats', async () => {
    const { body } = await server.graphql(`{
      ai: papers(search: "policy", filter: { categories: ["cs.AI"] }) { totalCount nodes { category { code } } stats { paperCount } }
      recent: papers(search: "policy", orderBy: { field: PUBLISHED_AT, direction: DESC }) { nodes { publishedAt } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.ai.nodes.length).toBeGreaterThan(0);
    expect(body.data.ai.nodes.every((p: Row) => p.category.code === 'cs.AI')).toBe(true);
    expect(body.data.ai.stats.paperCount).toBe(body.data.ai.totalCount);
    const dates = body.data.recent.nodes.map((p: Row) => p.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('pages through the matches in relevance order without skipping or repeating', async () => {
    const { body: all } = await server.graphql('{ papers(search: "learning", first: 100) { totalCount nodes { id } } }');
    const seen: string[] = [];
    let after: string | null = null;
    while (seen.length < 100) {
      const { body }: { body: Row } = await server.graphql('query ($after: String) { papers(search: "learning", first: 9, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }', { after });
      seen.push(...body.data.papers.nodes.map((p: Row) => p.id));
      if (!body.data.papers.pageInfo.hasNextPage) break;
      after = body.data.papers.pageInfo.endCursor;
    }
    expect(all.data.papers.totalCount).toBeGreaterThan(20);
    expect(seen.slice(0, 100)).toEqual(all.data.papers.nodes.map((p: Row) => p.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each(['"', '""', '(', 'NEAR(', 'a OR', '-x', '*', 'title:x', '^', 'foo) OR (bar', '🦄 reasoning', '\u0000', 'x'.repeat(10_000), 'a '.repeat(5_000)].map((text) => [text.slice(0, 20), text]))(
    'searches %j (as words) without an error',
    async (_label, text) => {
      const { status, body } = await server.graphql('query ($q: String) { papers(search: $q, first: 3) { totalCount nodes { title } } authors(search: $q, first: 3) { totalCount nodes { name } } }', { q: text });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.papers.totalCount).toBeGreaterThanOrEqual(0);
    },
  );

  it('refuses RELEVANCE order without a search, saying what to do', async () => {
    const { body } = await server.graphql('{ papers(orderBy: { field: RELEVANCE }) { totalCount } }');
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'orderBy' });
    expect(body.errors![0].message).toContain('needs a `search`');
  });

  it.each(['zongkai', 'liu z', 'Liu, Zongkai', 'ZONGKAI LIU'])('finds Zongkai Liu first from %j', async (text) => {
    const { body } = await server.graphql('query ($q: String) { authors(search: $q, first: 3) { nodes { name } } }', { q: text });
    expect(body.data.authors.nodes[0]).toEqual({ name: 'Zongkai Liu' });
  });

  it('finds names with accents from their plain spelling', async () => {
    const { body } = await server.graphql('{ authors(search: "balazs") { nodes { name } } }');
    expect(body.data.authors.nodes.map((a: Row) => a.name)).toContain('Csaba Balázs');
  });

  it('runs a bounded number of statements for a search page with highlights and counts', async () => {
    const before = await server.statementsRun();
    await server.graphql('{ papers(search: "learning", first: 50) { totalCount edges { highlight { title } node { title authors(first: 3) { nodes { name } } } } } }');
    // page, count, highlights, authors of the page.
    expect((await server.statementsRun()) - before).toBe(4);
  });
});
