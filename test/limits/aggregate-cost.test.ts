// An aggregate of a whole list (totalCount, stats) returns one object but reads every row of
// the list: it costs the rows it scans, from the table's sizes, once per connection.
import { type GraphQLSchema, getOperationAST, parse } from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import { COUNT_ROWS_PER_POINT, documentCosts, queryCost, STATS_ROWS_PER_POINT } from '../../src/limits/query-cost';
import { type TableStatistics } from '../../src/limits/table-statistics';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

const LARGE: TableStatistics = { papers: 100_000, authors: 61_590, authorships: 457_641 };
const count = (rows: number) => Math.floor(rows / COUNT_ROWS_PER_POINT);
const stats = (rows: number) => Math.floor(rows / STATS_ROWS_PER_POINT);

function cost(query: string, statistics: TableStatistics, variables?: Record<string, unknown>): number {
  const document = parse(query);
  return queryCost(schema, document, getOperationAST(document)!, variables, statistics);
}

describe('aggregates priced by the rows they scan', () => {
  it('prices a count and the stats of all papers by the papers table, beside the page', () => {
    expect(cost('{ papers(first: 0) { totalCount } }', LARGE)).toBe(count(100_000));
    expect(cost('{ papers(first: 0) { stats { paperCount byYear { year count } } } }', LARGE)).toBe(stats(100_000));
    expect(cost('{ papers(first: 5) { totalCount stats { hIndex } nodes { title } } }', LARGE)).toBe(5 + count(100_000) + stats(100_000));
    // A filter narrows what is counted, not what is read.
    expect(cost('{ papers(first: 0, filter: { publishedTo: "2020-01-01" }) { totalCount } }', LARGE)).toBe(count(100_000));
  });

  it('charges each alias: the attack of 28 aliased stats costs 28 times one', () => {
    const one = 'papers(first: 0, filter: {publishedTo: "2020-01-01"}) { totalCount stats { byYear { year count } byCategory { count } } }';
    const aliases = Array.from({ length: 28 }, (_, i) => `a${i}: ${one}`).join(' ');
    expect(cost(`{ ${aliases} }`, LARGE)).toBe(28 * (count(100_000) + stats(100_000)));
  });

  it('prices papers found by external id by their number, not the table', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `id${i}`);
    expect(cost('query ($ids: [String!]) { papers(externalIds: $ids) { totalCount stats { hIndex } } }', LARGE, { ids })).toBe(20 + count(100) + stats(100));
  });

  it("prices an author's papers by the average author's, multiplied by the authors listed", () => {
    // Authors of 500 papers on average: 5 points to count one's papers, 25 for their stats.
    const prolific = { papers: 2_000_000, authors: 10_000, authorships: 5_000_000 };
    expect(cost('{ authors(first: 10) { nodes { papers(first: 0) { totalCount stats { hIndex } } } } }', prolific)).toBe(10 * (1 + 5 + 25));
    expect(cost('{ authors(first: 10) { nodes { papers(first: 3) { nodes { title } } } } }', prolific)).toBe(10 * (1 + 3));
    expect(cost('{ authors(first: 0) { totalCount } }', LARGE)).toBe(count(LARGE.authors));
  });

  it('finds aggregates through fragments, and leaves out what @skip and @include leave out', () => {
    const query = `query ($full: Boolean!) { papers(first: 0) { ...agg ... on PaperConnection { stats @include(if: $full) { hIndex } } } }
      fragment agg on PaperConnection { totalCount @skip(if: $full) }`;
    expect(cost(query, LARGE, { full: true })).toBe(stats(100_000));
    expect(cost(query, LARGE, { full: false })).toBe(count(100_000));
  });

  it('grows with the tables, and the remembered cost follows them', () => {
    const remembered = documentCosts();
    const document = parse('{ papers(first: 0) { totalCount stats { hIndex } } }');
    const operation = getOperationAST(document)!;
    const small = { papers: 1_000, authors: 500, authorships: 3_000 };
    expect(remembered(schema, document, operation, {}, small)).toBe(count(1_000) + stats(1_000));
    expect(remembered(schema, document, operation, {}, LARGE)).toBe(count(100_000) + stats(100_000));
    expect(remembered(schema, document, operation, {}, small)).toBe(count(1_000) + stats(1_000));
  });
});
