// The endpoints operators and scripts use besides POST /graphql.
import { startServer, type TestServer } from '../support/server';

describe('HTTP endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('answers GET /healthz with 200 while the database answers', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /healthz with 503 when the database is gone', async () => {
    const other = await startServer();
    await other.closeDatabase();
    const response = await fetch(`${other.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable' });
    await other.close().catch(() => undefined);
  });

  it('serves the SQL statement counter in the Prometheus text format, growing with queries', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('# TYPE scholargraph_sql_statements_total counter');
    const before = await server.statementsRun();
    await server.graphql('{ papers(first: 3) { nodes { title } } }');
    expect(await server.statementsRun()).toBe(before + 1);
  });

  it('answers queries over GET for scripts (with the CSRF-prevention header)', async () => {
    const query = encodeURIComponent('{ authors(search: "zongkai") { nodes { name paperCount } } }');
    const response = await fetch(`${server.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { authors: { nodes: [{ name: 'Zongkai Liu', paperCount: 6 }] } } });
  });

  it('refuses a GET without a preflight header, saying which header to send', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ papers { totalCount } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('apollo-require-preflight');
  });
});
