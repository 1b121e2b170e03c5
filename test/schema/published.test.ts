// The published contract: schema/schema.graphql is what the code serves, and the names front
// ends code against are in it.
import fs from 'node:fs';
import { publishedSchema, SCHEMA_FILE } from '../../src/cli/print-schema';

describe('schema/schema.graphql', () => {
  it('is up to date with the code (run `npm run schema` after changing the API)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await publishedSchema());
  });

  it('publishes the fields of the author profile contract', async () => {
    const schema = await publishedSchema();
    for (const field of ['hIndex: Int!', 'i10Index: Int!', 'gIndex: Int!', 'paperCount: Int!', 'citationCount: Int!', 'novelty: Float', 'aiScore: Float', 'sharedPaperCount: Int!', 'position: Int!', 'publishedAt: Date!', 'codeUrl: URL']) {
      expect(schema).toContain(field);
    }
  });
});
