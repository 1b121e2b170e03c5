// Streams a generated corpus into a migrated database, next to whatever it already holds, through
// the one write path for papers (src/store/sqlite/paper-writer): a batch per transaction.
import { type Db } from '../../src/store/sqlite/client';
import { storedArxivStyleIds, tuneForBulkLoad } from '../../src/store';
import { openPaperWrites } from '../../src/store/sqlite/paper-writer';
import { type BatchSummary, type NumberedRecord } from '../../src/store/write-types';
import type { Store } from '../../src/store';
import { generateCorpus, type GeneratedPaper } from './generate-corpus';

export interface WriteCorpusOptions {
  papers: number;
  seed: number;
  // Called after each committed batch with the number of papers written so far.
  onProgress?: (done: number) => void;
}

export interface CorpusCounts {
  papers: number;
  authors: number;
  authorships: number;
}

// Each commit rewrites every index page it dirtied, and the title/score/... indexes are hit at
// random: 20,000 papers per transaction loads a million papers about 20% faster than 5,000,
// while the batch (~30 MB) stays small and progress still moves every second or two.
const BATCH_SIZE = 20_000;

export function writeCorpus(db: Db, options: WriteCorpusOptions): CorpusCounts {
  const { sqlite } = db;
  // Papers already present (the demo profile, an earlier corpus) keep their arXiv ids; the
  // generator numbers around them, so every record is a new paper.
  const takenExternalIds = storedArxivStyleIds(sqlite);
  // A load of new papers with people of its own: an author is the generator's key, never a
  // stored author of the same name.
  const writes = openPaperWrites(db, { match: 'none', authors: 'load' });
  const tally = new CorpusTally();

  // A generated corpus can be regenerated, so durability per commit is not worth its fsyncs.
  // The papers indexes on title, score, ... take inserts at random places: once they outgrow the
  // default 2 MB page cache nearly every insert misses, which made a million papers 50% slower.
  const untune = tuneForBulkLoad(sqlite, { durable: false, cacheKib: 262_144 });
  try {
    for (const batch of batchesOf(generateCorpus({ papers: options.papers, seed: options.seed, takenExternalIds }), BATCH_SIZE)) {
      tally.add(batch, writes.writeBatch(batch.map(toRecord)));
      options.onProgress?.(tally.counts.papers);
    }
    // Metrics in bulk, once, for the authors the batches marked: a refresh per batch re-read
    // every prolific author's history fifty times and made a million papers take ten minutes
    // instead of two. The novelty is the generator's (knows: all): nothing to score.
    writes.finish({ scoreNovelty: false });
  } finally {
    untune();
  }
  return tally.counts;
}

/** A generated paper as the writer takes it: every field known, its authors by the generator's key. */
function toRecord(paper: GeneratedPaper, i: number): NumberedRecord {
  // The paper is its own fields and its authors are keyed already (the writer reads nothing
  // else): nothing copied, a corpus is millions of them.
  return { line: i + 1, record: { fields: paper, authors: paper.authors, knows: 'all' } };
}

// Through a store's write session, each batch one round of statements: PostgreSQL's batches cost
// a round trip per statement, not per row, so they stay far smaller than SQLite's transactions.
const STORE_BATCH_SIZE = 2_000;

/**
 * The same corpus through any engine's store (a PostgreSQL start, `npm run generate` with
 * DATABASE_URL): `takenExternalIds`, the arXiv-style ids already stored, are numbered around.
 */
export async function writeCorpusTo(
  store: Store,
  options: WriteCorpusOptions & { takenExternalIds?: Iterable<string> },
): Promise<CorpusCounts> {
  const writes = await store.openPaperWrites({ match: 'none', authors: 'load' });
  const tally = new CorpusTally();
  const papers = generateCorpus({ papers: options.papers, seed: options.seed, takenExternalIds: new Set(options.takenExternalIds ?? []) });
  for (const batch of batchesOf(papers, STORE_BATCH_SIZE)) {
    tally.add(batch, await writes.write(batch.map(toRecord)));
    options.onProgress?.(tally.counts.papers);
  }
  await writes.finish({ scoreNovelty: false });
  return tally.counts;
}

/** What a load of generated papers wrote, batch by batch: every paper is new, so one refused is the generator's bug. */
class CorpusTally {
  readonly counts: CorpusCounts = { papers: 0, authors: 0, authorships: 0 };
  private readonly authorKeys = new Set<number>();

  add(batch: readonly GeneratedPaper[], { added, skipped }: BatchSummary): void {
    if (skipped.length > 0) throw new Error(`generated paper ${skipped[0].reason}`);
    for (const paper of batch) {
      for (const author of paper.authors) this.authorKeys.add(author.key);
      this.counts.authorships += paper.authors.length;
    }
    this.counts.papers += added;
    this.counts.authors = this.authorKeys.size;
  }
}

/** The items in arrays of `size` (the last one shorter). */
function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
