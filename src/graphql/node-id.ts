// Turns an id argument back into a row id, or says precisely what is wrong with it.
import { badUserInput, notFound } from '../errors';
import { fromGlobalId, type NodeType } from './ids';

export function rowIdOf(id: string, type: NodeType, argumentName = 'id'): number {
  const decoded = fromGlobalId(id);
  if (!decoded) {
    throw badUserInput(
      `\`${argumentName}\` "${id.slice(0, 80)}" is not a ScholarGraph id. Pass the \`id\` field of a ${type} exactly as the API returned it.`,
      argumentName,
    );
  }
  if (decoded.type !== type) {
    throw notFound(`No ${type} has id "${id}": it is the id of a ${decoded.type}. Query it with ${decoded.type.toLowerCase()}(id:) instead.`);
  }
  return decoded.rowId;
}

export type LookupKey = { id: string; externalId?: undefined } | { id?: undefined; externalId: string };

/** Exactly one of `id` and `externalId`, or a BAD_USER_INPUT saying so. */
export function oneKey(id: string | null, externalId: string | null): LookupKey {
  if ((id == null) === (externalId == null)) {
    throw badUserInput('Pass exactly one of `id` and `externalId`.', id == null ? 'id' : 'externalId');
  }
  return id != null ? { id } : { externalId: externalId! };
}

export function missing(type: NodeType, key: LookupKey): Error {
  const what = key.id !== undefined ? `id "${key.id}"` : `externalId "${key.externalId.slice(0, 200)}"`;
  return notFound(`No ${type} has ${what}. It may have been deleted; list ${type.toLowerCase()}s to find current ids.`);
}
