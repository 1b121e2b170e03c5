// The number of SQL statements a request runs is fixed by the query's shape, never by how many
// authors or papers it returns. Counted by the server itself, read from GET /metrics.
import { startServer, type TestServer } from '../support/server';
import { fillWithTies } from '../support/fixtures';

const NESTED = `query ($n: Int) {
  authors(first: $n) {
    nodes {
      name hIndex citationCount
      papers(first: 10) { totalCount nodes { title authors(first: 3) { totalCount nodes { name } } } }
      coauthors(first: 5) { edges { sharedPaperCount node { name hIndex } } }
    }
  }
}`;

describe('statements per request', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seedDemoData: false, fill: (db) => fillWithTies(db, 600, 120) });
  });
  afterAll(() => server.close());

  async function statementsFor(query: string, variables?: Record<string, unknown>) {
    const before = await server.statementsRun();
    const { body } = await server.graphql(query, variables);
    expect(body.errors).toBeUndefined();
    return { count: (await server.statementsRun()) - before, data: body.data };
  }

  it('runs the same statements for 1, 5, 20, 50 and 100 authors of the nested profile query', async () => {
    const results = [];
    for (const n of [1, 5, 20, 50, 100]) {
      const { count, data } = await statementsFor(NESTED, { n });
      expect(data.authors.nodes).toHaveLength(n);
      results.push(count);
    }
    // authors (with their metrics), their papers page, the papers' counts, the papers' authors
    // and their counts, the co-authors, and the co-authors' metrics: 7, whatever the size.
    expect(results).toEqual([7, 7, 7, 7, 7]);
    // Heavy pages (the deepest reads thousands of keys): a second on a quiet machine, far more on
    // a loaded CI machine running the suites of both engines.
  }, 120_000);

  it('returns real nested data while doing so', async () => {
    const { data } = await statementsFor(NESTED, { n: 50 });
    const papers = data.authors.nodes.flatMap((a: any) => a.papers.nodes);
    expect(papers.length).toBeGreaterThan(200);
    expect(papers.every((p: any) => p.authors.nodes.length === Math.min(3, p.authors.totalCount))).toBe(true);
    expect(data.authors.nodes.some((a: any) => a.coauthors.edges.length === 5)).toBe(true);
  });

  it('adds two statements per level of nesting, the same for 3 or 10 authors', async () => {
    // Each level asks for other page sizes, so that no level is answered from an earlier one's
    // DataLoader cache: the count is then exactly the shape's.
    const depth = (authors: number, levels: number) => {
      let selection = 'name';
      for (let i = 0; i < levels; i += 1) {
        selection = `name papers(first: ${2 + i}) { nodes { title authors(first: ${2 + i}) { nodes { ${selection} } } } }`;
      }
      return `{ authors(first: ${authors}) { nodes { ${selection} } } }`;
    };
    for (const levels of [0, 1, 2, 3]) {
      const small = (await statementsFor(depth(3, levels))).count;
      const large = (await statementsFor(depth(10, levels))).count;
      expect({ levels, small, large }).toEqual({ levels, small: 1 + 2 * levels, large: 1 + 2 * levels });
    }
  }, 120_000);

  it('runs one statement for a card with every metric', async () => {
    const { count } = await statementsFor(
      '{ authors(first: 50) { nodes { hIndex i10Index gIndex paperCount citationCount novelty aiScore primaryCategory { code } } } }',
    );
    // The list's statement reads the stored metrics it sorts on, for every metric field.
    expect(count).toBe(1);
  });

  it('counts a list only when totalCount is asked for', async () => {
    expect((await statementsFor('{ papers(first: 5) { nodes { title } } }')).count).toBe(1);
    expect((await statementsFor('{ papers(first: 5) { totalCount nodes { title } } }')).count).toBe(2);
    expect((await statementsFor('{ papers(first: 5) { totalCount } }')).count).toBe(1);
  });
});
