// On PostgreSQL the rate limit's budget is one per client for every API node (rate-limiter-
// flexible's RateLimiterPostgres on the shared database): a client that spreads its requests
// over two nodes spends one budget, not two. Two servers here, each with its own pool, on one
// database, as two nodes behind a load balancer.
import { type AddressInfo } from 'node:net';
import { type FastifyInstance } from 'fastify';
import { preparePostgresDatabase } from '../../../src/bootstrap';
import { loadLimits } from '../../../src/config';
import { createServer } from '../../../src/http/server';
import { openPostgresStore, postgresEngine, type ServingEngine } from '../../../src/store';
import { newPostgresDatabase, stopPostgres } from '../../support/engine';

const QUERY = '{ papers(first: 3) { nodes { title } } }';

describe('the rate limit across API nodes on PostgreSQL', () => {
  const nodes: { app: FastifyInstance; engine: ServingEngine; url: string }[] = [];

  beforeAll(async () => {
    const url = await newPostgresDatabase();
    const prepared = await preparePostgresDatabase(url, { seedDemoData: true, demoCorpusPapers: 0 });
    await prepared.opened.close();
    for (let i = 0; i < 2; i++) {
      const engine = postgresEngine(await openPostgresStore(url, { migrate: false }));
      const limits = { ...loadLimits({}), rateLimitPoints: 40, rateLimitWindowSeconds: 60, maxCost: 40 };
      const app = await createServer({ engine, logLevel: 'silent', limits });
      await app.listen({ port: 0, host: '127.0.0.1' });
      nodes.push({ app, engine, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` });
    }
  }, 120_000);

  afterAll(async () => {
    for (const { app, engine } of nodes) {
      await app.close();
      await engine.close();
    }
    await stopPostgres();
  }, 60_000);

  const ask = async (url: string) => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    return { status: response.status, remaining: Number(response.headers.get('x-ratelimit-remaining')), used: Number(response.headers.get('x-ratelimit-used')) };
  };

  it('spends one budget per client over both nodes, and refuses on either once it is spent', async () => {
    const first = await ask(nodes[0].url);
    expect(first.status).toBe(200);
    const cost = first.used;
    expect(cost).toBeGreaterThan(0);
    // The second node continues the first one's count.
    const second = await ask(nodes[1].url);
    expect(second).toEqual({ status: 200, remaining: 40 - 2 * cost, used: 2 * cost });
    const answers = [];
    for (let i = 0; 40 - (i + 3) * cost >= 0; i++) answers.push(await ask(nodes[i % 2].url));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const refused = await ask(nodes[answers.length % 2].url);
    expect(refused.status).toBe(429);
    const alsoRefused = await ask(nodes[(answers.length + 1) % 2].url);
    expect(alsoRefused.status).toBe(429);
  });
});
