// Cost points per window, GitHub-style: each query spends its cost from the bucket of its API
// key (of its address without one); headers on every answer, and 429 with Retry-After when spent.
import http from 'node:http';
import { createKey } from '../../src/auth/keys';

import { startServer, type TestServer } from '../support/server';

const limits = { rateLimitPoints: 100, rateLimitWindowSeconds: 60, maxCost: 100 };

/** `papers(first: n)` costs n. */
const costing = (n: number) => `{ papers(first: ${n}) { totalCount } }`;

function bucket(headers: Headers) {
  return {
    limit: headers.get('x-ratelimit-limit'),
    remaining: headers.get('x-ratelimit-remaining'),
    used: headers.get('x-ratelimit-used'),
  };
}

/** A POST from another loopback address than 127.0.0.1. */
function postFrom(localAddress: string, url: string, query: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/graphql`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(JSON.stringify({ query }));
  });
}

describe('rate limit', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer({ limits });
  });
  afterEach(() => server.close());

  it('spends each query its cost, and says so in the headers', async () => {
    const first = await server.graphql(costing(10));
    expect(first.status).toBe(200);
    expect(bucket(first.headers)).toEqual({ limit: '100', remaining: '90', used: '10' });
    const reset = Number(first.headers.get('x-ratelimit-reset'));
    expect(reset - Date.now() / 1000).toBeGreaterThan(58);
    expect(reset - Date.now() / 1000).toBeLessThanOrEqual(61);
    const second = await server.graphql('{ authors(first: 3) { nodes { papers(first: 2) { totalCount } } } }');
    expect(bucket(second.headers)).toEqual({ limit: '100', remaining: '81', used: '19' });
    expect(second.headers.get('x-ratelimit-reset')).toBe(String(reset));
  });

  it('answers rateLimit { limit cost remaining resetAt } for the query that asks', async () => {
    await server.graphql(costing(10));
    const { headers, body } = await server.graphql(`{ rateLimit { limit cost remaining resetAt } papers(first: 5) { nodes { title } } }`);
    expect(body.data.rateLimit).toEqual({ limit: 100, cost: 5, remaining: 85, resetAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(Math.ceil(Date.parse(body.data.rateLimit.resetAt) / 1000)).toBe(Number(headers.get('x-ratelimit-reset')));
    expect(bucket(headers).remaining).toBe('85');
    // Asking only for the rate limit costs the least a query costs.
    expect((await server.graphql('{ rateLimit { cost remaining } }')).body.data.rateLimit).toEqual({ cost: 1, remaining: 84 });
  });

  it('refuses a query that costs more than is left with 429 and Retry-After, running nothing', async () => {
    expect((await server.graphql(costing(95))).status).toBe(200);
    const before = await server.statementsRun();
    const { status, headers, body } = await server.graphql(costing(10));
    expect(await server.statementsRun()).toBe(before);
    expect(status).toBe(429);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions!.code).toBe('RATE_LIMITED');
    const retryAfter = Number(headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(body.errors![0].message).toMatch(
      new RegExp(
        '^Rate limit: this query costs 10 points and 5 of the 100 points per 60 s are left for the address 127\\.0\\.0\\.1\\. ' +
          `They are back at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, in ${retryAfter} s: retry then \\(Retry-After\\)`,
      ),
    );
    // Refused, it spent nothing: a smaller query still fits.
    expect(bucket(headers)).toEqual({ limit: '100', remaining: '5', used: '95' });
    const small = await server.graphql(costing(5));
    expect([small.status, bucket(small.headers).remaining]).toEqual([200, '0']);
  });

  it('puts the headers on refused documents too, which spend nothing', async () => {
    await server.graphql(costing(30));
    const refused = await server.graphql('{ papers { nodes { nope } } }');
    expect(refused.status).toBe(400);
    expect(bucket(refused.headers)).toEqual({ limit: '100', remaining: '70', used: '30' });
    const batch = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: costing(1) }))),
    });
    expect(batch.status).toBe(400);
    expect(bucket(batch.headers).remaining).toBe('70');
  });

  it("puts the key's own bucket on requests refused before they are read (batch, body size), none for a bad key", async () => {
    const carol = (await createKey(server.store, { name: 'carol', role: 'reader' })).key;
    const as = { 'content-type': 'application/json', authorization: `Bearer ${carol}` };
    expect(bucket((await server.graphql(costing(25), undefined, { authorization: `Bearer ${carol}` })).headers).remaining).toBe('75');
    const batch = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: as,
      body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: costing(1) }))),
    });
    expect([batch.status, bucket(batch.headers)]).toEqual([400, { limit: '100', remaining: '75', used: '25' }]);
    const huge = await fetch(`${server.url}/graphql`, { method: 'POST', headers: as, body: JSON.stringify({ query: `{ ${'a '.repeat(300_000)} }` }) });
    expect([huge.status, bucket(huge.headers).remaining]).toEqual([413, '75']);
    const badKey = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: costing(1) }))),
    });
    expect([badKey.status, badKey.headers.get('x-ratelimit-remaining')]).toEqual([400, null]);
  });

  it('keeps one bucket per API key and one per address', async () => {
    const alice = (await createKey(server.store, { name: 'alice', role: 'reader' })).key;
    const bob = (await createKey(server.store, { name: 'bob', role: 'reader' })).key;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    expect(bucket((await server.graphql(costing(40), undefined, as(alice))).headers).remaining).toBe('60');
    expect(bucket((await server.graphql(costing(30), undefined, as(bob))).headers).remaining).toBe('70');
    expect(bucket((await server.graphql(costing(20))).headers).remaining).toBe('80');
    expect(bucket((await server.graphql(costing(50), undefined, as(alice))).headers).remaining).toBe('10');
    const other = await postFrom('127.0.0.2', server.url, costing(5));
    expect([other.status, other.headers['x-ratelimit-remaining']]).toEqual([200, '95']);
    const spent = await server.graphql(costing(20), undefined, as(alice));
    expect(spent.status).toBe(429);
    expect(spent.body.errors![0].message).toContain('left for the API key "alice"');
    expect((await server.graphql(costing(20), undefined, as(bob))).status).toBe(200);
  });

  it('refuses a query that costs more than a whole window, for good', async () => {
    const lavish = await startServer({ limits: { rateLimitPoints: 50, rateLimitWindowSeconds: 60, maxCost: null } });
    try {
      const { status, headers, body } = await lavish.graphql(costing(60));
      expect(status).toBe(400);
      expect(headers.get('retry-after')).toBeNull();
      expect(body.errors![0].extensions!.code).toBe('COST_LIMIT_EXCEEDED');
      expect(body.errors![0].message).toMatch(/^The query costs 60, more than the 50 points a client may spend per 60 s \(RATE_LIMIT_POINTS\)/);
    } finally {
      await lavish.close();
    }
  });
});

describe('a rate limit window', () => {
  it('gives the points back when it ends', async () => {
    // A window of 3 s, not 1: on a busy machine the first answer alone has taken over a second,
    // and the window had ended before the second request arrived.
    const server = await startServer({ limits: { rateLimitPoints: 10, rateLimitWindowSeconds: 3, maxCost: 10 } });
    try {
      expect((await server.graphql(costing(10))).status).toBe(200);
      const refused = await server.graphql(costing(1));
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
      const again = await server.graphql(costing(1));
      expect([again.status, bucket(again.headers).remaining]).toEqual([200, '9']);
    } finally {
      await server.close();
    }
  });
});

describe('without a rate limit', () => {
  it('sends no headers and answers rateLimit with null', async () => {
    const server = await startServer({ limits: { rateLimitPoints: null } });
    try {
      const { headers, body } = await server.graphql('{ rateLimit { remaining } }');
      expect(body.data.rateLimit).toBeNull();
      expect(headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await server.close();
    }
  });
});
