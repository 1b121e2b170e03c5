// What a query costs, GitHub-style: the most objects it can return. Each connection costs its
// `first` (the schema's default of 20 when left out) times one plus what each item costs.
import { type GraphQLSchema, getOperationAST, parse } from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import fc from 'fast-check';
import { costVariables, documentCosts, queryCost } from '../../src/limits/query-cost';
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

// The server remembers a document's cost per operation and per value of the variables the cost
// depends on (src/limits/limits.plugin.ts): what it remembers must be what counting again gives.
describe('costs remembered per document', () => {
  const documents = [
    'query Page($id: ID!, $after: String) { author(id: $id) { papers(first: 20, after: $after) { nodes { title authors(first: 3) { nodes { name } } } } } }',
    'query Sized($n: Int, $m: Int = 4, $after: String) { authors(first: $n, after: $after) { nodes { papers(first: $m) { totalCount } } } }',
    'query Picked($ids: [ID!]!, $q: String) { nodes(ids: $ids) { id } papers(search: $q, first: 2) { totalCount } }',
    `query Card($full: Boolean!, $skipCount: Boolean = false, $id: ID!) { author(id: $id) { ...card } authors(first: 10) { nodes { ...card } } }
     fragment card on Author { name papers(first: 4) @include(if: $full) { totalCount @skip(if: $skipCount) } }`,
    'query Path($from: ID!, $len: Int) { collaborationPath(from: $from, to: "b", maxLength: $len) { steps { papers(first: 3) { title } } } }',
  ].map((text) => parse(text));

  it('lists the variables a cost depends on, and no others', () => {
    expect(documents.map(costVariables)).toEqual([[], ['m', 'n'], ['ids'], ['full', 'skipCount'], ['len']]);
  });

  it('gives the cost that counting the document again gives, whatever the variables', () => {
    const remembered = documentCosts();
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -5, max: 300 }), fc.boolean(), fc.string({ maxLength: 3 }));
    const variables = fc.record(
      { id: value, after: value, n: value, m: value, ids: fc.array(fc.string({ maxLength: 2 }), { maxLength: 120 }), q: value, full: fc.boolean(), skipCount: value, from: value, len: value },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...documents.keys()), variables, (i, vars) => {
        const document = documents[i];
        const operation = getOperationAST(document)!;
        expect(remembered(schema, document, operation, vars)).toBe(queryCost(schema, document, operation, vars));
      }),
      { numRuns: 500 },
    );
  });

  it('does not count a document again for variables its cost does not depend on', () => {
    let walks = 0;
    const remembered = documentCosts((...args) => {
      walks += 1;
      return queryCost(...args);
    });
    const document = documents[0];
    const operation = getOperationAST(document)!;
    for (let i = 0; i < 10; i++) expect(remembered(schema, document, operation, { id: `author-${i}`, after: String(i) })).toBe(20 * (1 + 3));
    expect(walks).toBe(1);
    const sized = documents[1];
    for (const n of [1, 2, 1, 2]) remembered(schema, sized, getOperationAST(sized)!, { n, after: `c${n}` });
    expect(walks).toBe(3);
  });
});
