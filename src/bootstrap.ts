// Brings a database file to a servable state: migrated, and holding the demo data when it was
// empty. A database that has data keeps it. The novelty of the demo papers that come without one
// is computed here (their supplied scores, the profile's among them, are kept), as is what a
// killed import left pending, unless it would take long: see `finishPending`.
import { migrateDatabase, openDatabase, type Db } from './store';
import { demoRecords, writeDemoProfile, writeDemoProfileTo } from '../seeds/demo-profile';
import { writeCorpus, writeCorpusTo } from '../seeds/corpus/write-corpus';
import {
  estimatePendingWork,
  finishPendingWork,
  holdsNoData,
  markMissingNoveltyPending,
  resumeSearchIndexing,
  withSearchIndexingDeferred,
  openPostgresStore,
  type OpenedPostgresStore,
  type PendingWorkEstimate,
} from './store';

export interface PrepareOptions {
  seedDemoData?: boolean;
  /** Generated papers (seed 1) loaded beside the demo profile, so the demo has lists to explore. */
  demoCorpusPapers?: number;
  /**
   * `all` (the default): finish the pending novelty and author metrics here, whatever they take.
   * `quick`: only when they take a moment; longer work is left in `deferred`, for the server to
   * finish once it listens (src/novelty/background.ts).
   */
  finishPending?: 'all' | 'quick';
}

export interface PreparedDatabase {
  db: Db;
  seeded: boolean;
  /** The pending work left for the background (`finishPending: 'quick'`), or null when none is. */
  deferred: PendingWorkEstimate | null;
}

// About the time a start takes anyway (2.5 s on this machine): work that fits stays before the
// first answer, so that it is complete. The demo (DEMO_CORPUS_PAPERS=5000: 766 papers to score,
// 0.7 s) does; an import killed with thousands of papers left does not.
const QUICK_SECONDS = 2;

export function prepareDatabase(file: string, { seedDemoData = true, demoCorpusPapers = 0, finishPending = 'all' }: PrepareOptions = {}): PreparedDatabase {
  const db = openDatabase(file);
  migrateDatabase(db);
  // Finishes a bulk load that was killed while the search indexes were suspended: before the
  // server listens, since the searches, and the novelty of the papers it left pending, need them.
  resumeSearchIndexing(db.sqlite);
  const seeded = seedDemoData && holdsNoData(db.sqlite);
  if (seeded) {
    writeDemoProfile(db);
    // Generated authors never carry a demo name, so the profile's figures stay its own.
    if (demoCorpusPapers > 0) withSearchIndexingDeferred(db.sqlite, () => writeCorpus(db, { papers: demoCorpusPapers, seed: 1 }));
    // Marked first: a start killed while scoring leaves the rest to the next one.
    markMissingNoveltyPending(db.sqlite);
  }
  // What a killed import left (papers to score, then the metrics of the authors it touched, which
  // include the novelty means), or the demo's papers without a novelty.
  const pending = estimatePendingWork(db.sqlite);
  if (pending.papers + pending.authors === 0) return { db, seeded, deferred: null };
  if (finishPending === 'quick' && pending.seconds > QUICK_SECONDS) return { db, seeded, deferred: pending };
  finishPendingWork(db.sqlite);
  return { db, seeded, deferred: null };
}

export interface PreparedPostgres {
  opened: OpenedPostgresStore;
  seeded: boolean;
  /** The pending work left for the background (`finishPending: 'quick'`), or null when none is. */
  deferred: PendingWorkEstimate | null;
}

/**
 * The same start on a PostgreSQL database (DATABASE_URL): migrated, seeded with the demo data when
 * it holds none, its pending work finished or left for the background. Several API nodes may
 * start at once: the migration and the seeding each run under a lock, once.
 */
export async function preparePostgresDatabase(
  url: string,
  { seedDemoData = true, demoCorpusPapers = 0, finishPending = 'all', readUrls = [] }: PrepareOptions & { readUrls?: readonly string[] } = {},
): Promise<PreparedPostgres> {
  // The start's own reads (is it empty? what is pending?) are the primary's, which its writes go
  // to; the store it hands on reads from the replicas.
  const opened = await openPostgresStore(url);
  const { store } = opened;
  try {
    const seeded = await opened.withStartLock(async () => {
      if (!seedDemoData || !(await store.holdsNoData())) return false;
      await writeDemoProfileTo(store);
      if (demoCorpusPapers > 0) {
        const taken = demoRecords().map(({ record }) => record.fields.externalId);
        await writeCorpusTo(store, { papers: demoCorpusPapers, seed: 1, takenExternalIds: taken });
      }
      await store.markMissingNoveltyPending();
      return true;
    });
    const pending = await store.estimatePendingWork();
    let deferred: PendingWorkEstimate | null = null;
    if (finishPending === 'quick' && pending.seconds > QUICK_SECONDS) deferred = pending;
    else if (pending.papers + pending.authors > 0) await store.finishPendingWork();
    if (readUrls.length === 0) return { opened, seeded, deferred };
    await opened.close();
    return { opened: await openPostgresStore(url, { migrate: false, readUrls }), seeded, deferred };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
