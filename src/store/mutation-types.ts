// The API's writes (the createPaper, upsertPaper, ... mutations), each one transaction.
// Part of the Store interface (./index.ts); implemented on SQLite by ./sqlite/mutation-store.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MutationStore {}
