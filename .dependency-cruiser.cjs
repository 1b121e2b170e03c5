// The layer rules of src/ (issue 18), checked by test/layers/layers.test.ts on every `npm test`.
//
//   src/store   the only code that knows SQL, the driver (better-sqlite3) and Drizzle; it knows
//               nothing of GraphQL. (src/store/sqlite is the SQLite engine's part.)
//   above it    resolvers, loaders, services, HTTP, CLIs, import, export: they call the store.
//
// Violations that existed when a rule was written are listed in
// .dependency-cruiser-known-violations.json: the test fails on any other, and on a listed one
// that no longer occurs (so the list only shrinks). Regenerate it only by removing entries.
const STORE = '^src/store/';
const DRIVERS = '^(better-sqlite3|drizzle-orm|pg|postgres)($|/)|node_modules/(better-sqlite3|drizzle-orm|pg|postgres)/';
const GRAPHQL = '^(graphql|type-graphql|graphql-scalars|@apollo/|graphql-query-complexity)|node_modules/(graphql|type-graphql|graphql-scalars|@apollo|graphql-query-complexity)/|^src/graphql/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A module may not depend on itself through others: layers import downwards only.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'driver-only-in-store',
      comment: 'Only the store imports the database driver or Drizzle; everything above calls the store.',
      severity: 'error',
      from: { path: '^src/', pathNot: STORE },
      to: { path: DRIVERS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'driver-types-only-in-store',
      comment: "Not even the driver's or Drizzle's types above the store: its interface is its own types.",
      severity: 'error',
      from: { path: '^src/', pathNot: STORE },
      to: { path: DRIVERS, dependencyTypes: ['type-only'] },
    },
    {
      name: 'store-through-its-interface',
      comment: 'Above the store, code reaches it through src/store/index.ts only: never a connection, a statement or a table.',
      severity: 'error',
      from: { path: '^src/', pathNot: STORE },
      to: { path: STORE, pathNot: '^src/store/index\\.ts$' },
    },
    {
      name: 'no-graphql-in-store',
      comment: 'The store knows nothing of GraphQL: no graphql, TypeGraphQL, Apollo or src/graphql import.',
      severity: 'error',
      from: { path: STORE },
      to: { path: GRAPHQL },
    },
    {
      name: 'store-not-above',
      comment: 'The store imports nothing from the layers above it (resolvers, loaders, services, http, cli).',
      severity: 'error',
      from: { path: STORE },
      to: { path: '^src/(graphql|loaders|services|http|cli|limits|auth|playground|ops|import|export|search|pagination)/|^src/novelty/(background|pending-worker)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '^src/playground/client/' },
  },
};
