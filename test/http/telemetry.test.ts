// What operators see of each operation: a structured log line and Prometheus metrics.
import { PassThrough } from 'node:stream';
import { createKey } from '../../src/auth/keys';
import { startServer } from '../support/server';

describe('telemetry', () => {
  it('logs and counts each operation by name and outcome, and each refusal by reason', async () => {
    const stream = new PassThrough();
    let log = '';
    stream.on('data', (chunk) => (log += chunk));
    const server = await startServer({ logStream: stream });
    const base = server.url;
    const { key } = await createKey(server.store, { name: 'telemetry', role: 'reader' });
    const post = (body: string) =>
      fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` }, body });
    try {
      const profile = JSON.stringify({ query: 'query Profile { authors(search: "Zongkai Liu") { nodes { name hIndex } } }', operationName: 'Profile' });
      expect((await post(profile)).status).toBe(200);
      expect((await post(profile)).status).toBe(200);
      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: papers(first: 1) { totalCount }`).join(" ");
      expect((await post(JSON.stringify({ query: `query Many { ${aliases} }` }))).status).toBe(400);
      expect((await post('{')).status).toBe(400);
      expect((await post(JSON.stringify({ query: '{ papers(first: 1) { nodes { titel } } }' }))).status).toBe(400);

      const metrics = await (await fetch(`${base}/metrics`)).text();
      const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\d+)`, 'm').exec(metrics)?.[1]);
      expect(value('scholargraph_graphql_requests_total{operation="Profile",outcome="ok"}')).toBe(2);
      expect(value('scholargraph_graphql_duration_seconds_count{operation="Profile"}')).toBe(2);
      expect(value('scholargraph_graphql_requests_total{operation="Many",outcome="refused"}')).toBe(1);
      expect(value('scholargraph_refused_requests_total{reason="ALIAS_LIMIT_EXCEEDED"}')).toBe(1);
      expect(value('scholargraph_refused_requests_total{reason="BAD_REQUEST"}')).toBe(1);
      expect(value('scholargraph_refused_requests_total{reason="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);

      const lines = log
        .split('\n')
        .filter((line) => line.includes('"graphql operation"'))
        .map((line) => JSON.parse(line));
      const ok = lines.filter((line) => line.operationName === 'Profile');
      expect(ok).toHaveLength(2);
      expect(ok[0]).toMatchObject({ reqId: expect.any(String), outcome: 'ok', durationMs: expect.any(Number), cost: expect.any(Number), errorCodes: [] });
      expect(ok[0].cost).toBeGreaterThan(0);
      expect(lines.find((line) => line.operationName === 'Many')).toMatchObject({ outcome: 'refused', errorCodes: ['ALIAS_LIMIT_EXCEEDED'] });
      expect(log).not.toContain(key);
    } finally {
      await server.close();
    }
  });

  it('counts the refusals Apollo makes before any plugin runs: CSRF, a bad key', async () => {
    const server = await startServer();
    try {
      const refusals = async () => {
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        const count = (reason: string) => Number(new RegExp(`^scholargraph_refused_requests_total\\{reason="${reason}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
        return { BAD_REQUEST: count('BAD_REQUEST'), UNAUTHENTICATED: count('UNAUTHENTICATED') };
      };
      const before = await refusals();
      expect((await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ papers { totalCount } }')}`)).status).toBe(400);
      expect((await server.graphql('{ papers { totalCount } }', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect(await refusals()).toEqual({ BAD_REQUEST: before.BAD_REQUEST + 1, UNAUTHENTICATED: before.UNAUTHENTICATED + 1 });
    } finally {
      await server.close();
    }
  });
});
