// GraphQL Code Generator: TypeScript types for the operations of src/, from the published schema.
//   npx graphql-codegen --config examples/typed-client/codegen.ts     (from the repository root)
// TYPED_CLIENT_OUT writes elsewhere and TYPED_CLIENT_SCHEMA reads another schema: the test
// regenerates into a temporary directory to compare, and tries a schema that breaks the client.
import path from 'node:path';
import { type CodegenConfig } from '@graphql-codegen/cli';

const here = __dirname;
const out = process.env.TYPED_CLIENT_OUT ?? path.join(here, 'src', 'gql');

const config: CodegenConfig = {
  schema: process.env.TYPED_CLIENT_SCHEMA ?? path.join(here, '..', '..', 'schema', 'schema.graphql'),
  documents: [path.join(here, 'src', '**', '*.ts'), `!${path.join(here, 'src', 'gql', '**')}`],
  // A document that no longer fits the schema stops the generation with the reason.
  ignoreNoDocuments: false,
  generates: {
    [`${out}/`]: {
      preset: 'client',
      config: {
        // Strings, not parsed ASTs: sent as they are with fetch, no graphql package in the bundle.
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', URL: 'string' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
