// API keys (src/auth/keys.ts): rows of api_keys, found by the SHA-256 of the key. The plaintext
// never reaches the store.
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import type { ActiveApiKey, ApiKeyListing, ApiKeyRef, NewApiKey } from '../types';

export function insertApiKey(sqlite: Database.Database, key: NewApiKey): number {
  const row = sqlite
    .prepare(`INSERT INTO api_keys (name, role, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`)
    .get(key.name, key.role, key.keyHash, key.prefix, key.createdAt) as { id: number };
  return row.id;
}

/** The ids of the unrevoked keys with this id or key prefix, in id order. */
export function activeApiKeyIds(sqlite: Database.Database, ref: ApiKeyRef): number[] {
  const [column, value] = 'id' in ref ? ['id', ref.id] : ['key_prefix', ref.prefix];
  return (sqlite.prepare(`SELECT id FROM api_keys WHERE ${column} = ? AND revoked_at IS NULL ORDER BY id`).all(value) as { id: number }[]).map(
    (row) => row.id,
  );
}

export function revokeApiKey(sqlite: Database.Database, id: number, at: string): void {
  sqlite.prepare(`UPDATE api_keys SET revoked_at = ? WHERE id = ?`).run(at, id);
}

export function listApiKeys(sqlite: Database.Database): ApiKeyListing[] {
  return sqlite
    .prepare(`SELECT id, name, role, key_prefix AS prefix, created_at AS createdAt, revoked_at AS revokedAt FROM api_keys ORDER BY id`)
    .all() as ApiKeyListing[];
}

/** The unrevoked key with this hash, or null. One index lookup. */
export function activeApiKeyByHash(sqlite: Database.Database, keyHash: string): ActiveApiKey | null {
  // Once per request that carries a key: prepared once per connection.
  const row = prepared(sqlite, `SELECT id, name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`).get(keyHash) as
    | ActiveApiKey
    | undefined;
  return row ?? null;
}
