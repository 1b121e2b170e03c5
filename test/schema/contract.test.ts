// The schema served now keeps every promise of the last release: nothing a client could use is
// removed or changed unless the release deprecated it first.
import fs from 'node:fs';
import path from 'node:path';
import {
  type ConstDirectiveNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type ObjectTypeDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import { SCHEMA_FILE } from '../../src/cli/print-schema';
import { checkContract, contractReport, loadSchema, releases } from './contract';

const latest = releases().at(-1)!;
const releaseSdl = fs.readFileSync(latest.file, 'utf8');

const DEPRECATED = (parse('type T { f: Int @deprecated(reason: "Use g instead.") }').definitions[0] as ObjectTypeDefinitionNode).fields![0]
  .directives![0] as ConstDirectiveNode;

type Edit = 'remove' | 'deprecate';

/** A copy of a schema with types or members (`Type.field`, `Type.field.arg`, `Enum.VALUE`) removed or deprecated. */
function reshape(sdl: string, edits: Record<string, Edit>): string {
  const apply = <T extends FieldDefinitionNode | InputValueDefinitionNode | EnumValueDefinitionNode>(owner: string, nodes: readonly T[] | undefined): T[] | undefined =>
    nodes?.flatMap((node): T[] => {
      const coordinate = `${owner}.${node.name.value}`;
      const edit = edits[coordinate];
      if (edit === 'remove') return [];
      const args = 'arguments' in node && node.arguments ? { arguments: apply(coordinate, node.arguments) } : {};
      const directives = edit === 'deprecate' ? { directives: [...(node.directives ?? []), DEPRECATED] } : {};
      return [{ ...node, ...args, ...directives }];
    });
  const members = <N extends { name: { value: string } }>(node: N, key: 'fields' | 'values') =>
    edits[node.name.value] === 'remove' ? null : { ...node, [key]: apply(node.name.value, (node as any)[key]) };
  return print(
    visit(parse(sdl), {
      ObjectTypeDefinition: (node) => members(node, 'fields'),
      InterfaceTypeDefinition: (node) => members(node, 'fields'),
      InputObjectTypeDefinition: (node) => members(node, 'fields'),
      EnumTypeDefinition: (node) => members(node, 'values'),
    }),
  );
}

describe('the schema contract', () => {
  it(`keeps every promise of release ${latest.version} (deprecate first, remove in a later release)`, async () => {
    const check = await checkContract(loadSchema(releaseSdl), await createSchema());
    // The message lists every refused change with its path and says what to do.
    expect(contractReport(latest.version, check.refused)).toBe('');
  });

  it('the package version has its release schema (copy schema/schema.graphql when bumping the version)', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const file = path.join('schema', 'releases', `${version}.graphql`);
    expect({ file, exists: releases().some((r) => r.version === version) }).toEqual({ file, exists: true });
  });

  it('refuses a removed field, argument and enum value that the release did not deprecate, naming each path', async () => {
    const next = reshape(releaseSdl, { 'Author.hIndex': 'remove', 'Query.collaborationPath.maxLength': 'remove', 'CoauthorOrderField.RECENCY': 'remove' });
    const check = await checkContract(loadSchema(releaseSdl), loadSchema(next));
    expect(check.refused.map((c) => c.path).sort()).toEqual(['Author.hIndex', 'CoauthorOrderField.RECENCY', 'Query.collaborationPath.maxLength']);
    const report = contractReport(latest.version, check.refused);
    expect(report).toContain(`breaks the contract of release ${latest.version}`);
    expect(report).toMatch(/- Author\.hIndex: Field 'hIndex' .*was removed/);
    expect(report).toContain('mark the old one @deprecated');
  });

  it('allows removing what the release deprecated', async () => {
    const edits: Record<string, Edit> = { 'Author.hIndex': 'deprecate', 'Query.collaborationPath.maxLength': 'deprecate', 'CoauthorOrderField.RECENCY': 'deprecate' };
    const deprecatedRelease = reshape(releaseSdl, edits);
    const next = reshape(releaseSdl, { 'Author.hIndex': 'remove', 'Query.collaborationPath.maxLength': 'remove', 'CoauthorOrderField.RECENCY': 'remove' });
    const check = await checkContract(loadSchema(deprecatedRelease), loadSchema(next));
    expect(check.refused).toEqual([]);
    expect(check.retired.map((c) => c.path).sort()).toEqual(['Author.hIndex', 'CoauthorOrderField.RECENCY', 'Query.collaborationPath.maxLength']);
  });

  it('refuses a changed type or nullability, even of a field that stays', async () => {
    const next = releaseSdl.replace('  citationCount: Int!\n\n  """\n  Citations of the papers', '  citationCount: Int\n\n  """\n  Citations of the papers');
    expect(next).not.toBe(releaseSdl);
    const check = await checkContract(loadSchema(releaseSdl), loadSchema(next));
    expect(check.refused.map((c) => [c.path, c.type])).toEqual([['Author.citationCount', 'FIELD_TYPE_CHANGED']]);
  });

  it('lets a type go with the deprecated field that was the only way to it, never without the deprecation', async () => {
    // RateLimit is reached through Query.rateLimit only: without the field, the type goes too.
    const without = reshape(releaseSdl, { 'Query.rateLimit': 'remove', RateLimit: 'remove' });
    const undeclared = await checkContract(loadSchema(releaseSdl), loadSchema(without));
    expect(undeclared.refused.map((c) => c.path).sort()).toEqual(['Query.rateLimit', 'RateLimit']);
    const announced = await checkContract(loadSchema(reshape(releaseSdl, { 'Query.rateLimit': 'deprecate' })), loadSchema(without));
    expect(announced.refused).toEqual([]);
    expect(announced.retired.map((c) => c.path).sort()).toEqual(['Query.rateLimit', 'RateLimit']);
    // Retiring carries on: CollaborationStep is reached only through CollaborationPath.
    const withoutAuthorPath = reshape(releaseSdl, { 'Query.collaborationPath': 'remove', CollaborationPath: 'remove', CollaborationStep: 'remove' });
    const partly = await checkContract(loadSchema(reshape(releaseSdl, { 'Query.collaborationPath': 'deprecate' })), loadSchema(withoutAuthorPath));
    expect(partly.refused).toEqual([]);
    expect(partly.retired.map((c) => c.path).sort()).toEqual(['CollaborationPath', 'CollaborationStep', 'Query.collaborationPath']);
  });

  it('accepts additions: a new field, optional argument, type or enum value', async () => {
    const current = fs.readFileSync(SCHEMA_FILE, 'utf8');
    const next =
      current
        .replace('type Query {', 'type Query {\n  version: String!\n')
        .replace('rateLimit: RateLimit', 'rateLimit(verbose: Boolean): RateLimit')
        .replace('enum OrderDirection {', 'enum OrderDirection {\n  RANDOM\n') + '\ntype Extra { id: ID! }\n';
    const check = await checkContract(loadSchema(current), loadSchema(next));
    expect(check.refused).toEqual([]);
    expect(new Set(check.others.map((c) => c.type))).toEqual(new Set(['FIELD_ADDED', 'FIELD_ARGUMENT_ADDED', 'ENUM_VALUE_ADDED', 'TYPE_ADDED']));
  });
});
