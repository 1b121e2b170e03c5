// Brings a database file to a servable state: migrated, and holding the demo data when it was
// empty. A database that has data keeps it. The novelty of the demo papers that come without one
// is computed here (their supplied scores, the profile's among them, are kept).
import { migrateDatabase, openDatabase, type Db } from './db/client';
import { writeDemoProfile } from '../seeds/demo-profile';
import { writeCorpus } from '../seeds/corpus/write-corpus';
import { resumeSearchIndexing, withSearchIndexingDeferred } from './search/bulk-load';
import { refreshPendingAuthorMetrics } from './services/author-metrics.service';
import { computePendingNovelty, markMissingNoveltyPending } from './novelty/pending';

export interface PrepareOptions {
  seedDemoData?: boolean;
  /** Generated papers (seed 1) loaded beside the demo profile, so the demo has lists to explore. */
  demoCorpusPapers?: number;
}

export interface PreparedDatabase {
  db: Db;
  seeded: boolean;
}

export function prepareDatabase(file: string, { seedDemoData = true, demoCorpusPapers = 0 }: PrepareOptions = {}): PreparedDatabase {
  const db = openDatabase(file);
  migrateDatabase(db);
  // Finishes a bulk load that was killed while the search indexes were suspended, or before it
  // computed the novelty of the papers it added (which needs the search index) or recomputed the
  // metrics of the authors it touched (which need the novelty).
  resumeSearchIndexing(db.sqlite);
  computePendingNovelty(db.sqlite, { refreshMetrics: false });
  refreshPendingAuthorMetrics(db.sqlite);
  const { empty } = db.sqlite
    .prepare('SELECT NOT EXISTS (SELECT 1 FROM papers) AND NOT EXISTS (SELECT 1 FROM authors) AS empty')
    .get() as { empty: number };
  const seeded = seedDemoData && empty === 1;
  if (seeded) {
    writeDemoProfile(db);
    // Generated authors never carry a demo name, so the profile's figures stay its own.
    if (demoCorpusPapers > 0) withSearchIndexingDeferred(db.sqlite, () => writeCorpus(db, { papers: demoCorpusPapers, seed: 1 }));
    // Marked first: a start killed while scoring leaves the rest to the next one.
    markMissingNoveltyPending(db.sqlite);
    computePendingNovelty(db.sqlite);
  }
  return { db, seeded };
}
