// npm run import -- FILE [--format arxiv|openalex|scholargraph] [--database PATH] [--batch-size N]
// Imports an arXiv metadata snapshot, OpenAlex works or our own export (JSON lines, optionally gzipped; the format
// detected from the first record unless given) into a database, creating
// and migrating it if needed. Re-running on the same file changes nothing; bad lines are
// reported and skipped.
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { migrateDatabase, openDatabase } from '../store';
import { IMPORT_FORMATS, importFile, type ImportFormat, type ImportSummary } from '../import/import-file';

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
      new Option('--database <path>', 'SQLite file to fill (created and migrated if needed; default: DATABASE_PATH or data/scholargraph.db)'),
    )
    .option('--batch-size <records>', 'records per transaction (default: 10000)', positiveInteger)
    .parse(argv);
  const options = program.opts<Options>();
  const [file] = program.args;
  const target = options.database ?? loadConfig().databasePath;

  const bar = process.stderr.isTTY
    ? new SingleBar({ format: '{bar} {percentage}% | {mb}/{totalMb} MB | {records} records | {rate} records/s | ETA {eta_formatted} | {stage}', etaBuffer: 20 })
    : null;
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;

  const db = openDatabase(target);
  let summary: ImportSummary;
  try {
    migrateDatabase(db);
    let begun = false;
    summary = await importFile(db, file, {
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
    });
  } finally {
    bar?.stop();
    db.close();
  }
  for (const { line, reason } of summary.skippedLines) console.error(`line ${line}: ${reason}`);
  if (summary.skipped > summary.skippedLines.length) console.error(`... and ${summary.skipped - summary.skippedLines.length} more skipped lines`);
  console.log(
    `Imported ${file} into ${target}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
      `${summary.skipped} skipped in ${summary.seconds.toFixed(1)} s (${summary.recordsPerSecond} records/s); ` +
      `novelty computed for ${summary.noveltyComputed} paper${summary.noveltyComputed === 1 ? '' : 's'}`,
  );
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
