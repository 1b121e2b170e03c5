// Apollo Client 4 with its normalized cache against a running server: ids and __typename make one
// cache entry per object, Relay connections page with relayStylePagination, errors carry their
// extensions.code, and a mutation's answer updates the cached objects.
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql as parseDocument, type TypedDocumentNode } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom } from 'rxjs';
import { toGlobalId } from '../../src/graphql/ids';
import { type TestServer } from '../support/server';
import {
  AUTHOR_CARD,
  BAD_ID,
  CATEGORY_PAGE,
  CREATE_AUTHOR,
  FIND_AUTHOR,
  NODE,
  NODES,
  PROFILE,
  RENAME,
  SEARCH,
  TOO_DEEP,
  possibleTypes,
  startClientServer,
  writerKey,
} from './support';

/** The shared documents, parsed; their answers are checked by value, not typed here. */
const gql = (text: string) => parseDocument(text) as TypedDocumentNode<any, Record<string, unknown>>;

function apolloClient(server: TestServer, headers: Record<string, string> = {}) {
  const cache = new InMemoryCache({
    possibleTypes: possibleTypes(),
    typePolicies: {
      Query: {
        fields: {
          // One cached list per search, filter and order; pages (first, after) merge into it.
          papers: relayStylePagination(['search', 'filter', 'orderBy', 'externalIds']),
          // A cache redirect: author(id:) reads the Author entry that any query or mutation filled.
          author: { read: (existing, { args, toReference }) => existing ?? (args?.id ? toReference({ __typename: 'Author', id: args.id }) : undefined) },
        },
      },
    },
  });
  return new ApolloClient({ link: new HttpLink({ uri: `${server.url}/graphql`, headers }), cache });
}

describe('Apollo Client', () => {
  let server: TestServer;
  let zongkai: string;
  beforeAll(async () => {
    server = await startClientServer();
    zongkai = (await server.graphql(FIND_AUTHOR, { name: 'Zongkai Liu' })).body.data.authors.nodes[0].id;
  });
  afterAll(() => server.close());

  it('answers the seed profile page as the server does', async () => {
    const client = apolloClient(server);
    const { data } = await client.query({ query: gql(PROFILE), variables: { id: zongkai } });
    const direct = await server.graphql(PROFILE, { id: zongkai });
    // Apollo adds __typename to every selection; the rest is the server's answer.
    expect(data).toMatchObject(direct.body.data);
    expect(data).toMatchObject({ author: { __typename: 'Author', name: 'Zongkai Liu', hIndex: 4, papers: { __typename: 'AuthorPaperConnection', totalCount: 6 } } });
  });

  it('keeps the same author, fetched by two queries, as one cache entry keyed by __typename:id', async () => {
    const client = apolloClient(server);
    await client.query({ query: gql(AUTHOR_CARD), variables: { id: zongkai } });
    const search = await client.query({ query: gql(SEARCH), variables: { text: 'MM-Eureka', first: 5 } });
    const coauthors = search.data!.papers.edges[0].node.authors.nodes.map((a: { id: string }) => a.id);
    expect(coauthors).toContain(zongkai);

    const key = client.cache.identify({ __typename: 'Author', id: zongkai });
    expect(key).toBe(`Author:${zongkai}`);
    const entries = client.cache.extract() as Record<string, Record<string, unknown>>;
    expect(Object.keys(entries).filter((k) => k.includes(zongkai))).toEqual([key]);
    // Both answers met in that one entry: the card's hIndex beside the search's name.
    expect(entries[key!]).toMatchObject({ __typename: 'Author', id: zongkai, name: 'Zongkai Liu', hIndex: 4, paperCount: 6 });

    // A change to the entry shows in both queries.
    client.cache.modify({ id: key, fields: { name: () => 'Z. Liu' } });
    expect(client.readQuery({ query: gql(AUTHOR_CARD), variables: { id: zongkai } })!.author.name).toBe('Z. Liu');
    const again = client.readQuery({ query: gql(SEARCH), variables: { text: 'MM-Eureka', first: 5 } })!;
    expect(again.papers.edges[0].node.authors.nodes.find((a: { id: string }) => a.id === zongkai).name).toBe('Z. Liu');
  });

  it('merges pages fetched with fetchMore into one list per connection arguments', async () => {
    const client = apolloClient(server);
    const query = gql(CATEGORY_PAGE);
    const ids = (edges: { node: { id: string } }[]) => edges.map((edge) => edge.node.id);

    // A "load more" button: the first page, then fetchMore with the last endCursor, twice.
    const watched = client.watchQuery({ query, variables: { categories: ['cs.LG'], first: 5 } });
    const subscription = watched.subscribe(() => undefined);
    let papers = (await firstValueFrom(watched.pipe(filter((r) => r.dataState === 'complete')))).data!.papers;
    for (let page = 0; page < 2; page++) {
      const more = await watched.fetchMore({ variables: { after: papers.pageInfo.endCursor } });
      expect(more.data!.papers.edges).toHaveLength(5);
      // The field policy merged the page into the list the query reads.
      papers = client.readQuery({ query, variables: { categories: ['cs.LG'], first: 5 } })!.papers;
    }
    subscription.unsubscribe();
    const direct = (await server.graphql(CATEGORY_PAGE, { categories: ['cs.LG'], first: 15 })).body.data.papers;
    const merged = papers;
    expect(ids(merged.edges)).toEqual(ids(direct.edges));
    expect(merged.pageInfo).toMatchObject({ hasNextPage: true, endCursor: direct.pageInfo.endCursor });
    expect(merged.totalCount).toBe(direct.totalCount);

    // Another filter is another list.
    await client.query({ query, variables: { categories: ['cs.CV'], first: 4 } });
    const cvDirect = (await server.graphql(CATEGORY_PAGE, { categories: ['cs.CV'], first: 4 })).body.data.papers;
    expect(ids(client.readQuery({ query, variables: { categories: ['cs.CV'], first: 4 } })!.papers.edges)).toEqual(ids(cvDirect.edges));
    expect(ids(client.readQuery({ query, variables: { categories: ['cs.LG'], first: 5 } })!.papers.edges)).toEqual(ids(direct.edges));

    // One cache field per filter; first and after are not part of its key.
    const root = (client.cache.extract() as Record<string, Record<string, unknown>>).ROOT_QUERY;
    expect(Object.keys(root).filter((k) => k.startsWith('papers')).sort()).toEqual([
      'papers:{"filter":{"categories":["cs.CV"]}}',
      'papers:{"filter":{"categories":["cs.LG"]}}',
    ]);
  });

  it('looks up an author and a paper by id through the Node interface, into the same cache entries', async () => {
    const client = apolloClient(server);
    const paperId = toGlobalId('Paper', 1);
    const author = await client.query({ query: gql(NODE), variables: { id: zongkai } });
    const paper = await client.query({ query: gql(NODE), variables: { id: paperId } });
    expect(author.data!.node).toEqual({ __typename: 'Author', id: zongkai, name: 'Zongkai Liu', hIndex: 4 });
    expect(paper.data!.node).toMatchObject({ __typename: 'Paper', id: paperId, title: expect.stringMatching(/^MM-Eureka/) });
    await client.query({ query: gql(AUTHOR_CARD), variables: { id: zongkai } });
    const entries = client.cache.extract() as Record<string, unknown>;
    expect(Object.keys(entries).filter((k) => k.startsWith('Author:'))).toEqual([`Author:${zongkai}`]);
    expect(Object.keys(entries).filter((k) => k.startsWith('Paper:'))).toEqual([`Paper:${paperId}`]);
  });

  it('throws CombinedGraphQLErrors with extensions.code for a bad argument', async () => {
    const client = apolloClient(server);
    const error = await client.query({ query: gql(BAD_ID) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors.map((e) => [e.extensions?.code, e.extensions?.argumentName, e.path])).toEqual([['BAD_USER_INPUT', 'id', ['author']]]);
  });

  it('keeps the answered part of a partial result with errorPolicy "all", the error at its index', async () => {
    const client = apolloClient(server);
    const known = toGlobalId('Paper', 1);
    const missing = toGlobalId('Paper', 999_999);
    const result = await client.query({ query: gql(NODES), variables: { ids: [known, missing] }, errorPolicy: 'all' });
    expect(result.data!.nodes).toEqual([{ __typename: 'Paper', id: known, title: expect.stringMatching(/^MM-Eureka/) }, null]);
    expect(CombinedGraphQLErrors.is(result.error)).toBe(true);
    expect((result.error as CombinedGraphQLErrors).errors.map((e) => [e.extensions?.code, e.path])).toEqual([['NOT_FOUND', ['nodes', 1]]]);
  });

  it('reads a limit refused with HTTP 400 as CombinedGraphQLErrors (the server answers application/graphql-response+json)', async () => {
    const client = apolloClient(server);
    const error = await client.query({ query: gql(TOO_DEEP) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe('DEPTH_LIMIT_EXCEEDED');
  });

  it('gets a refusal made before GraphQL runs (body too large, 413) as GraphQL errors with their code', async () => {
    // The HTTP-level refusals answer in the media type the client accepts: with
    // application/graphql-response+json, Apollo Client 4 reads the errors of a non-2xx answer.
    const client = apolloClient(server);
    const error = await client.query({ query: gql(SEARCH), variables: { text: 'a'.repeat(600_000) } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe('DOCUMENT_TOO_LARGE');
  });

  it('writes with a key, and the mutation answer updates the cached author without a refetch', async () => {
    const writer = apolloClient(server, { authorization: `Bearer ${await writerKey(server)}` });
    const created = await writer.mutate({ mutation: gql(CREATE_AUTHOR), variables: { name: 'Apollo Test Author' } });
    const id = created.data!.createAuthor.author.id;
    // The mutation's answer is in the cache: the card reads from it without the network.
    expect(writer.readQuery({ query: gql(AUTHOR_CARD), variables: { id } })!.author).toEqual({
      __typename: 'Author',
      id,
      name: 'Apollo Test Author',
      hIndex: 0,
      paperCount: 0,
    });

    await writer.mutate({ mutation: gql(RENAME), variables: { id, name: 'Apollo Renamed Author' } });
    expect(writer.readQuery({ query: gql(AUTHOR_CARD), variables: { id } })!.author.name).toBe('Apollo Renamed Author');
    expect((await server.graphql(AUTHOR_CARD, { id })).body.data.author.name).toBe('Apollo Renamed Author');
  });

  it('is refused a write without a key as CombinedGraphQLErrors UNAUTHENTICATED', async () => {
    const client = apolloClient(server);
    const error = await client.mutate({ mutation: gql(CREATE_AUTHOR), variables: { name: 'Nobody' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
