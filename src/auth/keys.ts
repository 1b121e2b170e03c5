// API keys: created, listed, revoked and looked up, through the store. The plaintext key exists
// only in the return value of createKey; the store holds its SHA-256, so it
// is never stored or logged here.
import { createHash, randomBytes } from 'node:crypto';
import { type ApiKeyRef, type ApiKeyRole, type Store } from '../store';
export type { ActiveApiKey as ActiveKey, ApiKeyListing } from '../store';

export const KEY_PREFIX_LENGTH = 8;

export interface CreatedApiKey {
  id: number;
  /** The plaintext key: shown once, then only its hash remains. */
  key: string;
  prefix: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key, and what the store keeps of it. */
function newKey(options: { name: string; role: ApiKeyRole }) {
  // sg_ marks the string as a ScholarGraph key for secret scanners and for people.
  const key = `sg_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, KEY_PREFIX_LENGTH);
  return { key, prefix, row: { name: options.name, role: options.role, keyHash: hashApiKey(key), prefix, createdAt: new Date().toISOString() } };
}

export async function createKey(store: Store, options: { name: string; role: ApiKeyRole }): Promise<CreatedApiKey> {
  const { key, prefix, row } = newKey(options);
  return { id: await store.insertApiKey(row), key, prefix };
}

/** A number (or digits) names a key by id; anything else by its prefix. */
function refOf(idOrPrefix: number | string): ApiKeyRef {
  return typeof idOrPrefix === 'number' || /^\d+$/.test(idOrPrefix) ? { id: Number(idOrPrefix) } : { prefix: idOrPrefix };
}

/** The one active key a revoke takes out, or null; throws when a prefix names several. */
function toRevoke(matches: number[], idOrPrefix: number | string): number | null {
  if (matches.length > 1) {
    throw new Error(`${matches.length} active keys start with "${idOrPrefix}": revoke by id instead (npm run keys -- list).`);
  }
  return matches.length === 0 ? null : matches[0];
}

/**
 * Revokes the active key with this id (a number) or key prefix. Resolves false when no active
 * key matches; rejects when a prefix names several active keys, so that one revoke never
 * silently takes out more than was asked.
 */
export async function revokeKey(store: Store, idOrPrefix: number | string): Promise<boolean> {
  const id = toRevoke(await store.activeApiKeyIds(refOf(idOrPrefix)), idOrPrefix);
  if (id === null) return false;
  await store.revokeApiKey(id, new Date().toISOString());
  return true;
}

export function listApiKeys(store: Store) {
  return store.listApiKeys();
}

/** The unrevoked key with this plaintext, or null. One index lookup by hash. */
export function findActiveKey(store: Store, key: string) {
  return store.activeApiKeyByHash(hashApiKey(key));
}
