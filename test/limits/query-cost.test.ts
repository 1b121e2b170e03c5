// What a query costs, GitHub-style: the most objects it can return. Each connection costs its
// `first` (the schema's default of 20 when left out) times one plus what each item costs.
import { type GraphQLSchema, getOperationAST, parse } from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import { queryCost } from '../../src/limits/query-cost';
import { LimitError } from '../../src/limits/limit-error';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

function cost(query: string, variables?: Record<string, unknown>): number {
  const document = parse(query);
  return queryCost(schema, document, getOperationAST(document)!, variables);
}

describe('query cost', () => {
  it('costs a connection its first', () => {
    expect(cost('{ papers(first: 5) { nodes { title } } }')).toBe(5);
    expect(cost('{ papers(first: 5) { totalCount } }')).toBe(5);
  });

  it('counts a connection without first as the default page of 20', () => {
    expect(cost('{ papers { nodes { title } } }')).toBe(20);
    expect(cost('{ authors { edges { node { name } } } }')).toBe(20);
  });

  it('multiplies nested connections', () => {
    // 10 authors, each with 5 papers (50), each with 3 authors (150): 10 × (1 + 5 × (1 + 3)).
    expect(cost('{ authors(first: 10) { nodes { papers(first: 5) { nodes { authors(first: 3) { nodes { name } } } } } } }')).toBe(210);
    expect(cost('{ authors(first: 100) { nodes { papers(first: 100) { nodes { authors(first: 100) { nodes { name } } } } } } }')).toBe(1_010_100);
  });

  it('adds sibling connections', () => {
    expect(cost('{ authors(first: 10) { nodes { papers(first: 2) { totalCount } coauthors(first: 3) { nodes { name } } } } }')).toBe(10 * (1 + 2 + 3));
    expect(cost('{ a: papers(first: 5) { totalCount } b: papers(first: 7) { totalCount } }')).toBe(12);
  });

  it('reads first from the variables, and the default when a variable is left out', () => {
    const query = 'query ($n: Int) { authors(first: $n) { nodes { papers(first: 10) { totalCount } } } }';
    expect(cost(query, { n: 1 })).toBe(11);
    expect(cost(query, { n: 100 })).toBe(1100);
    expect(cost(query, {})).toBe(220);
  });

  it('counts a page over the maximum as the largest page (the resolver refuses it)', () => {
    expect(cost('{ papers(first: 1000) { totalCount } }')).toBe(100);
  });

  it('costs the README profile page 20 × (1 + 3): a page of papers with three authors each', () => {
    const profile = `query ($id: ID!) { author(id: $id) { name hIndex
      papers(first: 20, orderBy: { field: CITATION_COUNT, direction: DESC }) {
        totalCount nodes { title category { code } authors(first: 3) { totalCount nodes { name } } } } } }`;
    expect(cost(profile, { id: 'x' })).toBe(80);
  });

  it('counts nodes(ids:) by its ids and a collaboration search as a full page', () => {
    expect(cost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b', 'c'] })).toBe(3);
    expect(cost('{ collaborationPath(from: "a", to: "b", maxLength: 2) { length authors { name } } }')).toBe(100);
    expect(cost('{ collaborationPath(from: "a", to: "b") { steps { papers(first: 3) { title } } } }')).toBe(100 + 5 * 3);
  });

  it('follows fragments, and leaves out what @skip and @include leave out', () => {
    const query = `query ($full: Boolean!) { authors(first: 10) { nodes { ...card } } }
      fragment card on Author { name papers(first: 4) @include(if: $full) { totalCount } }`;
    expect(cost(query, { full: true })).toBe(50);
    expect(cost(query, { full: false })).toBe(10);
  });

  it('costs at least 1', () => {
    expect(cost('{ __typename }')).toBe(1);
    expect(cost('{ rateLimit { remaining } }')).toBe(1);
  });

  it('refuses to count a document whose fragments spread out to more than 10,000 fields', () => {
    // Each fragment spreads the previous one twice: 2^14 copies of a field.
    const fragments = Array.from({ length: 14 }, (_, i) => `fragment f${i + 1} on Query { ...f${i} ...f${i} }`).join('\n');
    const query = `{ ...f14 }\nfragment f0 on Query { __typename }\n${fragments}`;
    expect(() => cost(query)).toThrow(LimitError);
    expect(() => cost(query)).toThrow('more than 10000 fields once its fragments are spread out');
  });
});
