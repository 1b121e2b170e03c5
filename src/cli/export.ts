// npm run export -- [--since DATE] [--format ndjson] [--out FILE] [--gzip] [--database PATH]
// Writes every paper (or those published since DATE) with its authors in order and its metrics,
// one JSON line each, in the format npm run import reads back. Streams: memory holds one page.
// From DATABASE_URL's PostgreSQL database when it is set and --database is not.
import fs from 'node:fs';
import { type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { paperExportStream } from '../export/paper-export';
import { ymdDate } from '../import/arxiv-record';
import { type PaperFilter } from '../pagination/paper-filter';
import { openSqliteStore, type Store } from '../store';
import { commandDatabase, openPostgres } from './database';

interface Options {
  database?: string;
  since?: string;
  format: 'ndjson';
  out?: string;
  gzip?: boolean;
}

function date(value: string): string {
  if (ymdDate(value) !== value) throw new InvalidArgumentError('Not a real date of the form YYYY-MM-DD, e.g. 2024-01-31.');
  return value;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('export')
    .description('Export papers with their ordered authors and metrics as NDJSON, in the format npm run import reads back.')
    .addOption(new Option('--database <path>', 'SQLite file to read (default: DATABASE_URL when set, else DATABASE_PATH or data/scholargraph.db)'))
    .option('--since <date>', 'only papers published on or after this date, YYYY-MM-DD', date)
    .addOption(new Option('--format <format>', 'the output format').choices(['ndjson']).default('ndjson'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--gzip', 'gzip the output (the default when --out ends in .gz)')
    .parse(argv);
  const options = program.opts<Options>();
  const database = commandDatabase(options.database);
  const source = database.shown;
  let opened: { store: Store; close(): void | Promise<void> };
  if (database.engine === 'sqlite') {
    // Opening a missing file would create an empty database and export nothing, silently.
    if (!fs.existsSync(source)) throw new Error(`${source} does not exist: pass --database with the path of a ScholarGraph database.`);
    opened = openSqliteStore(source, { readonly: true });
  } else {
    // Read as it is: an export migrates nothing.
    opened = await openPostgres(database, { migrate: false });
  }
  const { store, close } = opened;
  try {
    if (!(await store.hasSchema())) {
      throw new Error(`${source} is not a ScholarGraph database (it has no papers table).`);
    }
    const filter: PaperFilter | null = options.since ? { publishedFrom: options.since } : null;
    const bar = process.stderr.isTTY
      ? new SingleBar({ format: '{bar} {percentage}% | {value}/{total} papers | {rate} papers/s | ETA {eta_formatted}', etaBuffer: 20 })
      : null;
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    let papers = 0;
    if (bar) bar.start(await store.countPapers(filter), 0, { rate: 0 });
    const stream = paperExportStream(store, { filter }, (n) => {
      papers += n;
      bar?.update(papers, { rate: Math.round(papers / Math.max(seconds(), 1e-9)) });
    });
    const gzip = options.gzip ?? options.out?.endsWith('.gz') ?? false;
    const out: Writable = options.out ? fs.createWriteStream(options.out) : process.stdout;
    try {
      await (gzip ? pipeline(stream, zlib.createGzip(), out) : pipeline(stream, out));
    } catch (error) {
      // A reader that stops early (`| head`) is no failure of the export.
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
      if (options.out) fs.rmSync(options.out, { force: true });
      throw error;
    } finally {
      bar?.stop();
    }
    const elapsed = seconds();
    console.error(
      `Exported ${papers} papers from ${source} to ${options.out ?? 'standard output'}${gzip ? ' (gzipped)' : ''} ` +
        `in ${elapsed.toFixed(1)} s (${Math.round(papers / Math.max(elapsed, 1e-9))} papers/s)`,
    );
  } finally {
    await close();
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
