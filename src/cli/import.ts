// npm run import -- FILE [--format arxiv|openalex|scholargraph] [--database PATH] [--batch-size N]
// Imports an arXiv metadata snapshot, OpenAlex works or our own export (JSON lines, optionally gzipped; the format
// detected from the first record unless given) into a database, creating
// and migrating it if needed. Re-running on the same file changes nothing; bad lines are
// reported and skipped. Into DATABASE_URL's PostgreSQL database when it is set and --database is
// not: `npm run export` from a SQLite file, then this, moves a database to PostgreSQL.
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { IMPORT_FORMATS, importFile, type ImportFormat, type ImportSummary } from '../import/import-file';
import { commandDatabase, withMigratedDatabase } from './database';

interface Options {
  database?: string;
  batchSize: number;
  format?: ImportFormat;
}

function positiveInteger(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('Not a positive integer.');
  return n;
}

const MB = 1024 * 1024;

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('import')
    .description('Import an arXiv metadata snapshot, OpenAlex works or a ScholarGraph export (JSON lines, plain or gzipped) into the database.')
    .argument('<file>', 'the file, e.g. arxiv-metadata-oai-snapshot.json(.gz), an OpenAlex works .jsonl(.gz), or papers.ndjson(.gz) from npm run export')
    .addOption(new Option('--format <format>', 'the format of the file (default: detected from its first record)').choices(IMPORT_FORMATS))
    .addOption(
      new Option(
        '--database <path>',
        'SQLite file to fill (created and migrated if needed; default: DATABASE_URL when set, else DATABASE_PATH or data/scholargraph.db)',
      ),
    )
    .option('--batch-size <records>', 'records per transaction (default: 10000 on SQLite, 2000 on PostgreSQL)', positiveInteger)
    .parse(argv);
  const options = program.opts<Options>();
  const [file] = program.args;
  const database = commandDatabase(options.database);

  const bar = process.stderr.isTTY
    ? new SingleBar({ format: '{bar} {percentage}% | {mb}/{totalMb} MB | {records} records | {rate} records/s | ETA {eta_formatted} | {stage}', etaBuffer: 20 })
    : null;
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;

  let summary: ImportSummary;
  try {
    let begun = false;
    summary = await withMigratedDatabase(database, (target) =>
      importFile(target, file, {
        format: options.format,
        batchSize: options.batchSize,
        onProgress: ({ stage, records, bytesRead, totalBytes }) => {
          if (!bar) return;
          const payload = {
            stage: stage === 'records' ? 'reading records' : `then: ${stage}`,
            records,
            mb: (bytesRead / MB).toFixed(1),
            totalMb: (totalBytes / MB).toFixed(1),
            rate: Math.round(records / Math.max(seconds(), 1e-9)),
          };
          if (!begun) {
            bar.start(totalBytes, bytesRead, payload);
            begun = true;
          } else bar.update(bytesRead, payload);
        },
      }),
    );
  } finally {
    bar?.stop();
  }
  for (const { line, reason } of summary.skippedLines) console.error(`line ${line}: ${reason}`);
  if (summary.skipped > summary.skippedLines.length) console.error(`... and ${summary.skipped - summary.skippedLines.length} more skipped lines`);
  console.log(
    `Imported ${file} into ${database.shown}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
      `${summary.skipped} skipped in ${summary.seconds.toFixed(1)} s (${summary.recordsPerSecond} records/s); ` +
      `novelty computed for ${summary.noveltyComputed} paper${summary.noveltyComputed === 1 ? '' : 's'}`,
  );
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
