// Author.metrics over windows of years and categories, with the h-core and the novelty behind
// the numbers, checked against the author's papers as the API lists them.
import { createKey } from '../../src/auth/keys';

import { gIndex, hIndex, i10Index } from '../../src/metrics';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { startServer, type TestServer } from '../support/server';

type Row = Record<string, any>;
const WINDOW = `paperCount citationCount hIndex i10Index gIndex mQuotient noveltyMean aiScore firstYear lastYear
  hCore { externalId citationCount }
  novelty(threshold: 0.6) { papers mean citationWeightedMean max threshold shareAbove byYear { year papers mean } }`;
const PAPERS = 'papers(first: 100) { totalCount nodes { externalId citationCount novelty aiScore publishedAt category { code } } }';

/** The window's figures computed in the test from the papers the API lists. */
function expected(papers: Row[], since: number | null, until: number | null, category: string | null) {
  const inWindow = papers.filter((p) => {
    const year = Number(p.publishedAt.slice(0, 4));
    return (since === null || year >= since) && (until === null || year <= until) && (category === null || p.category.code === category);
  });
  const citations = inWindow.map((p) => p.citationCount as number);
  const h = hIndex(citations);
  const years = inWindow.map((p) => Number(p.publishedAt.slice(0, 4)));
  const scored = inWindow.filter((p) => p.novelty !== null);
  const rated = inWindow.filter((p) => p.aiScore !== null);
  const end = Math.min(until ?? new Date().getUTCFullYear(), new Date().getUTCFullYear());
  const weight = scored.reduce((s, p) => s + p.citationCount, 0);
  const byYear = new Map<number, number[]>();
  for (const p of scored) byYear.set(Number(p.publishedAt.slice(0, 4)), [...(byYear.get(Number(p.publishedAt.slice(0, 4))) ?? []), p.novelty]);
  const close = (x: number | null) => (x === null ? null : expect.closeTo(x, 10));
  return {
    paperCount: inWindow.length,
    citationCount: citations.reduce((s, c) => s + c, 0),
    hIndex: h,
    i10Index: i10Index(citations),
    gIndex: gIndex(citations),
    mQuotient: inWindow.length ? close(h / Math.max(1, end - Math.min(...years) + 1)) : null,
    noveltyMean: scored.length ? close(scored.reduce((s, p) => s + p.novelty, 0) / scored.length) : null,
    aiScore: rated.length ? close(rated.reduce((s, p) => s + p.aiScore, 0) / rated.length) : null,
    firstYear: inWindow.length ? Math.min(...years) : null,
    lastYear: inWindow.length ? Math.max(...years) : null,
    // The h most cited, each cited at least h times.
    hCore: [...inWindow].sort((a, b) => b.citationCount - a.citationCount).slice(0, h).map((p) => ({ externalId: expect.any(String), citationCount: p.citationCount })),
    novelty: {
      papers: scored.length,
      mean: scored.length ? close(scored.reduce((s, p) => s + p.novelty, 0) / scored.length) : null,
      citationWeightedMean: weight ? close(scored.reduce((s, p) => s + p.novelty * p.citationCount, 0) / weight) : null,
      max: scored.length ? Math.max(...scored.map((p) => p.novelty)) : null,
      threshold: 0.6,
      shareAbove: scored.length ? close(scored.filter((p) => p.novelty > 0.6).length / scored.length) : null,
      byYear: [...byYear].sort((a, b) => a[0] - b[0]).map(([year, values]) => ({ year, papers: values.length, mean: close(values.reduce((s, v) => s + v, 0) / values.length) })),
    },
  };
}

describe('Author.metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ fill: (db) => writeCorpus(db, { papers: 1500, seed: 5 }) });
  });
  afterAll(() => server.close());

  it("equals the card's numbers without a window, and shows the h-core behind the h-index", async () => {
    const { body } = await server.graphql(`{ authors(search: "Zongkai Liu") { nodes { hIndex gIndex i10Index citationCount paperCount ${PAPERS} metrics { ${WINDOW} } } } }`);
    expect(body.errors).toBeUndefined();
    const author = body.data.authors.nodes[0];
    expect(author.metrics).toEqual(expected(author.papers.nodes, null, null, null));
    expect(author.metrics).toMatchObject({ hIndex: author.hIndex, gIndex: author.gIndex, i10Index: author.i10Index, citationCount: author.citationCount, paperCount: author.paperCount });
    expect(author.metrics.hCore).toHaveLength(author.hIndex);
    expect(author.metrics.hCore.every((p: Row) => p.citationCount >= author.hIndex)).toBe(true);
  });

  it('narrows to a window of years and a category, for the most prolific authors of the corpus', async () => {
    const windows: Array<[number | null, number | null, string | null]> = [
      [2024, null, null],
      [null, 2023, null],
      [2021, 2025, 'cs.LG'],
      [null, null, 'cs.CV'],
      [2030, 2031, null],
    ];
    const fields = windows.map(([since, until, category], i) => `w${i}: metrics(since: ${since}, until: ${until}, category: ${category === null ? null : `"${category}"`}) { ${WINDOW} }`);
    // Authors of 20 papers or more, fewest first: all their papers fit in one page of 100.
    const { body } = await server.graphql(`{ authors(first: 8, filter: { minPaperCount: 20 }, orderBy: { field: PAPER_COUNT, direction: ASC }) { nodes { ${PAPERS} ${fields.join(" ")} } } }`);
    expect(body.errors).toBeUndefined();
    for (const author of body.data.authors.nodes) {
      expect(author.papers.totalCount).toBeLessThanOrEqual(100);
      windows.forEach(([since, until, category], i) => expect(author[`w${i}`]).toEqual(expected(author.papers.nodes, since, until, category)));
    }
    // The empty window: zeros and nulls, not errors.
    expect(body.data.authors.nodes[0].w4).toMatchObject({ paperCount: 0, hIndex: 0, mQuotient: null, hCore: [], novelty: { papers: 0, mean: null } });
  });

  it('costs the same statements for 5 or 40 authors', async () => {
    const counts = [];
    for (const n of [5, 40]) {
      const before = await server.statementsRun();
      const { body } = await server.graphql(`query ($n: Int) { authors(first: $n, orderBy: { field: PAPER_COUNT, direction: DESC }) { nodes {
        recent: metrics(since: 2024) { hIndex hCore { title } novelty { mean } } all: metrics { gIndex novelty(threshold: 0.2) { shareAbove } } } } }`, { n });
      expect(body.data.authors.nodes).toHaveLength(n);
      counts.push((await server.statementsRun()) - before);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('stamps the figures with when the data behind them last changed: a write moves it for its authors only', async () => {
    const writer = { authorization: `Bearer ${(await createKey(server.store, { name: 'stamp writer', role: 'writer' })).key}` };
    const query = `{ liu: authors(search: "Zongkai Liu") { nodes { metrics { asOf citationCount } papers(first: 1, orderBy: { field: CITATION_COUNT, direction: DESC }) { nodes { id citationCount } } } }
      other: authors(first: 1, filter: { minPaperCount: 20 }) { nodes { name metrics { asOf } } } }`;
    const before = (await server.graphql(query)).body.data;
    const liu = before.liu.nodes[0];
    expect(Number.isNaN(Date.parse(liu.metrics.asOf))).toBe(false);
    const paper = liu.papers.nodes[0];
    const update = await server.graphql(
      'mutation ($id: ID!, $n: Int!) { updatePaper(id: $id, changes: { citationCount: $n }) { paper { citationCount } } }',
      { id: paper.id, n: paper.citationCount + 5 },
      writer,
    );
    expect(update.body.errors).toBeUndefined();
    const after = (await server.graphql(query)).body.data;
    expect(after.liu.nodes[0].metrics.citationCount).toBe(liu.metrics.citationCount + 5);
    expect(Date.parse(after.liu.nodes[0].metrics.asOf)).toBeGreaterThan(Date.parse(liu.metrics.asOf));
    expect(after.other.nodes[0]).toEqual(before.other.nodes[0]);
  });

  it('refuses a window that cannot be, saying how to fix it', async () => {
    const cases: Array<[string, RegExp]> = [
      ['metrics(since: 99)', /`since` must be a year of four digits/],
      ['metrics(since: 2025, until: 2020)', /`since` \(2025\) is after `until` \(2020\); swap them/],
      // The message names the argument as written, `category` (it once said `metrics.categories`).
      ['metrics(category: "cs.LG\\u0007")', /^`category` "cs\.LG\u0007" holds a control character; give an arXiv category code/],
      ['metrics { novelty(threshold: 1.5) { mean } }', /`threshold` must be between 0 and 1/],
    ];
    for (const [field, message] of cases) {
      const selection = field.includes('{') ? field : `${field} { hIndex }`;
      const { status, body } = await server.graphql(`{ authors(first: 1) { nodes { ${selection} } } }`);
      expect(status).toBe(200);
      expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0].message).toMatch(message);
    }
  });
});
