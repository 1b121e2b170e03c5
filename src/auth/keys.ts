// API keys: created, listed, revoked and looked up. The plaintext key exists only in the return
// value of createApiKey; the database holds its SHA-256, so it is never stored or logged here.
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { type Role } from './authenticate';

export const KEY_PREFIX_LENGTH = 8;

export interface CreatedApiKey {
  id: number;
  /** The plaintext key: shown once, then only its hash remains. */
  key: string;
  prefix: string;
}

export interface ApiKeyListing {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ActiveKey {
  id: number;
  name: string;
  role: Role;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function createApiKey(sqlite: Database.Database, options: { name: string; role: Role }): CreatedApiKey {
  // sg_ marks the string as a ScholarGraph key for secret scanners and for people.
  const key = `sg_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, KEY_PREFIX_LENGTH);
  const row = sqlite
    .prepare(
      `INSERT INTO api_keys (name, role, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(options.name, options.role, hashApiKey(key), prefix, new Date().toISOString()) as { id: number };
  return { id: row.id, key, prefix };
}

/**
 * Revokes the active key with this id (a number) or key prefix. Returns false when no active
 * key matches; throws when a prefix names several active keys, so that one revoke never
 * silently takes out more than was asked.
 */
export function revokeApiKey(sqlite: Database.Database, idOrPrefix: number | string): boolean {
  const byId = typeof idOrPrefix === 'number' || /^\d+$/.test(idOrPrefix);
  const column = byId ? 'id' : 'key_prefix';
  const value = byId ? Number(idOrPrefix) : idOrPrefix;
  const matches = sqlite
    .prepare(`SELECT id FROM api_keys WHERE ${column} = ? AND revoked_at IS NULL`)
    .all(value) as { id: number }[];
  if (matches.length > 1) {
    throw new Error(`${matches.length} active keys start with "${idOrPrefix}": revoke by id instead (npm run keys -- list).`);
  }
  if (matches.length === 0) return false;
  sqlite.prepare(`UPDATE api_keys SET revoked_at = ? WHERE id = ?`).run(new Date().toISOString(), matches[0].id);
  return true;
}

export function listApiKeys(sqlite: Database.Database): ApiKeyListing[] {
  return sqlite
    .prepare(
      `SELECT id, name, role, key_prefix AS prefix, created_at AS createdAt, revoked_at AS revokedAt FROM api_keys ORDER BY id`,
    )
    .all() as ApiKeyListing[];
}

/** The unrevoked key with this plaintext, or null. One index lookup by hash. */
export function findActiveKey(sqlite: Database.Database, key: string): ActiveKey | null {
  const row = sqlite
    .prepare(`SELECT id, name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`)
    .get(hashApiKey(key)) as ActiveKey | undefined;
  return row ?? null;
}
