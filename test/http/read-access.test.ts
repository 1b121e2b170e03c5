// Reads are public by default; READS_NEED_KEY=true makes every request show a key.
import { createKey } from '../../src/auth/keys';
import { startServer, type TestServer } from '../support/server';

describe('read access', () => {
  let open: TestServer;
  let closed: TestServer;
  beforeAll(async () => {
    open = await startServer();
    closed = await startServer({ readsNeedKey: true });
  });
  afterAll(async () => {
    await open.close();
    await closed.close();
  });

  it('answers reads without a key by default', async () => {
    const { status, body } = await open.graphql('{ papers(first: 0) { totalCount } }');
    expect([status, body.data.papers.totalCount]).toEqual([200, 6]);
  });

  it('asks for a key when reads need one, and answers with a reader key', async () => {
    const anonymous = await closed.graphql('{ papers(first: 0) { totalCount } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(anonymous.body.errors![0].message).toContain('Authorization: Bearer');
    const { key } = await createKey(closed.store, { name: 'reader', role: 'reader' });
    const withKey = await closed.graphql('{ papers(first: 0) { totalCount } }', undefined, { authorization: `Bearer ${key}` });
    expect([withKey.status, withKey.body.data.papers.totalCount]).toEqual([200, 6]);
  });
});
