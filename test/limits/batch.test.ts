// Batched requests (a JSON array of operations): up to MAX_BATCH operations, their costs summed
// against MAX_COST and spent from the rate limit; more, or any batch with MAX_BATCH=0, refused.
import { startServer, type TestServer } from '../support/server';

async function postBatch(server: TestServer, queries: string[]) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(queries.map((query) => ({ query }))),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('batches', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ limits: { maxBatch: 3, maxCost: 50 } });
  });
  afterAll(() => server.close());

  it('answers up to MAX_BATCH operations, each with its own answer, and spends their summed cost', async () => {
    const { status, headers, body } = await postBatch(server, [
      '{ papers(first: 2) { totalCount } }',
      '{ authors(first: 3) { totalCount } }',
      '{ papers(first: 1) { nodes { title } } }',
    ]);
    expect(status).toBe(200);
    expect(body).toEqual([
      { data: { papers: { totalCount: 6 } } },
      { data: { authors: { totalCount: expect.any(Number) } } },
      { data: { papers: { nodes: [{ title: expect.any(String) }] } } },
    ]);
    expect(headers.get('x-ratelimit-used')).toBe('6');
  });

  it('refuses more operations than MAX_BATCH, running none', async () => {
    const before = await server.statementsRun();
    const { status, body } = await postBatch(server, Array.from({ length: 4 }, () => '{ papers(first: 1) { totalCount } }'));
    expect(await server.statementsRun()).toBe(before);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [
        {
          message: 'The request is a batch of 4 operations, over the maximum of 3 (MAX_BATCH). Send at most 3 operations per request.',
          extensions: { code: 'BATCH_LIMIT_EXCEEDED' },
        },
      ],
    });
  });

  it('holds the whole batch to MAX_COST: the operation that goes over is refused', async () => {
    const { status, body } = await postBatch(server, ['{ papers(first: 30) { totalCount } }', '{ authors(first: 30) { totalCount } }']);
    expect(status).toBe(400);
    expect(body[0]).toEqual({ data: { papers: { totalCount: 6 } } });
    expect(body[1].errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(body[1].errors[0].message).toMatch(/^The batch costs 60 with this operation, over the maximum of 50 per request \(MAX_COST\)/);
  });

  it('refuses every batch with MAX_BATCH=0', async () => {
    const single = await startServer({ limits: { maxBatch: 0 } });
    try {
      const { status, body } = await postBatch(single, ['{ papers(first: 1) { totalCount } }']);
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('BATCH_LIMIT_EXCEEDED');
      expect(body.errors[0].message).toBe(
        'The request is a batch of 1 operation, and batches are off on this server (MAX_BATCH=0). Send one operation per request.',
      );
      expect((await single.graphql('{ papers(first: 1) { totalCount } }')).status).toBe(200);
    } finally {
      await single.close();
    }
  });
});
