// The co-author graph over HTTP: edges with their shared years in every order, keyset paging,
// statements fixed by the query's shape, and the shortest collaboration path between two authors.
import { type Db } from '../../src/store/sqlite/client';
import { toGlobalId } from '../../src/graphql/ids';
import { fillWithTies } from '../support/fixtures';
import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

interface Expected {
  id: number;
  name: string;
  sharedPaperCount: number;
  firstSharedYear: number;
  lastSharedYear: number;
}

const ORDERS = {
  SHARED_PAPERS_DESC: (a: Expected, b: Expected) => b.sharedPaperCount - a.sharedPaperCount || a.id - b.id,
  SHARED_PAPERS_ASC: (a: Expected, b: Expected) => a.sharedPaperCount - b.sharedPaperCount || a.id - b.id,
  RECENCY_DESC: (a: Expected, b: Expected) => b.lastSharedYear - a.lastSharedYear || b.sharedPaperCount - a.sharedPaperCount || a.id - b.id,
  RECENCY_ASC: (a: Expected, b: Expected) => a.lastSharedYear - b.lastSharedYear || b.sharedPaperCount - a.sharedPaperCount || a.id - b.id,
};
const orderings = Object.keys(ORDERS).map((tag) => {
  const [, field, direction] = /^(.*)_(ASC|DESC)$/.exec(tag)!;
  return [tag as keyof typeof ORDERS, { field, direction }] as const;
});

const EDGES = `query ($id: ID!, $first: Int, $after: String, $orderBy: CoauthorOrder) {
  author(id: $id) {
    coauthors(first: $first, after: $after, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor sharedPaperCount firstSharedYear lastSharedYear node { name } }
    }
  }
}`;

const view = (e: Row) => ({ name: e.node.name, sharedPaperCount: e.sharedPaperCount, firstSharedYear: e.firstSharedYear, lastSharedYear: e.lastSharedYear });

describe('co-authors of the demo profile', () => {
  let server: TestServer;
  let id: string;
  let expected: Expected[];

  beforeAll(async () => {
    server = await startServer();
    const { body } = await server.graphql('{ authors(search: "Zongkai Liu") { nodes { id } } }');
    id = body.data.authors.nodes[0].id;
    expected = sharedFromPapers(server.db, 'Zongkai Liu');
  });
  afterAll(() => server.close());

  /** Every paper of the author with every other author on it, grouped here rather than in SQL. */
  function sharedFromPapers(db: Db, name: string): Expected[] {
    const rows = db.sqlite
      .prepare(
        `SELECT other.id AS id, other.name AS name, p.published_at AS publishedAt
           FROM authors me
           JOIN authorships mine ON mine.author_id = me.id
           JOIN papers p ON p.id = mine.paper_id
           JOIN authorships theirs ON theirs.paper_id = p.id
           JOIN authors other ON other.id = theirs.author_id
          WHERE me.name = ? AND other.id <> me.id`,
      )
      .all(name) as { id: number; name: string; publishedAt: string }[];
    const byId = new Map<number, Expected>();
    for (const row of rows) {
      const year = new Date(row.publishedAt).getUTCFullYear();
      const seen = byId.get(row.id);
      if (!seen) byId.set(row.id, { id: row.id, name: row.name, sharedPaperCount: 1, firstSharedYear: year, lastSharedYear: year });
      else {
        seen.sharedPaperCount += 1;
        seen.firstSharedYear = Math.min(seen.firstSharedYear, year);
        seen.lastSharedYear = Math.max(seen.lastSharedYear, year);
      }
    }
    return [...byId.values()];
  }

  const sorted = (tag: keyof typeof ORDERS) =>
    [...expected].sort(ORDERS[tag]).map(({ id: _id, ...fields }) => fields);

  it('has data that can tell the orders and the years apart', () => {
    expect(expected.length).toBeGreaterThan(15);
    expect(expected.some((c) => c.firstSharedYear < c.lastSharedYear)).toBe(true);
    expect(new Set(expected.map((c) => c.sharedPaperCount)).size).toBeGreaterThan(2);
    expect(sorted('RECENCY_DESC')).not.toEqual(sorted('SHARED_PAPERS_DESC'));
  });

  it('lists most shared papers first by default, with the first and last shared year', async () => {
    const { body } = await server.graphql(EDGES, { id, first: 100 });
    expect(body.errors).toBeUndefined();
    expect(body.data.author.coauthors.edges.map(view)).toEqual(sorted('SHARED_PAPERS_DESC'));
    expect(body.data.author.coauthors.totalCount).toBe(expected.length);
  });

  it.each(orderings)('orders by %s', async (tag, orderBy) => {
    const { body } = await server.graphql(EDGES, { id, first: 100, orderBy });
    expect(body.errors).toBeUndefined();
    expect(body.data.author.coauthors.edges.map(view)).toEqual(sorted(tag));
  });

  it.each(orderings)('pages through %s without skipping or repeating', async (tag, orderBy) => {
    const edges: Row[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages += 1) {
      expect(pages).toBeLessThan(20);
      const { body } = await server.graphql<Row>(EDGES, { id, first: 3, after, orderBy });
      expect(body.errors).toBeUndefined();
      const connection: Row = body.data!.author.coauthors;
      edges.push(...connection.edges);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(edges.map(view)).toEqual(sorted(tag));
  });

  it('answers two orders of the same page size in one request, each in its own order', async () => {
    const { body } = await server.graphql(
      `query ($id: ID!) { author(id: $id) {
        shared: coauthors(first: 5) { nodes { name } }
        recent: coauthors(first: 5, orderBy: { field: RECENCY, direction: ASC }) { nodes { name } }
      } }`,
      { id },
    );
    expect(body.data.author.shared.nodes.map((n: Row) => n.name)).toEqual(sorted('SHARED_PAPERS_DESC').slice(0, 5).map((c) => c.name));
    expect(body.data.author.recent.nodes.map((n: Row) => n.name)).toEqual(sorted('RECENCY_ASC').slice(0, 5).map((c) => c.name));
  });

  it.each([
    ['RECENCY', 'SHARED_PAPERS'],
    ['SHARED_PAPERS', 'RECENCY'],
  ])('rejects a cursor of the %s order in the %s order as BAD_USER_INPUT', async (from, to) => {
    const first = await server.graphql(EDGES, { id, first: 2, orderBy: { field: from } });
    const after = first.body.data.author.coauthors.pageInfo.endCursor;
    const { body } = await server.graphql(EDGES, { id, first: 2, after, orderBy: { field: to } });
    expect(body.data).toEqual({ author: null });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    expect(body.errors![0].message).toContain(`(${to}_DESC)`);
  });

  it('rejects a cursor of the other direction too', async () => {
    const first = await server.graphql(EDGES, { id, first: 2, orderBy: { field: 'SHARED_PAPERS', direction: 'ASC' } });
    const after = first.body.data.author.coauthors.pageInfo.endCursor;
    const { body } = await server.graphql(EDGES, { id, first: 2, after });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});

describe('statements for co-authors', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seedDemoData: false, fill: (db) => fillWithTies(db, 600, 120) });
  });
  afterAll(() => server.close());

  async function statementsFor(query: string, n: number) {
    const before = await server.statementsRun();
    const { body } = await server.graphql(query, { n });
    expect(body.errors).toBeUndefined();
    expect(body.data.authors.nodes).toHaveLength(n);
    return (await server.statementsRun()) - before;
  }

  it('runs one statement for the pages and one for the counts, for 5 or 50 authors', async () => {
    const query = `query ($n: Int) { authors(first: $n) { nodes { name
      coauthors(first: 4, orderBy: { field: RECENCY }) { totalCount edges { cursor sharedPaperCount firstSharedYear lastSharedYear node { name } } }
    } } }`;
    // authors, the co-author pages, their counts.
    expect([await statementsFor(query, 5), await statementsFor(query, 50)]).toEqual([3, 3]);
  });

  it('runs one more statement per other argument set, not per author', async () => {
    const query = `query ($n: Int) { authors(first: $n) { nodes {
      a: coauthors(first: 3) { edges { sharedPaperCount node { name } } }
      b: coauthors(first: 3, orderBy: { field: RECENCY, direction: DESC }) { edges { lastSharedYear node { name } } }
      c: coauthors(first: 3, orderBy: { field: SHARED_PAPERS, direction: ASC }) { edges { firstSharedYear node { name } } }
    } } }`;
    expect([await statementsFor(query, 5), await statementsFor(query, 50)]).toEqual([4, 4]);
  });
});

// A small co-author graph, drawn by hand:
//   Ada - Bob - Cy - Dee,  Ada - Fay - Cy,  Ada - Eve - Dee       (Ada and Bob share two papers)
//   Gus - Hal - Ivy - Jo - Kim - Lu - Max                          (a chain of 6 steps)
//   Ned - Oz                                                       (another component)
//   Pat                                                            (alone on a paper)
const NAMES = ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kim', 'Lu', 'Max', 'Ned', 'Oz', 'Pat'];
const PAPERS: [string, string, string[]][] = [
  ['Ada and Bob, first', '2019-04-01', ['Ada', 'Bob']],
  ['Ada and Bob, again', '2021-06-01', ['Bob', 'Ada']],
  ['Bob and Cy', '2020-01-01', ['Bob', 'Cy']],
  ['Cy and Dee', '2020-02-01', ['Cy', 'Dee']],
  ['Ada and Fay', '2020-03-01', ['Ada', 'Fay']],
  ['Fay and Cy', '2020-04-01', ['Fay', 'Cy']],
  ['Ada and Eve', '2020-05-01', ['Ada', 'Eve']],
  ['Eve and Dee', '2020-06-01', ['Eve', 'Dee']],
  ...['Gus', 'Hal', 'Ivy', 'Jo', 'Kim', 'Lu'].map((name, i, chain): [string, string, string[]] => {
    const next = [...chain, 'Max'][i + 1];
    return [`${name} and ${next}`, '2022-01-01', [name, next]];
  }),
  ['Ned and Oz', '2023-01-01', ['Ned', 'Oz']],
  ['Pat alone', '2023-02-01', ['Pat']],
];

function fillSmallGraph(db: Db): void {
  db.sqlite.transaction(() => {
    const author = db.sqlite.prepare('INSERT INTO authors (name) VALUES (?)');
    for (const name of NAMES) author.run(name);
    const paper = db.sqlite.prepare("INSERT INTO papers (title, category, published_at) VALUES (?, 'cs.LG', ?)");
    const link = db.sqlite.prepare('INSERT INTO authorships (paper_id, author_id, position) VALUES (?, (SELECT id FROM authors WHERE name = ?), ?)');
    for (const [title, date, team] of PAPERS) {
      const paperId = paper.run(title, date).lastInsertRowid;
      team.forEach((name, i) => link.run(paperId, name, i + 1));
    }
  })();
}

const PATH = `query ($from: ID!, $to: ID!, $maxLength: Int) {
  collaborationPath(from: $from, to: $to, maxLength: $maxLength) {
    length
    authors { name }
    steps { from { name } to { name } sharedPaperCount papers { title } }
  }
}`;

describe('collaborationPath', () => {
  let server: TestServer;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    server = await startServer({ seedDemoData: false, fill: fillSmallGraph });
    for (const row of server.db.sqlite.prepare('SELECT id, name FROM authors').all() as { id: number; name: string }[]) {
      ids.set(row.name, toGlobalId('Author', row.id));
    }
  });
  afterAll(() => server.close());

  async function path(from: string, to: string, maxLength?: number) {
    const { body } = await server.graphql(PATH, { from: ids.get(from) ?? from, to: ids.get(to) ?? to, maxLength });
    return body;
  }

  const names = (p: Row) => p.authors.map((a: Row) => a.name);

  it('is the author alone, with no steps, from an author to themselves', async () => {
    expect((await path('Ada', 'Ada')).data.collaborationPath).toEqual({ length: 0, authors: [{ name: 'Ada' }], steps: [] });
  });

  it('is one step between co-authors, with the papers that link them, newest first', async () => {
    const body = await path('Ada', 'Bob');
    expect(body.errors).toBeUndefined();
    expect(body.data.collaborationPath).toEqual({
      length: 1,
      authors: [{ name: 'Ada' }, { name: 'Bob' }],
      steps: [
        {
          from: { name: 'Ada' },
          to: { name: 'Bob' },
          sharedPaperCount: 2,
          papers: [{ title: 'Ada and Bob, again' }, { title: 'Ada and Bob, first' }],
        },
      ],
    });
    const one = await server.graphql(`query ($from: ID!, $to: ID!) { collaborationPath(from: $from, to: $to) { steps { papers(first: 1) { title } } } }`, {
      from: ids.get('Ada'),
      to: ids.get('Bob'),
    });
    expect(one.body.data.collaborationPath.steps[0].papers).toEqual([{ title: 'Ada and Bob, again' }]);
  });

  it('is two steps through a shared co-author, the smallest ids among equally short paths', async () => {
    // Ada - Bob - Cy and Ada - Fay - Cy are both 2 steps; Bob was created before Fay.
    const forward = (await path('Ada', 'Cy')).data.collaborationPath;
    expect(forward.length).toBe(2);
    expect(names(forward)).toEqual(['Ada', 'Bob', 'Cy']);
    expect(forward.steps.map((s: Row) => [s.from.name, s.to.name, s.sharedPaperCount])).toEqual([
      ['Ada', 'Bob', 2],
      ['Bob', 'Cy', 1],
    ]);
    expect(names((await path('Cy', 'Ada')).data.collaborationPath)).toEqual(['Cy', 'Bob', 'Ada']);
    // Ada - Eve - Dee is shorter than Ada - Bob - Cy - Dee.
    expect(names((await path('Ada', 'Dee')).data.collaborationPath)).toEqual(['Ada', 'Eve', 'Dee']);
  });

  it('is null, without an error, when the path is longer than maxLength', async () => {
    const chain = ['Gus', 'Hal', 'Ivy', 'Jo', 'Kim', 'Lu', 'Max'];
    expect(names((await path('Gus', 'Kim')).data.collaborationPath)).toEqual(chain.slice(0, 5));
    const beyond = await path('Gus', 'Lu');
    expect(beyond).toEqual({ data: { collaborationPath: null } });
    expect((await path('Gus', 'Max', 5)).data.collaborationPath).toBeNull();
    const six = (await path('Gus', 'Max', 6)).data.collaborationPath;
    expect(six.length).toBe(6);
    expect(names(six)).toEqual(chain);
  });

  it.each([
    ['Ada', 'Ned'],
    ['Oz', 'Max'],
    ['Ada', 'Pat'],
    ['Pat', 'Ned'],
  ])('is null between %s and %s, who are in different components', async (from, to) => {
    expect(await path(from, to, 6)).toEqual({ data: { collaborationPath: null } });
  });

  it.each([0, 7, -1])('refuses maxLength %d with BAD_USER_INPUT naming the argument and the range', async (maxLength) => {
    const body = await path('Ada', 'Cy', maxLength);
    expect(body.data).toEqual({ collaborationPath: null });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'maxLength' });
    expect(body.errors![0].message).toContain(`\`maxLength\` must be between 1 and 6, got ${maxLength}`);
  });

  it('refuses a malformed id as BAD_USER_INPUT naming the argument, and an unknown one as NOT_FOUND', async () => {
    const malformed = await path('Ada', 'not-an-id');
    expect(malformed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    const unknown = toGlobalId('Author', 999999);
    const missing = await path(unknown, 'Ada');
    expect(missing.data).toEqual({ collaborationPath: null });
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(missing.errors![0].message).toContain(unknown);
    const paper = await path(toGlobalId('Paper', 1), 'Ada');
    expect(paper.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('runs one statement per search level, plus the ends, the authors between and the steps', async () => {
    const before = await server.statementsRun();
    const body = await path('Ada', 'Dee');
    expect(body.errors).toBeUndefined();
    // Ada and Dee; Ada's co-authors; Dee's co-authors (they meet at Eve); Eve; the step papers.
    expect((await server.statementsRun()) - before).toBe(5);
  });
});
