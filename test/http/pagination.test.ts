// Keyset paging: following endCursor visits every item once, in the requested order, for
// every ordering and every kind of list.
import { toGlobalId } from '../../src/graphql/ids';
import { startServer, type TestServer } from '../support/server';
import { fillWithTies } from '../support/fixtures';

type Row = Record<string, any>;

describe('paging through connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seedDemoData: false, fill: (db) => fillWithTies(db, 250, 40) });
  });
  afterAll(() => server.close());

  /** Follows endCursor page by page with `first: pageSize` and returns the edges and pages seen. */
  async function walk(select: (after: string | null) => Promise<Row>, limit = 100) {
    const edges: Row[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const connection = await select(after);
      pages += 1;
      edges.push(...connection.edges);
      if (!connection.pageInfo.hasNextPage) return { edges, pages, totalCount: connection.totalCount };
      after = connection.pageInfo.endCursor;
      if (pages > limit) throw new Error('paging does not end');
    }
  }

  const FIELDS = { PUBLISHED_AT: 'publishedAt', CITATION_COUNT: 'citationCount', SCORE: 'score', TITLE: 'title' } as const;
  const orderings = (Object.keys(FIELDS) as (keyof typeof FIELDS)[]).flatMap((field) => ['ASC', 'DESC'].map((direction) => [field, direction] as const));

  it.each(orderings)('walks all papers ordered by %s %s without skipping or repeating', async (field, direction) => {
    const query = `query ($after: String, $orderBy: PaperOrder) {
      papers(first: 17, after: $after, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { externalId ${FIELDS[field]} } }
      } }`;
    const { edges, pages, totalCount } = await walk(async (after) => {
      const { body } = await server.graphql(query, { after, orderBy: { field, direction } });
      expect(body.errors).toBeUndefined();
      return body.data.papers;
    });
    expect(totalCount).toBe(250);
    expect(pages).toBe(Math.ceil(250 / 17));
    const ids = edges.map((e) => e.node.externalId);
    expect(new Set(ids).size).toBe(250);
    // The order the database gives for the same key with the id tiebreak.
    const column = { PUBLISHED_AT: 'published_at', CITATION_COUNT: 'citation_count', SCORE: 'score', TITLE: 'title' }[field];
    const expected = server.db.sqlite
      .prepare(`SELECT external_id AS externalId FROM papers ORDER BY ${column} ${direction}, papers.id ${direction}`)
      .all()
      .map((r: any) => r.externalId);
    expect(ids).toEqual(expected);
  });

  it("walks an author's papers and a paper's authors in pages", async () => {
    const { body } = await server.graphql('{ authors(first: 100) { nodes { id paperCount } } }');
    const busiest = body.data.authors.nodes.sort((a: Row, b: Row) => b.paperCount - a.paperCount)[0];
    const papers = await walk(async (after) => {
      const r = await server.graphql(
        `query ($id: ID!, $after: String) { author(id: $id) { papers(first: 4, after: $after, orderBy: { field: CITATION_COUNT, direction: DESC }) {
          totalCount pageInfo { hasNextPage endCursor } edges { position node { externalId citationCount } } } } }`,
        { id: busiest.id, after },
      );
      return r.body.data.author.papers;
    });
    expect(papers.totalCount).toBe(busiest.paperCount);
    expect(papers.edges).toHaveLength(busiest.paperCount);
    expect(new Set(papers.edges.map((e) => e.node.externalId)).size).toBe(busiest.paperCount);
    const counts = papers.edges.map((e) => e.node.citationCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const bigPaper = server.db.sqlite.prepare('SELECT paper_id AS id FROM authorships GROUP BY paper_id HAVING COUNT(*) = 6 LIMIT 1').get() as Row;
    const paperId = toGlobalId('Paper', bigPaper.id);
    const authors = await walk(async (after) => {
      const r = await server.graphql(
        `query ($id: ID!, $after: String) { paper(id: $id) { authors(first: 4, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { position node { name } } } } }`,
        { id: paperId, after },
      );
      return r.body.data.paper.authors;
    });
    expect(authors.totalCount).toBe(6);
    expect(authors.edges.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('walks co-authors most shared first, and authors by name', async () => {
    const { body } = await server.graphql('{ authors(first: 1) { nodes { id coauthors(first: 100) { totalCount edges { sharedPaperCount node { name } } } } } }');
    const author = body.data.authors.nodes[0];
    const all = author.coauthors.edges;
    const paged = await walk(async (after) => {
      const r = await server.graphql(
        `query ($id: ID!, $after: String) { author(id: $id) { coauthors(first: 3, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { sharedPaperCount node { name } } } } }`,
        { id: author.id, after },
      );
      return r.body.data.author.coauthors;
    });
    expect(paged.edges).toEqual(all);
    expect(paged.totalCount).toBe(all.length);
    const shared = all.map((e: Row) => e.sharedPaperCount);
    expect(shared).toEqual([...shared].sort((a, b) => b - a));
    expect(shared[0]).toBeGreaterThan(shared[shared.length - 1]);

    const names = await walk(async (after) => {
      const r = await server.graphql(
        'query ($after: String) { authors(first: 7, after: $after, search: "tie author") { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }',
        { after },
      );
      return r.body.data.authors;
    });
    const list = names.edges.map((e) => e.node.name);
    expect(names.totalCount).toBe(40);
    expect(new Set(list).size).toBe(40);
    // A name search ranks by match, then citations, then name: pages follow that one order.
    const { body: onePage } = await server.graphql('{ authors(first: 100, search: "tie author") { nodes { name citationCount } } }');
    expect(list).toEqual(onePage.data.authors.nodes.map((a: Row) => a.name));
    const citations = onePage.data.authors.nodes.map((a: Row) => a.citationCount);
    expect(citations).toEqual([...citations].sort((a, b) => b - a));
  });

  it('answers first: 0 with no edges but the count and whether items exist', async () => {
    const { body } = await server.graphql('{ papers(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }');
    expect(body.data.papers).toEqual({ totalCount: 250, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });
});
