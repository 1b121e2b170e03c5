// The executors a server can run operations with (src/graphql/executor.ts), apart from it so that
// reading the configuration loads neither graphql-jit nor Apollo.

/** `jit` (the default) or `graphql-js` (the reference implementation, for comparison or if the jit misbehaves). */
export const EXECUTORS = ['jit', 'graphql-js'] as const;
export type Executor = (typeof EXECUTORS)[number];
