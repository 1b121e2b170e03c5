// npm run novelty -- [--database PATH] [--missing | --all]
// Computes the novelty of the papers that have none (--missing, the default), or of every paper
// whose novelty is not supplied (--all: also recomputes the computed ones, e.g. after older
// papers were imported), against the papers published before each. Supplied scores are kept.
// On DATABASE_URL's PostgreSQL database when it is set and --database is not. A large run scores
// on one thread a core (NOVELTY_THREADS sets how many; see src/novelty/parallel-scoring).
import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { type CorpusRunSummary, type NoveltyProgress } from '../store';
import { commandDatabase, withMigratedStore } from './database';

interface Options {
  database?: string;
  all?: boolean;
  missing?: boolean;
}

const STAGES: Record<NoveltyProgress['stage'], string> = {
  reading: 'reading papers',
  scoring: 'scoring',
  metrics: "refreshing authors' metrics",
};

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('novelty')
    .description('Compute paper novelty from the corpus: 1 - the highest TF-IDF cosine similarity to an earlier paper (see docs/novelty.md).')
    .addOption(new Option('--database <path>', 'SQLite file (migrated if needed; default: DATABASE_URL when set, else DATABASE_PATH or data/scholargraph.db)'))
    .addOption(new Option('--missing', 'score the papers without a novelty (the default)').conflicts('all'))
    .addOption(new Option('--all', 'score every paper whose novelty is not supplied, computed ones again'))
    .parse(argv);
  const options = program.opts<Options>();
  const database = commandDatabase(options.database);

  const bar = process.stderr.isTTY
    ? new SingleBar({ format: '{bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | {stage}', etaBuffer: 20 })
    : null;
  let stage: NoveltyProgress['stage'] | null = null;
  let stageStarted = process.hrtime.bigint();
  let summary: CorpusRunSummary;
  try {
    summary = await withMigratedStore(database, (store) =>
      store.scoreNovelty(options.all ? 'all' : 'missing', {
        onProgress: (progress) => {
          if (!bar) return;
          if (progress.stage !== stage) {
            if (stage) bar.stop();
            stage = progress.stage;
            stageStarted = process.hrtime.bigint();
            bar.start(progress.total, 0, { stage: STAGES[stage], rate: 0 });
          }
          const seconds = Number(process.hrtime.bigint() - stageStarted) / 1e9;
          bar.update(progress.done, { stage: STAGES[progress.stage], rate: Math.round(progress.done / Math.max(seconds, 1e-9)) });
        },
      }),
    );
  } finally {
    bar?.stop();
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const rate = Math.round(summary.corpusPapers / Math.max(summary.seconds, 1e-9));
  console.log(
    `Novelty of ${summary.computed} papers computed (${summary.withoutScore} without a score: no earlier paper or no words) ` +
      `against ${summary.corpusPapers} papers in ${database.shown} in ${summary.seconds.toFixed(1)} s on ${summary.threads} thread${summary.threads === 1 ? '' : 's'} ` +
      `(${rate} papers/s, peak memory ${Math.round(peakMb)} MB)`,
  );
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
