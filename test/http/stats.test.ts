// Facets and aggregates of filtered paper sets, and yearly series, against the raw tables.
import { gIndex, hIndex, i10Index } from '../../src/metrics';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;
const STATS =
  'stats { paperCount citationCount hIndex i10Index gIndex h5Index h5Median novelty aiScore firstYear lastYear byCategory { category { code } count } byYear { year count } }';

/** h5 as Google Scholar has it, computed from the rows: the five complete years before this one. */
function expectedH5(rows: Row[]) {
  const year = new Date().getUTCFullYear();
  const recent = rows.filter((r) => Number(r.y) >= year - 5 && Number(r.y) <= year - 1).map((r) => r.c as number).sort((a, b) => b - a);
  const h5 = hIndex(recent);
  const core = recent.slice(0, h5);
  const median = h5 === 0 ? null : h5 % 2 ? core[(h5 - 1) / 2] : (core[h5 / 2 - 1] + core[h5 / 2]) / 2;
  return { h5Index: h5, h5Median: median };
}

describe('paper set stats and series', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ fill: (db) => writeCorpus(db, { papers: 800, seed: 3 }) });
  });
  afterAll(() => server.close());

  /** The same aggregates, computed in the test from the rows of a WHERE clause. */
  function expectedStats(from: string, where: string, ...params: unknown[]) {
    const rows = server.db.sqlite.prepare(`SELECT p.citation_count AS c, p.novelty AS n, p.ai_score AS ai, p.category AS cat, substr(p.published_at, 1, 4) AS y FROM ${from} WHERE ${where}`).all(...params) as Row[];
    const count = (key: string) => {
      const m = new Map<any, number>();
      for (const r of rows) m.set(r[key], (m.get(r[key]) ?? 0) + 1);
      return m;
    };
    const scored = rows.filter((r) => r.n !== null);
    const rated = rows.filter((r) => r.ai !== null);
    const years = rows.map((r) => Number(r.y));
    return {
      paperCount: rows.length,
      citationCount: rows.reduce((s, r) => s + r.c, 0),
      hIndex: hIndex(rows.map((r) => r.c)),
      i10Index: i10Index(rows.map((r) => r.c)),
      gIndex: gIndex(rows.map((r) => r.c)),
      ...expectedH5(rows),
      novelty: scored.length ? expect.closeTo(scored.reduce((s, r) => s + r.n, 0) / scored.length, 10) : null,
      aiScore: rated.length ? expect.closeTo(rated.reduce((s, r) => s + r.ai, 0) / rated.length, 10) : null,
      firstYear: rows.length ? Math.min(...years) : null,
      lastYear: rows.length ? Math.max(...years) : null,
      byCategory: [...count('cat')].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code, n]) => ({ category: { code }, count: n })),
      byYear: [...count('y')].sort((a, b) => a[0] - b[0]).map(([y, n]) => ({ year: Number(y), count: n })),
    };
  }

  it("gives an author's filtered paper set its facets, e.g. cs.LG since 2024", async () => {
    const { body } = await server.graphql(`{ authors(search: "Zongkai Liu") { nodes {
      all: papers(first: 0) { ${STATS} }
      lg: papers(first: 0, filter: { categories: ["cs.LG"], publishedFrom: "2024-01-01" }) { ${STATS} } } } }`);
    expect(body.errors).toBeUndefined();
    const author = body.data.authors.nodes[0];
    const mine = `authorships s JOIN papers p ON p.id = s.paper_id JOIN authors a ON a.id = s.author_id`;
    expect(author.all.stats).toEqual(expectedStats(mine, "a.name = 'Zongkai Liu'"));
    expect(author.all.stats).toMatchObject({ paperCount: 6, citationCount: 229, hIndex: 4 });
    expect(author.lg.stats).toEqual(expectedStats(mine, "a.name = 'Zongkai Liu' AND p.category = 'cs.LG' AND p.published_at >= '2024-01-01'"));
  });

  it('gives a category its venue-style h5-index and h5-median', async () => {
    const { body } = await server.graphql(`{ papers(first: 0, filter: { categories: ["cs.LG"] }) { ${STATS} } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.papers.stats).toEqual(expectedStats('papers p', "p.category = 'cs.LG'"));
    expect(body.data.papers.stats.h5Index).toBeGreaterThan(0);
  });

  it('gives any filtered set of all papers its facets', async () => {
    const { body } = await server.graphql(`{ papers(first: 1, filter: { publishedFrom: "2020-01-01", minCitations: 2 }) { totalCount ${STATS} } }`);
    expect(body.data.papers.stats).toEqual(expectedStats('papers p', "p.published_at >= '2020-01-01' AND p.citation_count >= 2"));
    expect(body.data.papers.stats.paperCount).toBe(body.data.papers.totalCount);
  });

  it('runs the same statements for the stats of 5 or 50 authors', async () => {
    const counts = [];
    for (const n of [5, 50]) {
      const before = await server.statementsRun();
      const { body } = await server.graphql(`query ($n: Int) { authors(first: $n, orderBy: { field: PAPER_COUNT, direction: DESC }) {
        nodes { papers(first: 0, filter: { minCitations: 1 }) { ${STATS} } papersByYear { year count } citationsByYear { year count } } } }`, { n });
      expect(body.data.authors.nodes).toHaveLength(n);
      counts.push((await server.statementsRun()) - before);
    }
    // The list, the two statements of the stats, the yearly series.
    expect(counts).toEqual([4, 4]);
  });

  it('gives an author yearly series of papers and citations, years between filled with 0', async () => {
    const { body } = await server.graphql('{ authors(search: "Zongkai Liu") { nodes { papersByYear { year count } citationsByYear { year count } } } }');
    const rows = server.db.sqlite
      .prepare(`SELECT CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year, COUNT(*) AS papers, SUM(p.citation_count) AS citations
                  FROM authorships s JOIN papers p ON p.id = s.paper_id JOIN authors a ON a.id = s.author_id
                 WHERE a.name = 'Zongkai Liu' GROUP BY 1 ORDER BY 1`)
      .all() as Row[];
    const author = body.data.authors.nodes[0];
    expect(author.papersByYear).toEqual(rows.map((r) => ({ year: r.year, count: r.papers })));
    expect(author.citationsByYear).toEqual(rows.map((r) => ({ year: r.year, count: r.citations })));
    expect(author.papersByYear.reduce((s: number, p: Row) => s + p.count, 0)).toBe(6);
  });
});
