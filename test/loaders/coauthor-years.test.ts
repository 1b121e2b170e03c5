// Co-authors' shared years are read (a join of every shared paper) only when the selection shows
// them or the order sorts on them; the answers, cursors included, are the same either way.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { type Db } from '../../src/store/sqlite/client';
import { fromGlobalId, toGlobalId } from '../../src/graphql/ids';
import { encodeCursor } from '../../src/pagination/cursor';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { fillWithTies } from '../support/fixtures';
import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

interface Shared {
  id: number;
  name: string;
  sharedPaperCount: number;
  firstSharedYear: number;
  lastSharedYear: number;
}

/** Every pair of co-authors with their shared papers' years, grouped here rather than in SQL. */
function sharedBySql(db: Db): Map<number, Shared[]> {
  const rows = db.sqlite
    .prepare(
      `SELECT mine.author_id AS authorId, other.id AS id, other.name AS name, p.published_at AS publishedAt
         FROM authorships mine
         JOIN papers p ON p.id = mine.paper_id
         JOIN authorships theirs ON theirs.paper_id = p.id
         JOIN authors other ON other.id = theirs.author_id
        WHERE other.id <> mine.author_id`,
    )
    .all() as { authorId: number; id: number; name: string; publishedAt: string }[];
  const pairs = new Map<number, Map<number, Shared>>();
  for (const row of rows) {
    const year = new Date(row.publishedAt).getUTCFullYear();
    const mine = pairs.get(row.authorId) ?? pairs.set(row.authorId, new Map()).get(row.authorId)!;
    const seen = mine.get(row.id);
    if (!seen) mine.set(row.id, { id: row.id, name: row.name, sharedPaperCount: 1, firstSharedYear: year, lastSharedYear: year });
    else {
      seen.sharedPaperCount += 1;
      seen.firstSharedYear = Math.min(seen.firstSharedYear, year);
      seen.lastSharedYear = Math.max(seen.lastSharedYear, year);
    }
  }
  return new Map([...pairs].map(([authorId, coauthors]) => [authorId, [...coauthors.values()]]));
}

type Field = 'SHARED_PAPERS' | 'RECENCY';
type Direction = 'ASC' | 'DESC';

// The documented orders: the field in the direction asked, then more shared papers, then the smaller id.
function sorted(list: Shared[], field: Field, direction: Direction): Shared[] {
  const sign = direction === 'DESC' ? -1 : 1;
  const key = (c: Shared) => (field === 'SHARED_PAPERS' ? c.sharedPaperCount : c.lastSharedYear);
  return [...list].sort((a, b) => sign * (key(a) - key(b)) || b.sharedPaperCount - a.sharedPaperCount || a.id - b.id);
}

function expectedEdge(c: Shared, field: Field, direction: Direction, withYears: boolean): Row {
  const key = field === 'SHARED_PAPERS' ? [c.sharedPaperCount, c.id] : [c.lastSharedYear, c.sharedPaperCount, c.id];
  const years = withYears ? { firstSharedYear: c.firstSharedYear, lastSharedYear: c.lastSharedYear } : {};
  return { cursor: encodeCursor(`${field}_${direction}`, key), sharedPaperCount: c.sharedPaperCount, ...years, node: { id: toGlobalId('Author', c.id), name: c.name } };
}

interface Ran {
  sql: string;
  params: unknown[];
}

/**
 * The statements run (their SQL text and parameters) while `work` runs. better-sqlite3 keeps each
 * statement's SQL in `source`; spying on Statement.prototype.all sees every read the loaders make,
 * in this process, without a hook in the code under test.
 */
async function recording<T>(sqlite: Database.Database, work: () => Promise<T>): Promise<[T, Ran[]]> {
  const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1'));
  const spy = jest.spyOn(proto, 'all');
  try {
    const result = await work();
    return [result, spy.mock.calls.map((params, i) => ({ sql: (spy.mock.contexts[i] as Database.Statement).source, params }))];
  } finally {
    spy.mockRestore();
  }
}

/** The co-author pages' statements among those run (the counts' statement has no sharedPaperCount). */
const coauthorPages = (ran: Ran[]) => ran.filter((r) => r.sql.includes('AS sharedPaperCount'));

/** Whether a statement reads the papers table: in its text, and in SQLite's plan for it. */
function readsPapers(sqlite: Database.Database, { sql, params }: Ran): boolean {
  const inText = /\bpapers\b/.test(sql);
  const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  const inPlan = plan.some((step) => /^(SCAN|SEARCH) (papers|p)\b/.test(step.detail));
  expect(inPlan).toBe(inText);
  return inText;
}

const PAGE = (edge: string) => `query ($id: ID!, $first: Int, $after: String, $orderBy: CoauthorOrder) {
  author(id: $id) {
    coauthors(first: $first, after: $after, orderBy: $orderBy) { pageInfo { hasNextPage endCursor } edges { ${edge} } }
  }
}`;
const PAGE_SIZE = 10;
const WITHOUT_YEARS = PAGE('cursor sharedPaperCount node { id name }');
const WITH_YEARS = PAGE('cursor sharedPaperCount firstSharedYear lastSharedYear node { id name }');

const DEEP = fs.readFileSync(path.join(__dirname, '../../bench/workloads/deep.graphql'), 'utf8');
const DEEP_WITH_YEARS = DEEP.replace(/sharedPaperCount/, 'sharedPaperCount firstSharedYear lastSharedYear');

describe('co-author years, read only when asked for', () => {
  let server: TestServer;
  let shared: Map<number, Shared[]>;
  let authorId: number;
  let categories: string[];

  beforeAll(async () => {
    // The benchmark's generated corpus (prolific authors, many co-authors), and hand-made ties.
    server = await startServer({
      seedDemoData: false,
      fill: (db) => {
        writeCorpus(db, { papers: 4000, seed: 1 });
        fillWithTies(db, 600, 120);
      },
    });
    shared = sharedBySql(server.db);
    categories = server.db.sqlite
      .prepare('SELECT primary_category FROM author_metrics GROUP BY primary_category ORDER BY count(*) DESC, primary_category LIMIT 3')
      .pluck()
      .all() as string[];
    // The author with the most co-authors: many pages, and many ties on every key.
    authorId = [...shared].sort(([a, x], [b, y]) => y.length - x.length || a - b)[0][0];
  });
  afterAll(() => server.close());

  const query = (document: string, variables: Record<string, unknown>) =>
    recording(server.db.sqlite, async () => {
      const { body } = await server.graphql(document, variables);
      expect(body.errors).toBeUndefined();
      return body.data;
    });

  it.each(['H_INDEX', 'CITATION_COUNT', 'PAPER_COUNT'])('answers the deep page by %s without reading papers for the co-authors, and with them when the years are selected', async (order) => {
    for (const [document, withYears, category] of categories.flatMap((c) => [[DEEP, false, c], [DEEP_WITH_YEARS, true, c]] as const)) {
      const [data, ran] = await query(document, { category, order });
      const nodes: Row[] = data.authors.nodes;
      expect(nodes).toHaveLength(50);
      for (const node of nodes) {
        // The deep page selects no cursor.
        const expected = sorted(shared.get(fromGlobalId(node.id)!.rowId) ?? [], 'SHARED_PAPERS', 'DESC')
          .slice(0, 5)
          .map((c) => {
            const { cursor: _, ...edge } = expectedEdge(c, 'SHARED_PAPERS', 'DESC', withYears);
            return edge;
          });
        expect(node.coauthors.edges).toEqual(expected);
      }
      const pages = coauthorPages(ran);
      expect(pages).toHaveLength(1);
      expect(readsPapers(server.db.sqlite, pages[0])).toBe(withYears);
    }
  });

  it.each(['DESC', 'ASC'] as const)(
    'pages through both orders %s with and without the years, and crossing between them: the same co-authors, counts and cursors',
    async (direction) => {
      // Data that tells the orders and the years apart, over many pages.
      const mine = shared.get(authorId)!;
      expect(mine.length).toBeGreaterThan(5 * PAGE_SIZE);
      expect(mine.some((c) => c.firstSharedYear < c.lastSharedYear)).toBe(true);
      expect(new Set(mine.map((c) => c.sharedPaperCount)).size).toBeGreaterThan(2);
      expect(sorted(mine, 'RECENCY', direction)).not.toEqual(sorted(mine, 'SHARED_PAPERS', direction));
      for (const field of ['SHARED_PAPERS', 'RECENCY'] as const) {
        const expected = sorted(shared.get(authorId)!, field, direction);
        for (const documents of [[WITHOUT_YEARS], [WITH_YEARS], [WITHOUT_YEARS, WITH_YEARS], [WITH_YEARS, WITHOUT_YEARS]]) {
          const edges: Row[] = [];
          let after: string | null = null;
          for (let page = 0; ; page += 1) {
            expect(page).toBeLessThan(Math.ceil(expected.length / PAGE_SIZE));
            const document = documents[page % documents.length];
            const withYears = document === WITH_YEARS;
            const [data, ran] = await query(document, { id: toGlobalId('Author', authorId), first: PAGE_SIZE, after, orderBy: { field, direction } });
            const connection: Row = data.author.coauthors;
            const offset = edges.length;
            expect(connection.edges).toEqual(expected.slice(offset, offset + PAGE_SIZE).map((c) => expectedEdge(c, field, direction, withYears)));
            // RECENCY sorts on lastSharedYear, so its pages read the years whatever the selection.
            const pages = coauthorPages(ran);
            expect(pages).toHaveLength(1);
            expect({ page, reads: readsPapers(server.db.sqlite, pages[0]) }).toEqual({ page, reads: withYears || field === 'RECENCY' });
            edges.push(...connection.edges);
            if (!connection.pageInfo.hasNextPage) break;
            expect(connection.pageInfo.endCursor).toBe(connection.edges[connection.edges.length - 1].cursor);
            after = connection.pageInfo.endCursor;
          }
          expect(edges).toHaveLength(expected.length);
        }
      }
    },
  );

  it('holds only sharedPaperCount and the id in a SHARED_PAPERS cursor, so a page without years writes the same cursor', async () => {
    const [data, ran] = await query(WITHOUT_YEARS, { id: toGlobalId('Author', authorId), first: 3 });
    const top = sorted(shared.get(authorId)!, 'SHARED_PAPERS', 'DESC').slice(0, 3);
    expect(data.author.coauthors.edges.map((e: Row) => JSON.parse(Buffer.from(e.cursor, 'base64url').toString()))).toEqual(
      top.map((c) => ['SHARED_PAPERS_DESC', c.sharedPaperCount, c.id]),
    );
    expect(readsPapers(server.db.sqlite, coauthorPages(ran)[0])).toBe(false);
  });

  it('finds the years in fragments, inline fragments and aliases, and reads none for fragments without them', async () => {
    const id = toGlobalId('Author', authorId);
    const top = sorted(shared.get(authorId)!, 'SHARED_PAPERS', 'DESC').slice(0, 5);
    const years = top.map((c) => ({ firstSharedYear: c.firstSharedYear, lastSharedYear: c.lastSharedYear }));
    const documents = [
      [`query ($id: ID!) { author(id: $id) { coauthors(first: 5) { ...Page } } }
        fragment Page on CoauthorConnection { edges { ...Years } }
        fragment Years on CoauthorEdge { firstSharedYear lastSharedYear }`, years],
      [`query ($id: ID!) { author(id: $id) { coauthors(first: 5) { edges { ... on CoauthorEdge { firstSharedYear } ... { lastSharedYear } } } } }`, years],
      [`query ($id: ID!) { author(id: $id) { coauthors(first: 5) { edges { from: firstSharedYear to: lastSharedYear } } } }`,
        years.map((y) => ({ from: y.firstSharedYear, to: y.lastSharedYear }))],
      [`query ($id: ID!) { author(id: $id) { ...Coauthors } }
        fragment Coauthors on Author { coauthors(first: 5) { edges { lastSharedYear } } }`, years.map(({ lastSharedYear }) => ({ lastSharedYear }))],
      // @include is not evaluated: a year that may be selected is read.
      [`query ($id: ID!, $years: Boolean = false) { author(id: $id) { coauthors(first: 5) { edges { sharedPaperCount lastSharedYear @include(if: $years) } } } }`,
        top.map((c) => ({ sharedPaperCount: c.sharedPaperCount }))],
    ] as const;
    for (const [document, edges] of documents) {
      const [data, ran] = await query(document, { id });
      expect(data.author.coauthors.edges).toEqual(edges);
      expect(readsPapers(server.db.sqlite, coauthorPages(ran)[0])).toBe(true);
    }
    const [data, ran] = await query(
      `query ($id: ID!) { author(id: $id) { coauthors(first: 5) { ...Page totalCount } } }
       fragment Page on CoauthorConnection { edges { ...Counts ... on CoauthorEdge { cursor } } nodes { name } pageInfo { endCursor } }
       fragment Counts on CoauthorEdge { sharedPaperCount node { name } }`,
      { id },
    );
    expect(data.author.coauthors.edges.map((e: Row) => [e.sharedPaperCount, e.node.name])).toEqual(top.map((c) => [c.sharedPaperCount, c.name]));
    expect(readsPapers(server.db.sqlite, coauthorPages(ran)[0])).toBe(false);
  });

  it('never answers a selection with years from a page read without them, in one request', async () => {
    const edges = (alias: string, fields: string) => `${alias}: coauthors(first: 5) { edges { ${fields} } }`;
    const counts = edges('counts', 'sharedPaperCount node { name }');
    const years = edges('years', 'sharedPaperCount firstSharedYear lastSharedYear node { name }');
    const top = sorted(shared.get(authorId)!, 'SHARED_PAPERS', 'DESC').slice(0, 5);
    for (const selection of [`${counts} ${years}`, `${years} ${counts}`]) {
      const [data, ran] = await query(`query ($id: ID!) { author(id: $id) { ${selection} } }`, { id: toGlobalId('Author', authorId) });
      expect(data.author.counts.edges).toEqual(top.map((c) => ({ sharedPaperCount: c.sharedPaperCount, node: { name: c.name } })));
      expect(data.author.years.edges).toEqual(
        top.map((c) => ({ sharedPaperCount: c.sharedPaperCount, firstSharedYear: c.firstSharedYear, lastSharedYear: c.lastSharedYear, node: { name: c.name } })),
      );
      expect(coauthorPages(ran).map((r) => readsPapers(server.db.sqlite, r)).sort()).toEqual([false, true]);
    }
  });
});
