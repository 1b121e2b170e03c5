// npm run backup -- FILE [--database PATH] [--force]
// Copies the database, while the server keeps serving it, into FILE: the rows committed when the
// copy began, checked with integrity_check, and given its name only when complete. A SQLite file
// only: with DATABASE_URL (and no --database) it refuses, and says how pg_dump does it.
import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { backupDatabase } from '../ops/backup';
import { commandDatabase } from './database';

interface Options {
  database?: string;
  force?: boolean;
}

/**
 * What to run instead for a PostgreSQL database: pg_dump's own consistent snapshot, in its custom
 * format (pg_restore reads it). The URL keeps its host, port, database and parameters but not its
 * password, which pg_dump takes from PGPASSWORD or ~/.pgpass (or asks for), so it is printed nowhere.
 */
function pgDumpAdvice(url: string, shown: string, destination: string): string {
  const withoutSecret = new URL(url);
  withoutSecret.password = '';
  const quoted = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  return (
    `DATABASE_URL names a PostgreSQL database (${shown}): npm run backup copies SQLite files only, and wrote nothing.\n` +
    `Back it up with pg_dump, which takes a consistent snapshot while the server serves it:\n` +
    `  pg_dump --format=custom --file=${quoted(destination)} --dbname=${quoted(withoutSecret.toString())}\n` +
    `(the password from PGPASSWORD or ~/.pgpass; pg_restore --dbname=<url> ${quoted(destination)} restores it)`
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('backup')
    .description('Copy a ScholarGraph database, consistently, while the server serves it.')
    .argument('<file>', 'the copy to write (refused when it exists, unless --force)')
    .addOption(new Option('--database <path>', 'SQLite file to copy (default: DATABASE_PATH or data/scholargraph.db; with DATABASE_URL, use pg_dump)'))
    .option('--force', 'replace FILE when it exists')
    .parse(argv);
  const [destination] = program.args;
  const options = program.opts<Options>();
  const database = commandDatabase(options.database);
  if (database.engine === 'postgres') throw new Error(pgDumpAdvice(database.url, database.shown, destination));
  const source = database.file;

  // Ctrl-C stops the copy between two steps, and the half-written file goes with it.
  const abort = new AbortController();
  const stop = (): void => abort.abort(new Error(`Backup interrupted: ${destination} was not written.`));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const bar = process.stderr.isTTY ? new SingleBar({ format: '{bar} {percentage}% | {value}/{total} pages | ETA {eta_formatted}', etaBuffer: 20 }) : null;
  let summary;
  try {
    summary = await backupDatabase(source, destination, {
      force: options.force,
      signal: abort.signal,
      onProgress: (copied, total) => {
        if (bar && !bar.isActive) bar.start(total, 0);
        bar?.update(copied);
      },
    });
  } finally {
    bar?.stop();
  }
  console.log(
    `Backed up ${source} to ${destination}: ${summary.papers} papers, ${summary.pages} pages of ${summary.pageSize} bytes ` +
      `(${megabytes(summary.bytes)}) in ${summary.seconds.toFixed(1)} s; integrity_check ok`,
  );
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
