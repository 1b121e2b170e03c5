// Random HTTP requests to /graphql: random bytes, random JSON, GraphQL-shaped JSON with fields of
// the wrong types, batches, mangled valid bodies, under any content type and accept header; and
// GETs with random query strings. The server answers each with a client error, never a 5xx,
// and keeps answering the canary.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { type TestServer } from '../support/server';
import { type Answer, described, expectCanary, expectGraphQLAnswer, failWith, runs, send, startFuzzServer, Tally, timeoutFor } from './support';

const tally = new Tally('bodies');
const RUNS = runs(300);

const QUERIES = [
  '{ papers(first: 2) { totalCount nodes { title } } }',
  'query ($id: ID!) { node(id: $id) { id } }',
  'query Q { authors(search: "liu") { nodes { name } } }',
  'mutation { deletePaper(id: "UGFwZXI6MQ") { deletedPaperId } }',
  '{ papers(first: 2) { nodes { title }',
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const VALID_BODIES = QUERIES.map((query) => JSON.stringify({ query, variables: { id: 'QXV0aG9yOjE' } }));

const printableAscii = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

/** Percent-encodes every byte of the UTF-8 text (encodeURIComponent throws on lone surrogates). */
function percentEncoded(text: string): string {
  return [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

const graphQLShaped = fc.record(
  {
    query: fc.oneof(fc.constantFrom(...QUERIES), fc.string(), fc.jsonValue()),
    variables: fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom('id', 'first', 'x', '__proto__', 'constructor'), fc.jsonValue())),
    operationName: fc.oneof(fc.constantFrom('Q', ''), fc.jsonValue()),
    // Apollo's automatic persisted queries: a version and the SHA-256 of the query.
    extensions: fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          persistedQuery: fc.oneof(
            fc.record(
              {
                version: fc.oneof(fc.constant(1), fc.jsonValue()),
                sha256Hash: fc.oneof(fc.constantFrom(...QUERIES.map(sha256)), fc.stringMatching(/^[0-9a-f]{64}$/), fc.jsonValue()),
              },
              { requiredKeys: [] },
            ),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

const bodyText: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(s)),
  fc.json().map((s) => Buffer.from(s)),
  { arbitrary: graphQLShaped.map((body) => Buffer.from(JSON.stringify(body))), weight: 3 },
  fc.array(graphQLShaped, { maxLength: 12 }).map((batch) => Buffer.from(JSON.stringify(batch))),
  // A valid body cut short, or with a few random bytes let in.
  fc
    .tuple(fc.constantFrom(...VALID_BODIES), fc.nat(), fc.nat(), fc.uint8Array({ maxLength: 4 }))
    .map(([body, at, cut, bytes]) => {
      const buffer = Buffer.from(body);
      const i = at % (buffer.length + 1);
      return Buffer.concat([buffer.subarray(0, i), Buffer.from(bytes), buffer.subarray(Math.min(buffer.length, i + (cut % 4)))]);
    }),
);

const someHeaders = fc.record(
  {
    accept: fc.oneof(
      fc.constantFrom('application/json', 'application/graphql-response+json', '*/*', 'text/html', 'text/event-stream', 'multipart/mixed; deferSpec=20220824'),
      printableAscii(40),
    ),
    'apollo-require-preflight': fc.constant('true'),
    authorization: fc.oneof(fc.constantFrom('Bearer nope', 'Basic abc', 'Bearer', 'Bearer  a b'), printableAscii(40)),
  },
  { requiredKeys: [] },
);
// Mostly none: an unknown key or a refused accept header would stop most requests at the door.
const headers = fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, someHeaders);

const posts = fc.record({
  method: fc.constant('POST' as const),
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    fc.constantFrom(
      'application/json; charset=utf-8',
      'text/plain',
      'application/graphql-response+json',
      'application/graphql',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      null,
    ),
    printableAscii(40),
  ),
  headers,
  body: bodyText,
});

const parameterValue = fc.oneof(
  fc.constantFrom(...QUERIES).map(percentEncoded),
  fc.jsonValue().map((v) => percentEncoded(JSON.stringify(v) ?? '')),
  fc.string({ unit: 'binary' }).map(percentEncoded),
  printableAscii(60),
);
const gets = fc.record({
  method: fc.constant('GET' as const),
  search: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom('query', 'variables', 'operationName', 'extensions'), printableAscii(10)), parameterValue), { maxLength: 4 })
    .map((parameters) => parameters.map(([key, value]) => `${key}=${value}`).join('&')),
  headers,
});

type RawRequest =
  | { method: 'POST'; contentType: string | null; headers: Record<string, string>; body: Buffer }
  | { method: 'GET'; search: string; headers: Record<string, string> };

/** How fast-check prints a request: enough to replay it with curl. */
function replayable(request: RawRequest): string {
  return request.method === 'GET'
    ? `GET /graphql?${request.search} headers=${JSON.stringify(request.headers)}`
    : `POST /graphql content-type=${JSON.stringify(request.contentType)} headers=${JSON.stringify(request.headers)} ` +
        `body(base64)=${request.body.toString('base64')} body(utf8)=${JSON.stringify(request.body.toString('utf8'))}`;
}

const requests: fc.Arbitrary<RawRequest> = fc
  .oneof({ arbitrary: posts, weight: 3 }, gets)
  .map((request: RawRequest) => described(request, () => replayable(request)));

function sendRequest(server: TestServer, request: RawRequest): Promise<Answer> {
  if (request.method === 'GET') return send(`${server.url}/graphql?${request.search}`, { method: 'GET', headers: request.headers });
  return send(`${server.url}/graphql`, {
    method: 'POST',
    headers: { ...request.headers, ...(request.contentType === null ? {} : { 'content-type': request.contentType }) },
    body: request.body,
  });
}

/** A POST of `text`, for the examples every run tries first. */
function post(contentType: string | null, text: string): RawRequest {
  const request: RawRequest = { method: 'POST', contentType, headers: {}, body: Buffer.from(text) };
  return described(request, () => replayable(request));
}

const CLIENT_ERRORS = [400, 401, 403, 405, 406, 413, 415, 429];

// The playground (GraphiQL) answers a browser's GET that prefers HTML.
const isLandingPage = (answer: Answer) => answer.status === 200 && answer.contentType.startsWith('text/html');

describe('random request bodies and query strings', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startFuzzServer();
  });
  afterAll(async () => {
    tally.report();
    await server.close();
  });

  // Examples this property found: Apollo's persisted-query errors carry no code, so it answered
  // them as INTERNAL_SERVER_ERROR (with a 400). A malformed persistedQuery now gets
  // PERSISTED_QUERY_NOT_SUPPORTED (src/http/unexpected-errors.ts); known failing still, the lead's
  // to fix in src/: a sha256Hash that does not match the query, POST /graphql with content-type
  // application/json and {"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}
  // ("provided sha does not match query", INTERNAL_SERVER_ERROR).
  it('never answer 5xx or INTERNAL_SERVER_ERROR, always answer JSON, and leave the canary answering', async () => {
    const persisted = (body: object) => post('application/json', JSON.stringify(body));
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        tally.count('requests: status and JSON');
        const answer = await sendRequest(server, request);
        if (answer.status >= 500) failWith(answer, 'a 5xx answer to a client request');
        if (answer.status !== 200 && !CLIENT_ERRORS.includes(answer.status)) failWith(answer, `unexpected status ${answer.status}`);
        if (!isLandingPage(answer) && answer.json === undefined) failWith(answer, 'the answer is not JSON');
        const errors = [answer.json].flat().flatMap((body) => body?.errors ?? []);
        if (errors.some((e: any) => e?.extensions?.code === 'INTERNAL_SERVER_ERROR')) failWith(answer, 'INTERNAL_SERVER_ERROR for a client request');
        await expectCanary(server);
      }),
      {
        numRuns: RUNS,
        examples: [
          [persisted({ extensions: { persistedQuery: {} } })],
          [persisted({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } })],
        ],
      },
    );
  }, timeoutFor(RUNS));

  // Examples this property found: what Fastify refuses before Apollo sees it was answered in
  // Fastify's shape, {"statusCode":400,"code":"FST_ERR_CTP_INVALID_JSON_BODY","error":"Bad Request",
  // "message":"Body is not valid JSON ..."}, with no `errors` and no extensions.code: broken JSON,
  // an empty JSON body, valid JSON with a "__proto__" key, a content type without a parser (415).
  // Now answered in GraphQL's shape by the error handler of src/limits/http-limits.ts.
  it('answer every refusal in GraphQL’s shape: `errors`, each with an extensions.code', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        tally.count('requests: GraphQL-shaped errors');
        const answer = await sendRequest(server, request);
        if (!isLandingPage(answer)) expectGraphQLAnswer(answer, { statuses: [200, ...CLIENT_ERRORS], batch: true });
      }),
      {
        numRuns: RUNS,
        examples: [
          [post('application/json', '{')],
          [post('application/json', '')],
          [post('application/json', '{"query":"{ __typename }","variables":{"__proto__":{}}}')],
          [post('application/graphql', '{ __typename }')],
          [post(null, '{"query":"{ __typename }"}')],
        ],
      },
    );
  }, timeoutFor(RUNS));
});
