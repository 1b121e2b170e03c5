// The read threads (src/store/sqlite/read-pool.ts): the same rows as the main connection, each statement
// counted once in the request's tally, a thread that dies replaced, and writes seen at once.
import path from 'node:path';
import fs from 'node:fs';
import { prepareDatabase } from '../../../src/bootstrap';
import { type Db } from '../../../src/store/sqlite/client';
import { closeReadPool, openReadPool, type ReadPool, readsOf } from '../../../src/store/sqlite/read-pool';
import { tallyStatements } from '../../../src/store/sqlite/statement-counter';
import { tempDir } from '../../support/server';

let dir: string;
let db: Db;
let pool: ReadPool;
beforeAll(() => {
  dir = tempDir();
  db = prepareDatabase(path.join(dir, 'pool.db')).db;
  pool = openReadPool(db.sqlite, { threads: 2 })!;
});
afterAll(async () => {
  await closeReadPool(db.sqlite);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SQL = 'SELECT id, title, citation_count AS citationCount FROM papers WHERE citation_count >= ? ORDER BY id';

describe('the read pool', () => {
  it('answers the rows the main connection reads, and counts each statement once', async () => {
    const inline = db.sqlite.prepare(SQL).all(0);
    expect(inline.length).toBeGreaterThan(0);
    const tally = { count: 0 };
    const before = db.statements.total;
    const rows = await tallyStatements(tally, () => Promise.all([readsOf(db.sqlite).all(SQL, [0]), readsOf(db.sqlite).get('SELECT COUNT(*) AS n FROM papers', [])]));
    expect(rows[0]).toEqual(inline);
    expect(rows[1]).toEqual({ n: inline.length });
    expect(tally.count).toBe(2);
    expect(db.statements.total - before).toBe(2);
  });

  it('sees a write of the main connection at once', async () => {
    const { n } = db.sqlite.prepare('SELECT COUNT(*) AS n FROM papers').get() as { n: number };
    db.sqlite.prepare("INSERT INTO papers (external_id, title, abstract, category, published_at) VALUES ('pool-1', 'Pooled', 'x', 'cs.LG', '2026-01-01')").run();
    expect(await readsOf(db.sqlite).get('SELECT COUNT(*) AS n FROM papers', [])).toEqual({ n: n + 1 });
  });

  it("rejects a statement SQLite refuses with SQLite's message and code, and goes on", async () => {
    await expect(readsOf(db.sqlite).all('SELECT nope FROM papers', [])).rejects.toMatchObject({ message: expect.stringContaining('no such column: nope'), code: 'SQLITE_ERROR' });
    expect(await readsOf(db.sqlite).get('SELECT 1 AS one', [])).toEqual({ one: 1 });
  });

  it('replaces a thread that dies, and keeps answering', async () => {
    const [thread] = (pool as unknown as { live: { worker: { terminate(): Promise<number> } }[] }).live;
    await thread.worker.terminate();
    const answers = await Promise.all(Array.from({ length: 6 }, () => readsOf(db.sqlite).get<{ one: number }>('SELECT 1 AS one', [])));
    expect(answers).toEqual(Array(6).fill({ one: 1 }));
    expect(pool.threads).toBe(2);
  });
});
