// The schema contract: a published release may lose nothing a client could be using, unless it
// was deprecated in that release first (deprecate in one release, remove in a later one).
import fs from 'node:fs';
import path from 'node:path';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLSchema,
} from 'graphql';

export const RELEASES_DIR = path.join(__dirname, '..', '..', 'schema', 'releases');

export interface Release {
  version: string;
  file: string;
}

export interface ContractCheck {
  /** Breaking changes the release did not announce with @deprecated: each one fails the check. */
  refused: Change[];
  /** Breaking changes to what the release had deprecated: allowed. */
  retired: Change[];
  /** Everything else the diff found (additions, descriptions, dangerous changes). */
  others: Change[];
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** The published releases, oldest first: schema/releases/<major>.<minor>.<patch>.graphql. */
export function releases(dir = RELEASES_DIR): Release[] {
  return fs
    .readdirSync(dir)
    .flatMap((name) => {
      const match = /^(\d+\.\d+\.\d+)\.graphql$/.exec(name);
      return match ? [{ version: match[1], file: path.join(dir, name) }] : [];
    })
    .sort((a, b) => compareVersions(a.version, b.version));
}

export function loadSchema(sdl: string): GraphQLSchema {
  return buildSchema(sdl);
}

/**
 * The types the release had on its way out: every way to reach them was deprecated (a field, an
 * argument or an input field of that type), or belongs to a type on its way out itself.
 */
function retiringTypes(release: GraphQLSchema): Set<string> {
  const references = new Map<string, { deprecated: boolean; owner: string | null }[]>();
  const refer = (type: string, deprecated: boolean, owner: string | null) => {
    if (!references.has(type)) references.set(type, []);
    references.get(type)!.push({ deprecated, owner });
  };
  for (const type of Object.values(release.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      // An object of an interface (or a union) can be reached without naming it: never retiring.
      for (const iface of type.getInterfaces()) refer(type.name, false, iface.name);
      for (const field of Object.values(type.getFields())) {
        refer(getNamedType(field.type).name, field.deprecationReason != null, type.name);
        for (const arg of field.args) refer(getNamedType(arg.type).name, field.deprecationReason != null || arg.deprecationReason != null, type.name);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) refer(getNamedType(field.type).name, field.deprecationReason != null, type.name);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) refer(member.name, false, type.name);
    }
  }
  const roots = [release.getQueryType(), release.getMutationType(), release.getSubscriptionType()].flatMap((t) => (t ? [t.name] : []));
  const retiring = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [type, refs] of references) {
      if (retiring.has(type) || roots.includes(type)) continue;
      if (refs.every((ref) => ref.deprecated || (ref.owner !== null && ref.owner !== type && retiring.has(ref.owner)))) {
        retiring.add(type);
        grew = true;
      }
    }
  }
  return retiring;
}

/** Whether the release announced the element at this change's path as going away. */
function wasDeprecated(release: GraphQLSchema, retiring: Set<string>, change: Change): boolean {
  if (!change.path) return false;
  const [typeName, member, arg] = change.path.split('.');
  if (retiring.has(typeName)) return true;
  const type = release.getType(typeName);
  if (member === undefined || !type) return false;
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member];
    if (!field) return false;
    if (field.deprecationReason != null) return true;
    return arg !== undefined && field.args.some((a) => a.name === arg && a.deprecationReason != null);
  }
  if (isInputObjectType(type)) return type.getFields()[member]?.deprecationReason != null;
  if (isEnumType(type)) return type.getValue(member)?.deprecationReason != null;
  return false;
}

/** Compares the schema served now with a published release. */
export async function checkContract(release: GraphQLSchema, current: GraphQLSchema): Promise<ContractCheck> {
  const retiring = retiringTypes(release);
  const result: ContractCheck = { refused: [], retired: [], others: [] };
  for (const change of await diff(release, current)) {
    if (change.criticality.level !== CriticalityLevel.Breaking) result.others.push(change);
    else if (wasDeprecated(release, retiring, change)) result.retired.push(change);
    else result.refused.push(change);
  }
  return result;
}

/** The failure message: each refused change with its path, and what to do instead. */
export function contractReport(version: string, refused: Change[]): string {
  if (refused.length === 0) return '';
  const lines = refused.map((change) => `  - ${change.path ?? '(schema)'}: ${change.message} [${change.type}]`);
  return [
    `The schema breaks the contract of release ${version} (schema/releases/${version}.graphql) in ${refused.length} place(s):`,
    ...lines,
    'Clients built against that release would fail. Instead:',
    '  - keep the old field, argument, enum value or input field, and add the new one beside it;',
    '  - mark the old one @deprecated(reason: "Use ... instead.") and publish a release with it (see the README, "The schema as a contract");',
    '  - remove it only in a later release, once the deprecation has been published.',
    'A change of type or nullability counts as a removal: add a field under a new name instead.',
  ].join('\n');
}
