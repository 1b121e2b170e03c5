// The executors a server can run operations with (src/graphql/executor.ts), apart from it so that
// reading the configuration loads neither graphql-jit nor Apollo.

/** `graphql-js` (the reference implementation, the default) or `jit` (graphql-jit: faster on pages of many fields, slower on single lookups; BENCHMARKS.md). */
export const EXECUTORS = ['jit', 'graphql-js'] as const;
export type Executor = (typeof EXECUTORS)[number];
