// Who is calling, from the Authorization header, and whether they may do what they ask.
// Messages say how to fix the request and never repeat the key that was sent.
import { GraphQLError } from 'graphql';
import { type ApiKeyRole, type Store } from '../store';
import { findActiveKey } from './keys';

export type Role = ApiKeyRole;

export const ROLES: readonly Role[] = ['reader', 'writer', 'admin'];

export interface Auth {
  role: Role | null;
  keyId: number | null;
  keyName: string | null;
}

export const ANONYMOUS: Auth = Object.freeze({ role: null, keyId: null, keyName: null });

const HOW_TO_FIX =
  'Send Authorization: Bearer <key>; create keys with npm run keys -- create --role <reader|writer|admin> --name <name>.';

// Higher ranks include everything lower ranks may do.
const RANK: Record<Role, number> = { reader: 0, writer: 1, admin: 2 };

export function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(`${reason} ${HOW_TO_FIX}`, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** Who sent `authorizationHeader`: rejects with UNAUTHENTICATED for a malformed header or a key that is not active. */
export async function authenticate(store: Store, authorizationHeader: string | undefined): Promise<Auth> {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') return ANONYMOUS;
  const match = /^Bearer +(\S+) *$/i.exec(authorizationHeader.trim());
  if (!match) throw unauthenticated('The Authorization header is not of the form "Bearer <key>".');
  const key = await findActiveKey(store, match[1]);
  if (!key) throw unauthenticated('The API key is unknown or has been revoked.');
  return { role: key.role, keyId: key.id, keyName: key.name };
}

/** Throws unless the caller's key has at least the `needed` role; `action` names what was asked. */
export function requireRole(auth: Auth, needed: Role, action: string): void {
  if (auth.role === null) throw unauthenticated(`${action} needs an API key with the ${needed} role.`);
  if (RANK[auth.role] < RANK[needed]) {
    throw forbidden(
      `${action} needs an API key with the ${needed} role (or higher); this key has the ${auth.role} role. ` +
        `Use a ${needed} key: npm run keys -- create --role ${needed} --name <name>.`,
    );
  }
}

export function requireReadAccess(auth: Auth, readsNeedKey: boolean): void {
  if (readsNeedKey) requireRole(auth, 'reader', 'Reading');
}
