// What the real-client tests share: a server with lists long enough to page, the documents a
// front end sends, and a writer key.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isInterfaceType } from 'graphql';
import { createKey } from '../../src/auth/keys';
import { type Limits } from '../../src/config';
import { sqliteStore, withSearchIndexingDeferred } from '../../src/store';
import { writeCorpus } from '../../seeds/corpus/write-corpus';
import { startServer, type TestServer } from '../support/server';

const ROOT = path.join(__dirname, '..', '..');

/** The demo profile and 300 generated papers: cs.LG holds a hundred or so, several pages. */
export function startClientServer(limits?: Partial<Limits>): Promise<TestServer> {
  return startServer({ fill: (db) => withSearchIndexingDeferred(db.sqlite, () => writeCorpus(db, { papers: 300, seed: 1 })), limits });
}

export async function writerKey(server: TestServer): Promise<string> {
  return (await createKey(server.store, { name: 'client tests', role: 'writer' })).key;
}

/** Apollo's possibleTypes, from the published schema: which objects each interface has. */
export function possibleTypes(): Record<string, string[]> {
  const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema', 'schema.graphql'), 'utf8'));
  return Object.fromEntries(
    Object.values(schema.getTypeMap())
      .filter(isInterfaceType)
      .map((type) => [type.name, schema.getPossibleTypes(type).map((object) => object.name)]),
  );
}

/** The seed profile page: the README's query. */
export const PROFILE = fs.readFileSync(path.join(ROOT, 'examples', 'queries', 'author-profile.graphql'), 'utf8');

export const FIND_AUTHOR = /* GraphQL */ `
  query FindAuthor($name: String!) {
    authors(search: $name, first: 1) { nodes { id name } }
  }
`;

export const AUTHOR_CARD = /* GraphQL */ `
  query AuthorCard($id: ID!) {
    author(id: $id) { id name hIndex paperCount }
  }
`;

export const SEARCH = /* GraphQL */ `
  query Search($text: String!, $first: Int) {
    papers(search: $text, first: $first) {
      totalCount
      edges {
        cursor
        highlight { title }
        node { id title authors(first: 3) { totalCount nodes { id name } } }
      }
    }
  }
`;

export const CATEGORY_PAGE = /* GraphQL */ `
  query CategoryPage($categories: [String!], $first: Int, $after: String) {
    papers(filter: { categories: $categories }, first: $first, after: $after) {
      totalCount
      edges { cursor node { id title } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const NODE = /* GraphQL */ `
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      ... on Node { id }
      ... on Author { name hIndex }
      ... on Paper { title }
    }
  }
`;

export const NODES = /* GraphQL */ `
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) { __typename id ... on Paper { title } }
  }
`;

export const BAD_ID = /* GraphQL */ `
  query BadId {
    author(id: "not-an-id") { id name }
  }
`;

/** 25 levels of papers and authors: over MAX_DEPTH (20), refused before it runs. */
export const TOO_DEEP = `query TooDeep { ${'papers(first: 1) { nodes { authors(first: 1) { nodes { '.repeat(6)}name${' } } } }'.repeat(6)} }`;

export const CREATE_AUTHOR = /* GraphQL */ `
  mutation CreateAuthor($name: String!) {
    createAuthor(name: $name) { author { id name hIndex paperCount } }
  }
`;

export const RENAME = /* GraphQL */ `
  mutation Rename($id: ID!, $name: String!) {
    updateAuthor(id: $id, name: $name) { author { id name } }
  }
`;
