// The one write path for papers (writePapers): the importer, the corpus generator and the seed.
// Part of the Store interface (./index.ts); implemented on SQLite by ./sqlite/write-store.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface WriteStore {}
