// The main operations with random variables, of the declared types or not: every answer is a
// client error with a code a client can act on (never a 500), a mutation without a key never
// writes, and the canary still answers.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { buildSchema, type GraphQLInputType, Kind, parse, typeFromAST } from 'graphql';
import { type TestServer } from '../support/server';
import { expectCanary, expectGraphQLAnswer, expectNothingWritten, postGraphQL, printable, runs, startFuzzServer, Tally, timeoutFor } from './support';
import { anyValue, name, toJson, type Value, valueFor } from './values.arbitrary';

const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));
const tally = new Tally('variables');
const QUERY_RUNS = runs(400);
const MUTATION_RUNS = runs(200);

const QUERIES = {
  papers: `query ($filter: PaperFilterInput, $first: Int, $after: String, $orderBy: PaperOrder, $search: String, $externalIds: [String!]) {
    papers(filter: $filter, first: $first, after: $after, orderBy: $orderBy, search: $search, externalIds: $externalIds) {
      totalCount missingExternalIds pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor highlight { title abstract } node { id title publishedAt codeUrl authors(first: 2) { nodes { name } } } }
      stats { paperCount citationCount hIndex i10Index novelty byCategory { category { code } count } byYear { year count } }
    }
  }`,
  node: 'query ($id: ID!) { node(id: $id) { id ... on Author { name hIndex } ... on Paper { title } } }',
  nodes: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Author { name } } }',
  authors: `query ($search: String, $filter: AuthorFilterInput, $orderBy: AuthorOrder, $first: Int, $after: String) {
    authors(search: $search, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name hIndex gIndex novelty primaryCategory { code } } }
    }
  }`,
  author: `query ($id: ID, $externalId: String, $first: Int, $after: String, $filter: PaperFilterInput, $orderBy: PaperOrder,
      $coauthorsFirst: Int, $coauthorsAfter: String, $coauthorsOrder: CoauthorOrder) {
    author(id: $id, externalId: $externalId) {
      name papersByYear { year count } citationsByYear { year count }
      papers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount edges { cursor position node { title } } stats { hIndex } }
      coauthors(first: $coauthorsFirst, after: $coauthorsAfter, orderBy: $coauthorsOrder) {
        totalCount edges { cursor sharedPaperCount firstSharedYear lastSharedYear node { name } }
      }
    }
  }`,
  paper: `query ($id: ID, $externalId: String, $first: Int, $after: String) {
    paper(id: $id, externalId: $externalId) { title category { code name } authors(first: $first, after: $after) { totalCount edges { cursor position node { name } } } }
  }`,
  collaborationPath: `query ($from: ID!, $to: ID!, $maxLength: Int, $first: Int) {
    collaborationPath(from: $from, to: $to, maxLength: $maxLength) {
      length authors { name } steps { sharedPaperCount from { name } to { name } papers(first: $first) { title } }
    }
  }`,
};

const MUTATIONS = {
  createAuthor: 'mutation ($name: String!, $externalId: String) { createAuthor(name: $name, externalId: $externalId) { author { id } } }',
  updateAuthor: 'mutation ($id: ID!, $name: String, $externalId: String) { updateAuthor(id: $id, name: $name, externalId: $externalId) { author { id } } }',
  deleteAuthor: 'mutation ($id: ID!, $detach: Boolean!) { deleteAuthor(id: $id, detach: $detach) { deletedAuthorId } }',
  mergeAuthors: 'mutation ($from: [ID!]!, $into: ID!) { mergeAuthors(from: $from, into: $into) { mergedAuthorIds } }',
  createPaper: 'mutation ($input: PaperInput!) { createPaper(input: $input) { created paper { id } } }',
  upsertPaper: 'mutation ($input: PaperInput!) { upsertPaper(input: $input) { created paper { id } } }',
  updatePaper:
    'mutation ($id: ID!, $changes: PaperChangesInput!, $authors: [AuthorRefInput!]) { updatePaper(id: $id, changes: $changes, authors: $authors) { paper { id } } }',
  deletePaper: 'mutation ($id: ID!) { deletePaper(id: $id) { deletedPaperId } }',
  updateCitationCounts: 'mutation ($items: [CitationCountInput!]!) { updateCitationCounts(items: $items) { papers { id } } }',
};

/**
 * Variables for `query`: each declared one left out or given; either all of about their type
 * (edge values, so the resolvers' own checks run), or many of any type (graphql-js's coercion).
 * Now and then one that is not declared.
 */
function variablesFor(query: string): fc.Arbitrary<Record<string, unknown>> {
  const operation = parse(query).definitions[0];
  if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('not an operation');
  const model = (wrong: number) =>
    Object.fromEntries(
      (operation.variableDefinitions ?? []).map((definition) => {
        const variable = definition.variable.name.value;
        const type = typeFromAST(schema, definition.type as never) as GraphQLInputType;
        // coauthorsAfter takes cursors like after.
        const argumentName = /after$/i.test(variable) ? 'after' : variable;
        return [variable, fc.oneof({ arbitrary: valueFor(type, argumentName, wrong), weight: wrong - 1 }, anyValue)];
      }),
    );
  const declared = fc.oneof({ arbitrary: fc.record(model(60), { requiredKeys: [] }), weight: 2 }, fc.record(model(3), { requiredKeys: [] }));
  const undeclared = fc.oneof({ arbitrary: fc.constant({}), weight: 9 }, fc.dictionary(name, anyValue, { maxKeys: 2 }));
  return fc.tuple(declared, undeclared).map(([given, extra]) => toJson({ ...extra, ...given } as Value) as Record<string, unknown>);
}

const requests = (operations: Record<string, string>) =>
  fc.oneof(
    ...Object.entries(operations).map(([field, query]) => variablesFor(query).map((variables) => printable({ field, query, variables }))),
  );

describe('random variables for the main operations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startFuzzServer();
  });
  afterAll(async () => {
    tally.report();
    await server.close();
  });

  it('queries answer data or BAD_USER_INPUT / NOT_FOUND, never a 500, and the canary still answers', async () => {
    await fc.assert(
      fc.asyncProperty(requests(QUERIES), async ({ query, variables }) => {
        tally.count('queries with random variables');
        const answer = await postGraphQL(server, { query, variables });
        expectGraphQLAnswer(answer, { statuses: [200, 400], codes: ['BAD_USER_INPUT', 'NOT_FOUND', 'COST_LIMIT_EXCEEDED', 'PATH_SEARCH_LIMIT'] });
        await expectCanary(server);
      }),
      { numRuns: QUERY_RUNS },
    );
  }, timeoutFor(QUERY_RUNS));

  it('mutations without a key are refused (UNAUTHENTICATED, or BAD_USER_INPUT for variables of the wrong type) and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(requests(MUTATIONS), async ({ query, variables }) => {
        tally.count('mutations with random variables, without a key');
        const answer = await postGraphQL(server, { query, variables });
        const codes = expectGraphQLAnswer(answer, { statuses: [400, 401], codes: ['UNAUTHENTICATED', 'BAD_USER_INPUT'] });
        expect(codes.length).toBeGreaterThan(0);
        expectNothingWritten(answer);
        await expectCanary(server);
      }),
      { numRuns: MUTATION_RUNS },
    );
  }, timeoutFor(MUTATION_RUNS));
});
