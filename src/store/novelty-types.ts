// Novelty scoring and the pending work queues (papers to score, authors whose metrics are behind).
// Part of the Store interface (./index.ts); implemented on SQLite by ./sqlite/novelty-store.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface NoveltyStore {}
