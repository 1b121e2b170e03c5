// API keys end to end: stored hashed, found by plaintext, revoked, and checked per role.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type GraphQLError } from 'graphql';
import { ANONYMOUS, authenticate, requireReadAccess, requireRole, type Auth } from '../../src/auth/authenticate';
import { createKey, findActiveKey, hashApiKey, listApiKeys, revokeKey } from '../../src/auth/keys';
import { sqliteStore, type Store } from '../../src/store';
import { migrateDatabase, openDatabase, type Db } from '../../src/store/sqlite/client';

const ROOT = path.resolve(__dirname, '../..');

let dir: string;
let file: string;
let db: Db;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholargraph-auth-'));
  file = path.join(dir, 'keys.db');
  db = openDatabase(file);
  migrateDatabase(db);
  store = sqliteStore(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function thrown(run: () => unknown): Promise<GraphQLError> {
  try {
    await run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
}

async function expectRejected(run: () => unknown, code: string, status: number, secret?: string): Promise<GraphQLError> {
  const error = await thrown(run);
  expect(error.extensions).toMatchObject({ code, http: { status } });
  if (secret) expect(error.message).not.toContain(secret);
  return error;
}

describe('api keys', () => {
  it('creates a key that findActiveKey finds, in the sg_ format', async () => {
    const created = await createKey(store, { name: 'ingest bot', role: 'writer' });
    expect(created.key).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 8));
    expect(await findActiveKey(store, created.key)).toEqual({ id: created.id, name: 'ingest bot', role: 'writer' });
    expect(await findActiveKey(store, created.key + 'x')).toBeNull();
  });

  it('never stores the plaintext key, only its hash', async () => {
    const created = await createKey(store, { name: 'ingest bot', role: 'admin' });
    const rows = db.sqlite.prepare('SELECT * FROM api_keys').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0].key_hash).toBe(hashApiKey(created.key));
    for (const value of Object.values(rows[0])) expect(String(value)).not.toContain(created.key);
    // Checkpoint the WAL so that the main file holds everything ever written, then scan it all.
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const name of fs.readdirSync(dir)) {
      expect(fs.readFileSync(path.join(dir, name)).includes(Buffer.from(created.key))).toBe(false);
    }
  });

  it('lists keys without hashes or keys', async () => {
    const created = await createKey(store, { name: 'reader one', role: 'reader' });
    const listed = (await listApiKeys(store));
    expect(listed).toEqual([
      { id: created.id, name: 'reader one', role: 'reader', prefix: created.prefix, createdAt: expect.any(String), revokedAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain(hashApiKey(created.key));
  });

  it('revokes by id or prefix, after which the key is not found', async () => {
    const a = await createKey(store, { name: 'a', role: 'writer' });
    const b = await createKey(store, { name: 'b', role: 'writer' });
    expect(await revokeKey(store, a.id)).toBe(true);
    expect(await revokeKey(store, a.id)).toBe(false);
    expect(await findActiveKey(store, a.key)).toBeNull();
    expect(await revokeKey(store, b.prefix)).toBe(true);
    expect(await findActiveKey(store, b.key)).toBeNull();
    expect(await revokeKey(store, 'sg_nope0')).toBe(false);
    expect((await listApiKeys(store)).every((k) => k.revokedAt !== null)).toBe(true);
  });

  it('creates and revokes through the store, as npm run keys does', async () => {
    const created = await createKey(store, { name: 'cli', role: 'reader' });
    expect(created.key).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    expect(await findActiveKey(store, created.key)).toEqual({ id: created.id, name: 'cli', role: 'reader' });
    expect(await revokeKey(store, String(created.id))).toBe(true);
    expect(await revokeKey(store, created.prefix)).toBe(false);
    expect(await findActiveKey(store, created.key)).toBeNull();
    const other = await createKey(store, { name: 'other', role: 'writer' });
    expect(await revokeKey(store, other.prefix)).toBe(true);
    expect((await listApiKeys(store)).map((k) => k.revokedAt === null)).toEqual([false, false]);
  });

  it('refuses to revoke by a prefix that names several active keys, and revokes neither', async () => {
    const createdAt = new Date().toISOString();
    const ids = [
      await store.insertApiKey({ name: 'one', role: 'reader', keyHash: 'ab'.repeat(32), prefix: 'sg_twins', createdAt }),
      await store.insertApiKey({ name: 'two', role: 'reader', keyHash: 'cd'.repeat(32), prefix: 'sg_twins', createdAt }),
    ];
    await expect(revokeKey(store, 'sg_twins')).rejects.toThrow(/2 active keys start with "sg_twins": revoke by id instead/);
    expect(await store.activeApiKeyIds({ prefix: 'sg_twins' })).toEqual(ids);
    expect(await revokeKey(store, ids[0])).toBe(true);
    expect(await revokeKey(store, 'sg_twins')).toBe(true);
  });

  it('refuses blank names and unknown roles in the database itself', async () => {
    // toMatchObject: better-sqlite3's errors are not instances of the test's Error, which rejects.toThrow wants.
    const refused = { code: 'SQLITE_CONSTRAINT_CHECK', message: expect.stringContaining('CHECK constraint') };
    await expect(createKey(store, { name: '  ', role: 'writer' })).rejects.toMatchObject(refused);
    await expect(createKey(store, { name: 'x', role: 'root' as never })).rejects.toMatchObject(refused);
  });
});

describe('authenticate', () => {
  it('treats a missing header as anonymous', async () => {
    expect(await authenticate(store, undefined)).toEqual({ role: null, keyId: null, keyName: null });
    expect(await authenticate(store, '')).toEqual(ANONYMOUS);
  });

  it('returns the key for a valid bearer key', async () => {
    const created = await createKey(store, { name: 'bot', role: 'writer' });
    expect(await authenticate(store, `Bearer ${created.key}`)).toEqual({ role: 'writer', keyId: created.id, keyName: 'bot' });
  });

  it('rejects malformed headers, unknown and revoked keys as UNAUTHENTICATED without echoing the key', async () => {
    const created = await createKey(store, { name: 'bot', role: 'writer' });
    const error = await expectRejected(() => authenticate(store, created.key), 'UNAUTHENTICATED', 401, created.key);
    expect(error.message).toContain('Authorization: Bearer <key>');
    expect(error.message).toContain('npm run keys -- create');
    await expectRejected(() => authenticate(store, `Basic ${created.key}`), 'UNAUTHENTICATED', 401, created.key);
    await expectRejected(() => authenticate(store, 'Bearer'), 'UNAUTHENTICATED', 401);
    const unknown = 'sg_' + 'A'.repeat(43);
    await expectRejected(() => authenticate(store, `Bearer ${unknown}`), 'UNAUTHENTICATED', 401, unknown);
    await revokeKey(store, created.id);
    await expectRejected(() => authenticate(store, `Bearer ${created.key}`), 'UNAUTHENTICATED', 401, created.key);
  });
});

describe('requireRole', () => {
  const as = (role: Auth['role']): Auth => ({ role, keyId: role ? 1 : null, keyName: role ? 'k' : null });

  it('orders reader < writer < admin', async () => {
    const forbidden = await expectRejected(() => requireRole(as('reader'), 'writer', 'createPaper'), 'FORBIDDEN', 403);
    expect(forbidden.message).toMatch(/createPaper.*writer.*reader/);
    expect(() => requireRole(as('writer'), 'writer', 'createPaper')).not.toThrow();
    expect(() => requireRole(as('admin'), 'writer', 'createPaper')).not.toThrow();
    await expectRejected(() => requireRole(as('writer'), 'admin', 'deleteAuthor'), 'FORBIDDEN', 403);
    expect(() => requireRole(as('reader'), 'reader', 'Reading')).not.toThrow();
  });

  it('asks anonymous callers for a key', async () => {
    await expectRejected(() => requireRole(ANONYMOUS, 'writer', 'createPaper'), 'UNAUTHENTICATED', 401);
    await expectRejected(() => requireRole(ANONYMOUS, 'reader', 'Reading'), 'UNAUTHENTICATED', 401);
  });

  it('lets anonymous reads through unless reads need a key', async () => {
    expect(() => requireReadAccess(ANONYMOUS, false)).not.toThrow();
    await expectRejected(() => requireReadAccess(ANONYMOUS, true), 'UNAUTHENTICATED', 401);
    expect(() => requireReadAccess(as('reader'), true)).not.toThrow();
  });
});

describe('npm run keys', () => {
  function keys(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync('npx', ['tsx', 'src/cli/keys.ts', ...args, '--database', file], { cwd: ROOT, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  // Each run starts tsx afresh (about 2 s), hence the longer timeout.
  it('creates, lists and revokes keys', async () => {
    const created = keys('create', '--role', 'writer', '--name', 'x');
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/cannot be shown again/);
    expect(await authenticate(store, `Bearer ${key}`)).toMatchObject({ role: 'writer', keyName: 'x' });

    const listed = keys('list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(key.slice(0, 8));
    expect(listed.stdout).toMatch(/\bwriter\b.*\bactive\b.*\bx$/m);
    expect(listed.stdout).not.toContain(key);

    const revoked = keys('revoke', key.slice(0, 8));
    expect(revoked.status).toBe(0);
    expect(keys('list').stdout).toMatch(/\brevoked\b/);
    await expectRejected(() => authenticate(store, `Bearer ${key}`), 'UNAUTHENTICATED', 401, key);

    const again = keys('revoke', key.slice(0, 8));
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/No active key/);
  }, 60_000);

  it('refuses unknown roles', () => {
    const result = keys('create', '--role', 'root', '--name', 'x');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/reader, writer, admin/);
  }, 60_000);
});
