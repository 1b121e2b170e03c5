// Keyset cursors: the sort key of the last item seen plus its id, tagged with the ordering it
// belongs to. Opaque to clients; decoding checks everything, so a tampered cursor or one from
// another ordering is a BAD_USER_INPUT rather than a failing SQL statement.
import { badUserInput } from '../errors';
import { type KeyValue } from '../store';

export type { KeyValue };

export function encodeCursor(ordering: string, key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([ordering, ...key])).toString('base64url');
}

export function decodeCursor(cursor: string, ordering: string, keyTypes: readonly ('string' | 'number')[]): KeyValue[] {
  const invalid = () =>
    badUserInput(
      `\`after\` is not a cursor of this list in this order (${ordering}). ` +
        'Pass a cursor taken from pageInfo.endCursor or edges.cursor of the same field with the same orderBy, or leave `after` out to start from the beginning.',
      'after',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== keyTypes.length + 1 || parsed[0] !== ordering) throw invalid();
  const key = parsed.slice(1);
  key.forEach((value, i) => {
    const ok = keyTypes[i] === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string';
    if (!ok) throw invalid();
  });
  return key as KeyValue[];
}
