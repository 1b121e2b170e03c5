// Behind a reverse proxy every request comes from the proxy's address: TRUST_PROXY says whose
// X-Forwarded-For to believe, so that each client behind it gets its own rate-limit bucket.
import { loadConfig } from '../../src/config';
import { startServer } from '../support/server';

const limits = { rateLimitPoints: 100, rateLimitWindowSeconds: 60, maxCost: 100 };

async function remainingFor(url: string, forwardedFor: string, cost: number): Promise<string | null> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ query: `{ papers(first: ${cost}) { totalCount } }` }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('x-ratelimit-remaining');
}

describe('TRUST_PROXY', () => {
  it('gives each forwarded client its own bucket when the proxy is trusted', async () => {
    const server = await startServer({ limits, trustProxy: '127.0.0.1' });
    try {
      expect(await remainingFor(server.url, '203.0.113.7', 30)).toBe('70');
      expect(await remainingFor(server.url, '198.51.100.2', 20)).toBe('80');
      expect(await remainingFor(server.url, '203.0.113.7', 10)).toBe('60');
    } finally {
      await server.close();
    }
  });

  it('ignores X-Forwarded-For by default: a client cannot pick its own bucket', async () => {
    const server = await startServer({ limits });
    try {
      expect(await remainingFor(server.url, '203.0.113.7', 30)).toBe('70');
      expect(await remainingFor(server.url, '198.51.100.2', 20)).toBe('50');
    } finally {
      await server.close();
    }
  });

  it('reads true, false, hops and address lists, and refuses anything else saying what it takes', () => {
    const trust = (TRUST_PROXY: string) => loadConfig({ TRUST_PROXY }).trustProxy;
    expect([trust(''), trust('false'), trust('true'), trust('2')]).toEqual([false, false, true, 2]);
    expect(trust('10.0.0.0/8, 127.0.0.1,::1')).toBe('10.0.0.0/8,127.0.0.1,::1');
    for (const bad of ['yes', '10.0.0.0/33', 'proxy.example.org', '10.0.0.1/8/2']) {
      expect(() => trust(bad)).toThrow(/^TRUST_PROXY must be true, false, a number of proxy hops, or the proxies' addresses or CIDR ranges/);
    }
  });
});
