// The GraphQL over HTTP specification, requirement by requirement: graphql-http's audits (one
// test per MUST, SHOULD and MAY, run against the real server), then what they leave out: the
// status codes of each media type, mutations over GET, CSRF prevention, media types we do not speak.
import { serverAudits } from 'graphql-http';
import { createKey } from '../../src/auth/keys';

import { startServer, type TestServer } from '../support/server';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const json = (response: Response): Promise<any> => response.json();

// The MAYs this server declines: GET requests that neither ask for GraphQL's own media type nor
// carry a header a browser form cannot send are refused as possible cross-site request forgery
// (CSRF prevention). A GET accepting application/graphql-response+json is answered.
const DECLINED_MAY = new Set([
  'MAY accept application/x-www-form-urlencoded formatted GET requests',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
]);

describe('GraphQL over HTTP: the audits of graphql-http', () => {
  let server: TestServer;
  let url = '';
  beforeAll(async () => {
    server = await startServer();
    url = `${server.url}/graphql`;
  });
  afterAll(() => server.close());

  // The audit list does not depend on the URL; the URL is read when each audit runs.
  const audits = serverAudits({ url: () => url });

  it('runs every requirement of the specification the audits know (61 at graphql-http 1.23)', () => {
    expect(audits.length).toBeGreaterThanOrEqual(61);
    expect(audits.filter((audit) => audit.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(13);
  });

  for (const audit of audits) {
    if (DECLINED_MAY.has(audit.name)) {
      it(`${audit.name}: declined, refused as possible CSRF with a message saying what to send`, async () => {
        const result = await audit.fn();
        expect(result.status).not.toBe('ok');
        if (result.status === 'ok') return;
        expect(result.response.status).toBe(400);
        expect(await result.response.text()).toMatch(/Cross-Site Request Forgery.*apollo-require-preflight/s);
      });
    } else {
      it(audit.name, async () => {
        const result = await audit.fn();
        const reason = result.status === 'ok' ? '' : `${result.status}: ${result.reason}`;
        expect({ audit: audit.name, outcome: result.status, reason }).toEqual({ audit: audit.name, outcome: 'ok', reason: '' });
      });
    }
  }
});

describe('GraphQL over HTTP: status codes, methods and CSRF', () => {
  let server: TestServer;
  let writerKey = '';
  beforeAll(async () => {
    server = await startServer({ limits: { maxDepth: 5, rateLimitPoints: 200, rateLimitWindowSeconds: 60 } });
    writerKey = (await createKey(server.store, { name: 'conformance', role: 'writer' })).key;
  });
  afterAll(() => server.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const authorsNamed = async (name: string): Promise<number> =>
    (await server.graphql('query ($name: String!) { authors(search: $name) { totalCount } }', { name })).body.data.authors.totalCount;

  const requestErrors: [string, Record<string, unknown>, string][] = [
    ['a document that does not parse', { query: '{ papers(first: 1) { totalCount }' }, 'GRAPHQL_PARSE_FAILED'],
    ['a field the schema does not have', { query: '{ papers(first: 1) { sizeInPages } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', { query: 'query ($n: Int) { papers(first: $n) { totalCount } }', variables: { n: 'ten' } }, 'BAD_USER_INPUT'],
    [
      'a document over the depth limit',
      { query: '{ authors(first: 1) { nodes { papers(first: 1) { nodes { authors(first: 1) { nodes { papers(first: 1) { nodes { title } } } } } } } } }' },
      'DEPTH_LIMIT_EXCEEDED',
    ],
  ];

  for (const [what, body, code] of requestErrors) {
    it(`answers ${what} with 400 to a client of ${GRAPHQL_RESPONSE}, and with 200 to a client of ${JSON_TYPE}`, async () => {
      const modern = await post(body, { accept: GRAPHQL_RESPONSE });
      expect(modern.status).toBe(400);
      expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      const modernBody = await json(modern);
      expect(modernBody.data).toBeUndefined();
      expect(modernBody.errors[0].extensions.code).toBe(code);

      // The spec's "legacy" watershed: with application/json a status other than 200 may be read
      // as a failure of the transport, so the errors travel in a 200 answer.
      for (const accept of [JSON_TYPE, '*/*', undefined]) {
        const legacy = await post(body, accept ? { accept } : {});
        expect({ accept, status: legacy.status, type: legacy.headers.get('content-type') }).toEqual({
          accept,
          status: 200,
          type: 'application/json; charset=utf-8',
        });
        const legacyBody = await json(legacy);
        expect(legacyBody.data).toBeUndefined();
        expect(legacyBody.errors[0].extensions.code).toBe(code);
      }
    });
  }

  it('answers 200 with data and errors when a field fails during execution, whatever the media type', async () => {
    const query = '{ papers(first: 1) { totalCount } node(id: "UGFwZXI6OTk5OTk5OQ==") { id } }';
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const response = await post({ query }, { accept });
      const body = await json(response);
      expect(response.status).toBe(200);
      expect(body.data.papers.totalCount).toBeGreaterThan(0);
    }
  });

  it('keeps the status of a request refused as a whole (401, 413) for both media types', async () => {
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const badKey = await post({ query: '{ papers(first: 1) { totalCount } }' }, { accept, authorization: 'Bearer not-a-key' });
      expect(badKey.status).toBe(401);
      expect((await json(badKey)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 406 to a client that accepts neither JSON media type, saying which it may ask for', async () => {
    const response = await post({ query: '{ papers(first: 1) { totalCount } }' }, { accept: 'text/csv' });
    expect(response.status).toBe(406);
    expect(await response.text()).toContain(GRAPHQL_RESPONSE);
  });

  it('refuses a mutation over GET with 405 and Allow: POST, and writes nothing', async () => {
    const before = await authorsNamed('Get Requester');
    const mutation = encodeURIComponent('mutation { createAuthor(name: "Get Requester") { author { id } } }');
    const response = await fetch(`${server.url}/graphql?query=${mutation}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${writerKey}`, accept: GRAPHQL_RESPONSE },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await json(response)).errors[0].message).toMatch(/send a mutation with POST/);
    expect(await authorsNamed('Get Requester')).toBe(before);

    // The same mutation over POST is what the message asks for, and it writes.
    const posted = await post({ query: decodeURIComponent(mutation) }, { authorization: `Bearer ${writerKey}` });
    expect(posted.status).toBe(200);
    expect(await authorsNamed('Get Requester')).toBe(before + 1);
  });

  it('refuses the requests a cross-site form can send (text/plain, form-encoded), and writes nothing', async () => {
    const before = await authorsNamed('Forged Author');
    const query = 'mutation { createAuthor(name: "Forged Author") { author { id } } }';
    for (const [type, body] of [
      ['text/plain', JSON.stringify({ query })],
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(query)}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${query}\r\n--x--\r\n`],
    ]) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${writerKey}` },
        body,
      });
      expect({ type, status: response.status }).toEqual({ type, status: expect.any(Number) });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect((await json(response)).errors[0].extensions.code).toEqual(expect.any(String));
    }
    expect(await authorsNamed('Forged Author')).toBe(before);
  });

  it('answers a GET query sent with a preflight header or a JSON content type, and refuses a bare one as CSRF', async () => {
    const query = encodeURIComponent('{ papers(first: 1) { totalCount } }');
    const bare = await fetch(`${server.url}/graphql?query=${query}`);
    expect(bare.status).toBe(400);
    expect((await json(bare)).errors[0]).toMatchObject({
      message: expect.stringMatching(/apollo-require-preflight/),
      extensions: { code: 'BAD_REQUEST' },
    });
    for (const headers of [{ 'apollo-require-preflight': 'true' }, { 'x-apollo-operation-name': 'Count' }, { 'content-type': JSON_TYPE }] as Record<string, string>[]) {
      const response = await fetch(`${server.url}/graphql?query=${query}`, { headers });
      expect({ headers, status: response.status }).toEqual({ headers, status: 200 });
      expect((await json(response)).data.papers.totalCount).toBeGreaterThan(0);
    }
  });

  it('answers 429 with Retry-After to both media types when the rate limit is spent', async () => {
    // 200 points per minute for a key of its own; a page of 60 papers costs about 60.
    const { key } = await createKey(server.store, { name: 'spender', role: 'reader' });
    const page = { query: '{ papers(first: 60) { nodes { title } } }' };
    const spent: number[] = [];
    for (let i = 0; i < 10 && spent.at(-1) !== 429; i += 1) {
      spent.push((await post(page, { accept: GRAPHQL_RESPONSE, authorization: `Bearer ${key}` })).status);
    }
    expect(spent).toEqual([200, 200, 200, 429]);
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const response = await post(page, { accept, authorization: `Bearer ${key}` });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await json(response)).errors[0].extensions.code).toBe('RATE_LIMITED');
    }
  });
});
