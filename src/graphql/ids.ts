// Opaque, stable ids: base64url of "<Type>:<row id>". Clients never parse them, and the type
// prefix lets one id name exactly one object across the whole schema.
export type NodeType = 'Author' | 'Paper';

export function toGlobalId(type: NodeType, rowId: number): string {
  return Buffer.from(`${type}:${rowId}`).toString('base64url');
}

export interface DecodedId {
  type: string;
  rowId: number;
}

/** The decoded id, or null when the string is not one of our ids. */
export function fromGlobalId(id: string): DecodedId | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const match = /^([A-Z][A-Za-z]*):([1-9][0-9]{0,15})$/.exec(Buffer.from(id, 'base64url').toString());
  if (!match) return null;
  const rowId = Number(match[2]);
  return Number.isSafeInteger(rowId) ? { type: match[1], rowId } : null;
}
