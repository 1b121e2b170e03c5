// Every limit follows its setting: lowered, a small query breaks it; off, nothing does.
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ limits: { maxDepth: 3, maxAliases: 1, maxTokens: 30, maxDirectives: 1, maxBodyBytes: 300, maxCost: 25 } });
});
afterAll(() => server.close());

async function refusal(query: string): Promise<{ status: number; code: string; message: string }> {
  return refusalWith(query, undefined);
}

async function refusalWith(query: string, variables: Record<string, unknown> | undefined): Promise<{ status: number; code: string; message: string }> {
  const before = await server.statementsRun();
  const { status, body } = await server.graphql(query, variables);
  expect(await server.statementsRun()).toBe(before);
  expect(body.data).toBeUndefined();
  return { status, code: body.errors![0].extensions!.code, message: body.errors![0].message };
}

describe('lowered limits', () => {
  it('counts the depth of the answer, fragments or not', async () => {
    expect((await server.graphql('{ papers(first: 1) { nodes { title } } }')).body.data.papers.nodes).toHaveLength(1);
    const spread = await server.graphql('{ ...list } fragment list on Query { papers(first: 1) { ...rows } } fragment rows on PaperConnection { nodes { title } }');
    expect(spread.body.errors).toBeUndefined();
    expect(await refusal('{ papers(first: 1) { nodes { category { code } } } }')).toMatchObject({
      status: 400,
      code: 'DEPTH_LIMIT_EXCEEDED',
      message: expect.stringMatching(/^Query depth 4 exceeds the maximum of 3 \(MAX_DEPTH\)/),
    });
  });

  it('counts aliases, tokens and directives', async () => {
    expect((await server.graphql('{ a: papers(first: 1) { totalCount } }')).status).toBe(200);
    expect(await refusal('{ a: papers(first: 1) { totalCount } b: papers(first: 1) { totalCount } }')).toMatchObject({
      status: 400,
      code: 'ALIAS_LIMIT_EXCEEDED',
      message: expect.stringMatching(/^The operation has 2 aliases, over the maximum of 1 \(MAX_ALIASES\)/),
    });
    expect(await refusal(`{ papers(first: 1) { nodes { ${'title '.repeat(30)}} } }`)).toMatchObject({
      status: 400,
      code: 'TOKEN_LIMIT_EXCEEDED',
      message: expect.stringMatching(/^The document has 43 tokens, over the maximum of 30 \(MAX_TOKENS\)/),
    });
    expect(await refusal('{ papers(first: 1) @skip(if: false) { totalCount @include(if: true) } }')).toMatchObject({
      status: 400,
      code: 'DIRECTIVE_LIMIT_EXCEEDED',
      message: expect.stringMatching(/^The operation has 2 directives, over the maximum of 1 \(MAX_DIRECTIVES\)/),
    });
  });

  it('counts the cost with the variables', async () => {
    const query = 'query ($n: Int) { papers(first: $n) { totalCount } }';
    expect((await server.graphql(query, { n: 25 })).status).toBe(200);
    expect(await refusalWith(query, { n: 26 })).toMatchObject({
      status: 400,
      code: 'COST_LIMIT_EXCEEDED',
      message: expect.stringMatching(/^The query costs 26, over the maximum of 25 per request \(MAX_COST\)/),
    });
  });

  it('measures POST bodies and GET query strings', async () => {
    const post = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ papers(first: 1) { totalCount } } # ${'x'.repeat(300)}` }),
    });
    expect(post.status).toBe(413);
    expect(((await post.json()) as any).errors[0]).toEqual({
      message: expect.stringMatching(/^The request body has 3\d\d bytes, over the maximum of 300 \(MAX_BODY_BYTES\)/),
      extensions: { code: 'DOCUMENT_TOO_LARGE' },
    });
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent(`{ papers(first: 1) { totalCount } } # ${'x'.repeat(300)}`)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(413);
    expect(((await get.json()) as any).errors[0].message).toMatch(/^The query string has 3\d\d bytes, over the maximum of 300 \(MAX_BODY_BYTES\)/);
    const small = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ papers(first: 1) { totalCount } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(small.status).toBe(200);
  });
});

describe('limits turned off', () => {
  it('lets a deep query through to the cost limit, and with that off too, to the resolvers', async () => {
    // 10 papers → authors levels of 3 under an author that does not exist: depth 43.
    let chain = 'name';
    for (let i = 0; i < 10; i += 1) chain = `papers(first: 3) { nodes { authors(first: 3) { nodes { ${chain} } } } }`;
    const deep = `{ author(externalId: "nobody") { ${chain} } }`;
    const noDepth = await startServer({ limits: { maxDepth: null } });
    const nothing = await startServer({ limits: { maxDepth: null, maxCost: null, rateLimitPoints: null } });
    try {
      const costly = await noDepth.graphql(deep);
      expect(costly.body.errors![0].extensions!.code).toBe('COST_LIMIT_EXCEEDED');
      // 3 + 3² + ... + 3²⁰
      expect(costly.body.errors![0].message).toMatch(/^The query costs 5230176600, over the maximum of 50000/);
      const answered = await nothing.graphql(deep);
      expect(answered.status).toBe(200);
      expect(answered.body.data).toEqual({ author: null });
      expect(answered.body.errors![0].extensions!.code).toBe('NOT_FOUND');
      expect(answered.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await noDepth.close();
      await nothing.close();
    }
  });
});
