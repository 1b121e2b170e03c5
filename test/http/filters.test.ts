// Filters and orderings on papers and authors, checked against answers computed independently
// from the raw tables, and leaderboards served from an index.
import { authorMetrics, type PaperFacts } from '../../src/metrics';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;

describe('filters and orderings', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ fill: (db) => writeCorpus(db, { papers: 1500, seed: 7 }) });
  });
  afterAll(() => server.close());

  const sqlIds = (sql: string, ...params: unknown[]) =>
    server.db.sqlite.prepare(sql).pluck().all(...params) as string[];

  it('narrows papers by categories, dates, code, citations and score, in any order', async () => {
    const filter = { categories: ['cs.LG', 'cs.CV'], publishedFrom: '2019-01-01', publishedTo: '2023-12-31', hasCode: true, minCitations: 3, minScore: 10 };
    const where = `category IN ('cs.LG', 'cs.CV') AND published_at BETWEEN '2019-01-01' AND '2023-12-31' AND has_code = 1 AND citation_count >= 3 AND score >= 10`;
    const { body } = await server.graphql(
      `query ($filter: PaperFilterInput) { papers(first: 100, filter: $filter, orderBy: { field: CITATION_COUNT, direction: DESC }) {
        totalCount nodes { externalId } } }`,
      { filter },
    );
    expect(body.errors).toBeUndefined();
    const expected = sqlIds(`SELECT external_id FROM papers WHERE ${where} ORDER BY citation_count DESC, id DESC LIMIT 100`);
    expect(expected.length).toBeGreaterThan(5);
    expect(body.data.papers.nodes.map((n: Row) => n.externalId)).toEqual(expected);
    expect(body.data.papers.totalCount).toBe(sqlIds(`SELECT COUNT(*) FROM papers WHERE ${where}`)[0]);
  });

  it('pages through papers by novelty with the unscored last, without skipping or repeating', async () => {
    const seen: Row[] = [];
    let after: string | null = null;
    for (;;) {
      const { body }: { body: Row } = await server.graphql(
        `query ($after: String) { papers(first: 100, after: $after, orderBy: { field: NOVELTY, direction: DESC }, filter: { categories: ["cs.LG"] }) {
          pageInfo { hasNextPage endCursor } nodes { externalId novelty } } }`,
        { after },
      );
      seen.push(...body.data.papers.nodes);
      if (!body.data.papers.pageInfo.hasNextPage) break;
      after = body.data.papers.pageInfo.endCursor;
    }
    const expected = sqlIds(`SELECT external_id FROM papers WHERE category = 'cs.LG' ORDER BY ifnull(novelty, -1) DESC, id DESC`);
    expect(seen.map((p) => p.externalId)).toEqual(expected);
    const firstUnscored = seen.findIndex((p) => p.novelty === null);
    expect(firstUnscored).toBeGreaterThan(0);
    expect(seen.slice(firstUnscored).every((p) => p.novelty === null)).toBe(true);
  });

  it("narrows an author's papers, e.g. to those since 2025", async () => {
    const { body } = await server.graphql(`{ authors(search: "Zongkai Liu") { nodes {
      recent: papers(filter: { publishedFrom: "2025-01-01" }, orderBy: { field: PUBLISHED_AT, direction: ASC }) { totalCount nodes { publishedAt } }
      coded: papers(filter: { hasCode: true, categories: ["cs.LG"] }) { totalCount }
      all: papers { totalCount } } } }`);
    const author = body.data.authors.nodes[0];
    expect(author.recent.nodes.map((p: Row) => p.publishedAt)).toEqual(['2025-03-10', '2025-05-18', '2025-05-19']);
    expect(author.recent.totalCount).toBe(3);
    expect(author.coded.totalCount).toBe(2);
    expect(author.all.totalCount).toBe(6);
  });

  it('narrows papers to one author by id', async () => {
    const { body } = await server.graphql('{ authors(search: "Qian Lin") { nodes { id } } }');
    const id = body.data.authors.nodes[0].id;
    const { body: papers } = await server.graphql(`query ($id: ID) { papers(filter: { authorId: $id }, orderBy: { field: TITLE, direction: ASC }) { nodes { title } } }`, { id });
    expect(papers.data.papers.nodes.map((p: Row) => p.title)).toEqual(
      sqlIds(`SELECT p.title FROM papers p JOIN authorships s ON s.paper_id = p.id JOIN authors a ON a.id = s.author_id WHERE a.name = 'Qian Lin' ORDER BY p.title, p.id`),
    );
  });

  it('answers a leaderboard from the metrics index, equal to metrics computed from scratch', async () => {
    const { body } = await server.graphql(`{ authors(first: 20, filter: { category: "cs.LG", minPaperCount: 2 }, orderBy: { field: H_INDEX, direction: DESC }) {
      totalCount nodes { name hIndex paperCount primaryCategory { code } } } }`);
    expect(body.errors).toBeUndefined();
    const facts = server.db.sqlite
      .prepare(`SELECT a.id, a.name, p.citation_count AS citationCount, p.novelty, p.ai_score AS aiScore, p.category, p.published_at AS publishedAt
                  FROM authors a JOIN authorships s ON s.author_id = a.id JOIN papers p ON p.id = s.paper_id`)
      .all() as (PaperFacts & { id: number; name: string })[];
    const byAuthor = new Map<number, { name: string; papers: PaperFacts[] }>();
    for (const f of facts) (byAuthor.get(f.id) ?? byAuthor.set(f.id, { name: f.name, papers: [] }).get(f.id)!).papers.push(f);
    const board = [...byAuthor.entries()]
      .map(([id, a]) => ({ id, name: a.name, ...authorMetrics(a.papers) }))
      .filter((a) => a.primaryCategory === 'cs.LG' && a.paperCount >= 2)
      .sort((a, b) => b.hIndex - a.hIndex || b.id - a.id);
    expect(body.data.authors.totalCount).toBe(board.length);
    expect(body.data.authors.nodes).toEqual(
      board.slice(0, 20).map((a) => ({ name: a.name, hIndex: a.hIndex, paperCount: a.paperCount, primaryCategory: { code: 'cs.LG' } })),
    );
    const plan = await server.queryPlan(
      `SELECT m.author_id FROM author_metrics m JOIN authors au ON au.id = m.author_id
        WHERE m.primary_category = ? ORDER BY m.h_index DESC, m.author_id DESC LIMIT 21`,
      'cs.LG',
    );
    expect(plan).toContain('author_metrics_category_h_index_idx');
    // No sort step of the engine's own: SQLite's temporary B-tree, PostgreSQL's Sort node.
    expect(plan).not.toMatch(server.engine === 'sqlite' ? /TEMP B-TREE/ : /\bSort\b/);
  });

  it.each(['H_INDEX', 'CITATION_COUNT', 'PAPER_COUNT', 'NOVELTY', 'NAME'])('orders authors by %s with a total order', async (field) => {
    const { body } = await server.graphql(`query ($field: AuthorOrderField!) { authors(first: 50, orderBy: { field: $field, direction: DESC }) {
      edges { cursor } nodes { name hIndex citationCount paperCount novelty } } }`, { field });
    const key = { H_INDEX: 'hIndex', CITATION_COUNT: 'citationCount', PAPER_COUNT: 'paperCount', NOVELTY: 'novelty', NAME: 'name' }[field]!;
    const values = body.data.authors.nodes.map((a: Row) => a[key] ?? -1);
    expect(values).toEqual([...values].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(new Set(body.data.authors.edges.map((e: Row) => e.cursor)).size).toBe(50);
  });

  it('resolves a batch of external ids and reports the ones not found', async () => {
    const [a, b] = sqlIds('SELECT external_id FROM papers ORDER BY id LIMIT 2');
    const { body } = await server.graphql(`query ($ids: [String!]) { papers(externalIds: $ids) { totalCount nodes { externalId } missingExternalIds } }`, {
      ids: [a, '9999.99999', b, 'not-an-id'],
    });
    expect(body.data.papers.totalCount).toBe(2);
    expect(body.data.papers.nodes.map((n: Row) => n.externalId).sort()).toEqual([a, b].sort());
    expect(body.data.papers.missingExternalIds).toEqual(['9999.99999', 'not-an-id']);
  });

  it.each([
    // A name is a subject (an OpenAlex one); blank text, control characters or a novel are none.
    ['a blank subject', '{ papers(filter: { categories: ["  "] }) { totalCount } }', 'is blank; give an arXiv category code (cs.LG, hep-th), an OpenAlex subject id'],
    ['a subject with a control character', '{ papers(filter: { categories: ["cs.LG\\u0000"] }) { totalCount } }', 'holds a control character'],
    ['a subject too long to be one', `{ papers(filter: { categories: ["${'x'.repeat(201)}"] }) { totalCount } }`, 'longer than 200 characters'],
    ['a blank leaderboard subject', '{ authors(filter: { category: "" }) { totalCount } }', 'is blank'],
    ['a date range backwards', '{ papers(filter: { publishedFrom: "2024-01-01", publishedTo: "2023-01-01" }) { totalCount } }', 'swap them'],
    ['a score out of range', '{ papers(filter: { minScore: 200 }) { totalCount } }', 'between 0 and 100'],
    ['a negative citation minimum', '{ papers(filter: { minCitations: -1 }) { totalCount } }', '0 or more'],
    ['a negative h-index minimum', '{ authors(filter: { minHIndex: -1 }) { totalCount } }', '0 or more'],
    ['an author id that is not one', '{ papers(filter: { authorId: "nope" }) { totalCount } }', 'is not a ScholarGraph id'],
    ['too many external ids', `{ papers(externalIds: [${Array.from({ length: 101 }, (_, i) => `"${i}"`).join(',')}]) { totalCount } }`, 'at most 100'],
  ])('refuses %s with BAD_USER_INPUT saying how to fix it', async (_label, query, hint) => {
    const { status, body } = await server.graphql(query);
    expect(status).toBe(200);
    expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toContain(hint);
  });
});
