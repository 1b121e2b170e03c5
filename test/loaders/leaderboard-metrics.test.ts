// Author lists read every stored metric with their page and prime the metrics loader with them:
// a leaderboard is one statement, and each metric is what author_metrics holds, as the loader reads it.
import fs from 'node:fs';
import path from 'node:path';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { type StoredAuthorMetrics } from '../../src/store/sqlite/records';
import { categoryParts } from '../../src/domain/arxiv-categories';
import { toGlobalId } from '../../src/graphql/ids';
import { encodeCursor } from '../../src/pagination/cursor';
import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

/** An author of the list with its stored metrics, as the API's loader reads them. */
type Stored = StoredAuthorMetrics & { id: number; name: string };

const LEADERBOARD = fs.readFileSync(path.join(__dirname, '../../bench/workloads/leaderboard.graphql'), 'utf8');

const EVERY_METRIC = 'id name hIndex i10Index gIndex paperCount citationCount novelty aiScore primaryCategory { code name } metrics { asOf }';

/** What an author's every metric field answers, from the stored row. */
const card = (a: Stored): Row => ({
  id: toGlobalId('Author', a.id),
  name: a.name,
  hIndex: a.hIndex,
  i10Index: a.i10Index,
  gIndex: a.gIndex,
  paperCount: a.paperCount,
  citationCount: a.citationCount,
  novelty: a.novelty,
  aiScore: a.aiScore,
  primaryCategory: a.primaryCategory === null ? null : { code: a.primaryCategory, name: categoryParts(a.primaryCategory).name },
  metrics: { asOf: a.changedAt === null ? null : new Date(a.changedAt).toISOString() },
});

describe('metrics read with the author list', () => {
  let server: TestServer;
  let stored: (where: string, ...params: unknown[]) => Stored[];
  let categories: string[];

  beforeAll(async () => {
    server = await startServer({ seedDemoData: false, fill: (db) => writeCorpus(db, { papers: 4000, seed: 1 }) });
    const { sqlite } = server.db;
    stored = (where, ...params) =>
      sqlite
        .prepare(
          `SELECT a.id, a.name, s.paper_count AS paperCount, s.citation_count AS citationCount, s.h_index AS hIndex,
                  s.i10_index AS i10Index, s.g_index AS gIndex, s.novelty, s.ai_score AS aiScore,
                  s.primary_category AS primaryCategory, s.changed_at AS changedAt
             FROM authors a JOIN author_metrics s ON s.author_id = a.id ${where}`,
        )
        .all(...params) as Stored[];
    categories = sqlite
      .prepare('SELECT primary_category FROM author_metrics GROUP BY primary_category ORDER BY count(*) DESC, primary_category LIMIT 3')
      .pluck()
      .all() as string[];
  });
  afterAll(() => server.close());

  async function counted(query: string, variables?: Record<string, unknown>): Promise<{ data: Row; statements: number }> {
    const before = await server.statementsRun();
    const { body } = await server.graphql(query, variables);
    expect(body.errors).toBeUndefined();
    return { data: body.data, statements: (await server.statementsRun()) - before };
  }

  it.each([0, 1, 2])('answers the leaderboard of the category ranked %d by authors in one statement, as author_metrics holds it', async (rank) => {
    const category = categories[rank];
    const rows = stored('WHERE s.primary_category = ? ORDER BY s.h_index DESC, a.id DESC LIMIT 51', category);
    const page = rows.slice(0, 50);
    expect(page).toHaveLength(50);
    const { data, statements } = await counted(LEADERBOARD, { category });
    expect(data).toEqual({
      authors: {
        pageInfo: { hasNextPage: rows.length > 50, endCursor: encodeCursor('AUTHOR_H_INDEX_DESC', [page[49].hIndex, page[49].id]) },
        nodes: page.map((a) => {
          const { id, name, hIndex, citationCount, paperCount, primaryCategory } = card(a);
          return { id, name, hIndex, citationCount, paperCount, primaryCategory: primaryCategory && { code: primaryCategory.code, name: primaryCategory.name } };
        }),
      },
    });
    // The list statement only: the metrics came with it.
    expect(statements).toBe(1);
  });

  it('gives every metric of every page the value of author_metrics, and the same as the author asked for alone', async () => {
    const query = `query ($after: String) { authors(orderBy: { field: CITATION_COUNT }, first: 25, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { ${EVERY_METRIC} } } }`;
    const expected = stored('ORDER BY s.citation_count DESC, a.id DESC LIMIT 75').map(card);
    // Values that tell the metrics apart, none of them null.
    expect(expected.filter((a) => a.novelty !== null && a.aiScore !== null && a.metrics.asOf !== null && a.i10Index !== a.gIndex).length).toBeGreaterThan(50);
    let after: string | null = null;
    for (let page = 0; page < 3; page += 1) {
      const { data, statements } = await counted(query, { after });
      expect(data.authors.nodes).toEqual(expected.slice(25 * page, 25 * page + 25));
      // The list, and the two of the metrics window (its asOf, a stored metric, needs none of its own).
      expect({ page, statements }).toEqual({ page, statements: 3 });
      after = data.authors.pageInfo.endCursor;
    }
    for (const author of expected.slice(0, 5)) {
      const alone = await counted(`query ($id: ID!) { author(id: $id) { ${EVERY_METRIC} } }`, { id: author.id });
      expect(alone.data.author).toEqual(author);
    }
    const { data } = await counted(`{ authors(first: 5) { nodes { ${EVERY_METRIC} } } }`);
    expect(data.authors.nodes).toEqual(stored('ORDER BY a.name ASC, a.id ASC LIMIT 5').map(card));
  });

  it('reads the metrics of authors outside the list with the loader, once, and never those of the listed ones again', async () => {
    const { data, statements } = await counted(`query ($category: String!) {
      authors(filter: { category: $category }, orderBy: { field: PAPER_COUNT }, first: 10) {
        nodes { id hIndex coauthors(first: 3) { nodes { id hIndex paperCount } } }
      }
    }`, { category: categories[0] });
    const hIndexOf = new Map(stored('').map((a) => [toGlobalId('Author', a.id), a]));
    const nodes: Row[] = data.authors.nodes;
    expect(nodes).toHaveLength(10);
    for (const node of [...nodes, ...nodes.flatMap((n) => n.coauthors.nodes)]) {
      expect(node.hIndex).toBe(hIndexOf.get(node.id)!.hIndex);
    }
    // The list, the co-author pages, and the co-authors' metrics.
    expect(statements).toBe(3);
  });

  it('runs one statement fewer for the deep page: its authors\' hIndex comes with the list', async () => {
    const deep = fs.readFileSync(path.join(__dirname, '../../bench/workloads/deep.graphql'), 'utf8');
    const { data, statements } = await counted(deep, { category: categories[0], order: 'H_INDEX' });
    const top = stored('WHERE s.primary_category = ? ORDER BY s.h_index DESC, a.id DESC LIMIT 50', categories[0]);
    expect(data.authors.nodes.map((n: Row) => [n.id, n.name, n.hIndex])).toEqual(top.map((a) => [toGlobalId('Author', a.id), a.name, a.hIndex]));
    // The list, the papers, the papers' authors, the co-authors: the floor's four.
    expect(statements).toBe(4);
  });
});
