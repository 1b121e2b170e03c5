// Prints the published schema, generated from the code: `npm run schema` writes
// schema/schema.graphql, and a test fails when the committed file differs.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from '../graphql/schema';

export const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema', 'schema.graphql');

export async function publishedSchema(): Promise<string> {
  const header = '# Generated from the code by `npm run schema`; do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await createSchema())) + '\n';
}

if (require.main === module) {
  publishedSchema().then((text) => {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  });
}
