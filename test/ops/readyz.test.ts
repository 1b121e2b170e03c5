// GET /readyz: ready when the database answers and has every migration of the build; the
// leftovers of an unfinished bulk load are reported, not refused. GET /healthz only asks "alive?".
import fs from 'node:fs';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase } from '../../src/store/sqlite/client';
import { createServer } from '../../src/http/server';
import { shippedMigrations } from '../../src/ops/readiness';
import { suspendSearchIndexing } from '../../src/store';
import { startServer, tempDir, type TestServer } from '../support/server';

// The build's migrations, newest last (9 when this was written).
const shipped = shippedMigrations();

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('GET /readyz', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => server.close().catch(() => undefined));

  it('is ready on a migrated database, with nothing pending', async () => {
    expect(await get(`${server.url}/readyz`)).toEqual({ status: 200, body: { status: 'ready', pendingAuthorMetrics: 0, pendingNovelty: 0, suspendedIndexes: 0 } });
  });

  it('stays ready after a bulk load was killed half way, and says what it left', async () => {
    const { sqlite } = server.db;
    const triggers = sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND (name GLOB 'papers_fts_*' OR name GLOB 'authors_fts_*')").pluck().get();
    suspendSearchIndexing(sqlite);
    sqlite.exec('INSERT INTO author_metrics_pending (author_id) SELECT id FROM authors ORDER BY id LIMIT 3');
    sqlite.exec('INSERT INTO novelty_pending (paper_id) SELECT id FROM papers ORDER BY id LIMIT 2');

    expect(triggers).toBeGreaterThan(0);
    expect(await get(`${server.url}/readyz`)).toEqual({ status: 200, body: { status: 'ready', pendingAuthorMetrics: 3, pendingNovelty: 2, suspendedIndexes: triggers } });
    const read = await server.graphql('{ authors(search: "Zongkai Liu") { nodes { name } } }');
    expect(read.body).toEqual({ data: { authors: { nodes: [{ name: 'Zongkai Liu' }] } } });
  });

  it('is not ready while a migration of the build is missing from the database, though alive', async () => {
    server.db.sqlite.exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT MAX(created_at) FROM __drizzle_migrations)');

    expect(await get(`${server.url}/readyz`)).toEqual({
      status: 503,
      body: {
        status: 'unavailable',
        reason: `1 of ${shipped.length} migrations are not applied to the database; a restart of the server applies them`,
        pendingMigrations: [shipped[shipped.length - 1].tag],
      },
    });
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
  });

  it('is neither ready nor alive when the database does not answer', async () => {
    server.db.close();
    expect(await get(`${server.url}/readyz`)).toEqual({ status: 503, body: { status: 'unavailable', reason: 'the database does not answer' } });
    expect((await get(`${server.url}/healthz`)).status).toBe(503);
  });
});

describe('GET /readyz on a database that was never migrated', () => {
  it('lists every migration as pending', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'bare.db'));
    const app = await createServer({ db, logLevel: 'silent' });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { status, body } = await get(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/readyz`);
      expect(status).toBe(503);
      expect(body).toEqual({
        status: 'unavailable',
        reason: `${shipped.length} of ${shipped.length} migrations are not applied to the database; a restart of the server applies them`,
        pendingMigrations: shipped.map((m) => m.tag),
      });
    } finally {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
