// npm run generate -- --papers 1000000 --seed 1 [--database PATH | --out FILE.jsonl]
// Fills a database with a deterministic synthetic corpus for benchmarks, or writes it as an
// arXiv metadata snapshot file for `npm run import` to read. The database is DATABASE_URL's
// PostgreSQL database when it is set and neither --database nor --out is given.
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { withSearchIndexingDeferred, type Store } from '../store';
import { migrateDatabase, openDatabase } from '../store';
import { generateCorpus } from '../../seeds/corpus/generate-corpus';
import { writeCorpus, writeCorpusTo, type CorpusCounts } from '../../seeds/corpus/write-corpus';
import { toArxivSnapshotLine } from '../../seeds/corpus/arxiv-lines';
import { commandDatabase, openPostgres, type CommandDatabase } from './database';

interface Options {
  papers: number;
  seed: number;
  database?: string;
  out?: string;
}

const PROGRESS_EVERY = 5_000;
// The generator's own ids (YYMM.NNNNN); on SQLite, storedArxivStyleIds' GLOB.
const ARXIV_STYLE_ID = /^[0-9]{4}\.[0-9]{5}$/;
const ID_PAGE = 5_000;

function nonNegativeInteger(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('Not a non-negative integer.');
  return n;
}

function seedValue(value: string): number {
  const n = nonNegativeInteger(value);
  // The generator's PRNG keeps 32 bits of seed.
  if (n > 0xffffffff) throw new InvalidArgumentError('Seeds go up to 4294967295.');
  return n;
}

function toDatabase(file: string, options: Options, onProgress: (done: number) => void): CorpusCounts {
  const db = openDatabase(file);
  try {
    migrateDatabase(db);
    // The search indexes are rebuilt once at the end: kept row by row they made a load 50% slower.
    return withSearchIndexingDeferred(db.sqlite, () => writeCorpus(db, { papers: options.papers, seed: options.seed, onProgress }));
  } finally {
    db.close();
  }
}

/**
 * The arXiv-style ids a store holds, which the generator numbers around. Read through the export's
 * pages, the one read of every paper the Store has: a generated corpus goes mostly into an empty
 * database, where there is nothing to read.
 */
async function storedArxivStyleIds(store: Store): Promise<Set<string>> {
  const taken = new Set<string>();
  if (await store.holdsNoData()) return taken;
  for (let afterId = 0; ;) {
    const page = await store.exportPage(null, afterId, ID_PAGE);
    for (const { paper } of page) if (paper.externalId !== null && ARXIV_STYLE_ID.test(paper.externalId)) taken.add(paper.externalId);
    if (page.length < ID_PAGE) return taken;
    afterId = page[page.length - 1].paper.id;
  }
}

async function toPostgres(database: CommandDatabase & { engine: 'postgres' }, options: Options, onProgress: (done: number) => void): Promise<CorpusCounts> {
  const { store, close } = await openPostgres(database, { migrate: true });
  try {
    const takenExternalIds = await storedArxivStyleIds(store);
    return await writeCorpusTo(store, { papers: options.papers, seed: options.seed, onProgress, takenExternalIds });
  } finally {
    await close();
  }
}

function toNdjson(file: string, options: Options, onProgress: (done: number) => void): CorpusCounts {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fd = fs.openSync(file, 'w');
  const authorKeys = new Set<number>();
  const counts: CorpusCounts = { papers: 0, authors: 0, authorships: 0 };
  try {
    let lines: string[] = [];
    for (const paper of generateCorpus({ papers: options.papers, seed: options.seed })) {
      lines.push(toArxivSnapshotLine(paper) + '\n');
      for (const author of paper.authors) authorKeys.add(author.key);
      counts.authorships += paper.authors.length;
      counts.papers++;
      if (lines.length === PROGRESS_EVERY) {
        fs.writeSync(fd, lines.join(''));
        lines = [];
        onProgress(counts.papers);
      }
    }
    if (lines.length > 0) fs.writeSync(fd, lines.join(''));
    onProgress(counts.papers);
  } finally {
    fs.closeSync(fd);
  }
  counts.authors = authorKeys.size;
  return counts;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('generate')
    .description('Generate a deterministic synthetic corpus of papers, authors and authorships.')
    .requiredOption('--papers <count>', 'number of papers to generate', nonNegativeInteger)
    .option('--seed <seed>', 'PRNG seed: the same seed gives the same corpus', seedValue, 1)
    .addOption(
      new Option(
        '--database <path>',
        'SQLite file to fill (created and migrated if needed; default: DATABASE_URL when set, else DATABASE_PATH or data/scholargraph.db)',
      ),
    )
    .addOption(
      new Option('--out <file>', 'write the papers to this file as an arXiv metadata snapshot (JSON lines) instead of a database').conflicts('database'),
    )
    .parse(argv);
  const options = program.opts<Options>();
  const database = options.out === undefined ? commandDatabase(options.database) : null;
  const target = options.out ?? database!.shown;

  // The bar redraws from update() itself: generation is synchronous and starves timers.
  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: '{bar} {percentage}% | {value}/{total} papers | {rate} papers/s | ETA {eta_formatted}',
        etaBuffer: 50,
      })
    : null;
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  const rate = (done: number): number => Math.round(done / Math.max(seconds(), 1e-9));
  bar?.start(options.papers, 0, { rate: 0 });
  const onProgress = (done: number): void => bar?.update(done, { rate: rate(done) });

  let counts: CorpusCounts;
  try {
    if (database?.engine === 'postgres') counts = await toPostgres(database, options, onProgress);
    else counts = options.out ? toNdjson(target, options, onProgress) : toDatabase(target, options, onProgress);
  } finally {
    bar?.stop();
  }
  const elapsed = seconds();
  console.log(
    `Generated ${counts.papers} papers, ${counts.authors} authors, ${counts.authorships} authorships ` +
      `into ${target} in ${elapsed.toFixed(1)} s (${rate(counts.papers)} papers/s), seed ${options.seed}`,
  );
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
