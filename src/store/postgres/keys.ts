// API keys (src/auth/keys.ts) on PostgreSQL: rows of api_keys, found by the SHA-256 of the key.
// The plaintext never reaches the store.
import { row, rows, type PgDb } from './db';
import type { ActiveApiKey, ApiKeyListing, ApiKeyRef, NewApiKey } from '../types';

export async function insertApiKey(db: PgDb, key: NewApiKey): Promise<number> {
  const inserted = await row<{ id: number }>(
    db,
    'INSERT INTO api_keys (name, role, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    [key.name, key.role, key.keyHash, key.prefix, key.createdAt],
  );
  return inserted!.id;
}

/** The ids of the unrevoked keys with this id or key prefix, in id order. */
export async function activeApiKeyIds(db: PgDb, ref: ApiKeyRef): Promise<number[]> {
  // int8: an id beyond the int4 ids finds nothing, as on SQLite, instead of failing the cast.
  const [condition, value] = 'id' in ref ? ['id = ?::int8', ref.id] : ['key_prefix = ?', ref.prefix];
  const found = await rows<{ id: number }>(db, `SELECT id FROM api_keys WHERE ${condition} AND revoked_at IS NULL ORDER BY id`, [value]);
  return found.map((key) => key.id);
}

export async function revokeApiKey(db: PgDb, id: number, at: string): Promise<void> {
  await rows(db, 'UPDATE api_keys SET revoked_at = ? WHERE id = ?::int8', [at, id]);
}

export async function listApiKeys(db: PgDb): Promise<ApiKeyListing[]> {
  return rows<ApiKeyListing>(
    db,
    'SELECT id, name, role, key_prefix AS prefix, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_keys ORDER BY id',
  );
}

/** The unrevoked key with this hash, or null. One index lookup. */
export async function activeApiKeyByHash(db: PgDb, keyHash: string): Promise<ActiveApiKey | null> {
  return (await row<ActiveApiKey>(db, 'SELECT id, name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [keyHash])) ?? null;
}
