// The typed client example (examples/typed-client): its generated types are those of the
// published schema, it compiles against them, a schema change that breaks it is caught, and
// its typed query runs against a real server.
import fs from 'node:fs';
import path from 'node:path';
import { parse, print, visit, type ObjectTypeDefinitionNode } from 'graphql';
import { AuthorProfile, loadProfile, profileLines } from '../../examples/typed-client/src/profile';
import { startServer, tempDir } from '../support/server';
import { EXAMPLES, ROOT, run } from './support';

const CLIENT = path.join(EXAMPLES, 'typed-client');
const GENERATED = path.join(CLIENT, 'src', 'gql');
const CODEGEN = path.join(ROOT, 'node_modules', '.bin', 'graphql-codegen');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
const REGENERATE = 'npx graphql-codegen --config examples/typed-client/codegen.ts';

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

describe('the typed client example', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('typed-client-');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`has its generated code up to date with the schema and its queries (else run \`${REGENERATE}\`)`, async () => {
    const out = path.join(dir, 'gql');
    const result = await run(CODEGEN, ['--config', 'examples/typed-client/codegen.ts'], { TYPED_CLIENT_OUT: out }, 120_000);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr + result.stdout }).toEqual({ code: 0, stderr: '' });
    const fresh = filesOf(out);
    expect(Object.keys(fresh)).toEqual(['gql.ts', 'graphql.ts', 'index.ts']);
    // A stale file shows here as a diff against what the generator makes now.
    expect(filesOf(GENERATED)).toEqual(fresh);
  }, 120_000);

  it('compiles against the generated types (tsc --noEmit)', async () => {
    const result = await run(TSC, ['--noEmit', '-p', path.join(CLIENT, 'tsconfig.json')], {}, 120_000);
    expect({ code: result.code, errors: result.stdout + result.stderr }).toEqual({ code: 0, errors: '' });
  }, 120_000);

  it('stops the generation, naming the field, when the schema loses a field the client reads', async () => {
    const schema = parse(fs.readFileSync(path.join(ROOT, 'schema', 'schema.graphql'), 'utf8'));
    const broken = visit(schema, {
      ObjectTypeDefinition: (node): ObjectTypeDefinitionNode =>
        node.name.value === 'Author' ? { ...node, fields: node.fields?.filter((field) => field.name.value !== 'hIndex') } : node,
    });
    const file = path.join(dir, 'broken.graphql');
    fs.writeFileSync(file, print(broken));
    const result = await run(CODEGEN, ['--config', 'examples/typed-client/codegen.ts'], { TYPED_CLIENT_SCHEMA: file, TYPED_CLIENT_OUT: path.join(dir, 'broken') }, 120_000);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('Cannot query field "hIndex" on type "Author"');
  }, 120_000);

  it("sends the README's profile query", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- profile-query -->\s*```graphql\n([\s\S]*?)```/.exec(readme)![1];
    expect(print(parse(AuthorProfile.toString()))).toBe(print(parse(block)));
  });

  it('loads and renders a profile from a running server, typed end to end', async () => {
    const server = await startServer();
    try {
      const profile = await loadProfile(`${server.url}/graphql`, 'Zongkai Liu');
      const lines = profileLines(profile!);
      expect(lines.slice(0, 3)).toEqual([
        'Zongkai Liu · cs.LG',
        'h-index 4 · 6 papers · 229 citations · novelty 53 %',
        expect.stringMatching(/^48\.0 {2}2025-03-10 {2}MM-Eureka: .* \(Fanqing Meng, Lingxiao Du, Zongkai Liu et al\.\) \[code: https:\/\/github\.com\/ModalMinds\/MM-EUREKA\]$/),
      ]);
      expect(lines).toHaveLength(2 + 6);
      expect(await loadProfile(`${server.url}/graphql`, 'Nobody Of That Name')).toBeNull();
    } finally {
      await server.close();
    }
  });
});
