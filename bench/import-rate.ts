// The import rate: generated papers written as an arXiv metadata snapshot (`npm run generate --
// --out`), then imported into an empty database (`npm run import`), as a user loads a dump; beside
// it, in the same run on the same file, the floor importer (bench/floor/import.ts), and a second
// import of the same file into the now-filled database, which changes nothing (issue 21's
// targets: ≥ 0.3 of the floor, a re-import at ≥ 50,000 records/s).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR } from './corpus';
import { ROOT } from './servers';

export interface ImportRate {
  papers: number;
  seconds: number;
  recordsPerSecond: number;
  /** Peak resident memory of our import's process (its mapping thread included), MB. */
  peakRssMb?: number;
  /** The floor importer on the same file, into an empty database of its own. */
  floor?: { seconds: number; recordsPerSecond: number; peakRssMb: number };
  /** Our import of the same file again, into the database the first one filled. */
  reimport?: { seconds: number; recordsPerSecond: number; unchanged: number };
}

const TSX = [process.execPath, '--require', 'tsx/cjs'];
// Every CPU: the importer maps lines in a worker thread while it writes (and this process,
// pinned to the load generator's CPU, would pass its pinning on).
const EVERY_CPU = ['taskset', '-c', `0-${os.cpus().length - 1}`];
// GNU time's maximum resident set size of the child (kB), written to a file of its own so that
// the import's own stderr stays readable.
function timed(args: string[], rssFile: string): string[] {
  return ['/usr/bin/time', '-o', rssFile, '-f', '%M', ...args];
}

function peakRssMb(rssFile: string): number {
  return Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
}

function ourImport(snapshot: string, database: string, rssFile: string): { added: number; unchanged: number; seconds: number; recordsPerSecond: number; peakRssMb: number } {
  const [command, ...args] = [...EVERY_CPU, ...timed([...TSX, 'src/cli/import.ts', snapshot, '--database', database], rssFile)];
  const imported = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  const summary = /(\d+) added, \d+ updated, (\d+) unchanged, .* in ([\d.]+) s \((\d+) records\/s\)/.exec(imported.stdout);
  if (imported.status !== 0 || !summary) throw new Error(`npm run import failed: ${imported.stderr}${imported.stdout}`);
  return { added: Number(summary[1]), unchanged: Number(summary[2]), seconds: Number(summary[3]), recordsPerSecond: Number(summary[4]), peakRssMb: peakRssMb(rssFile) };
}

export function measureImport(papers: number): ImportRate {
  const dir = path.join(BENCH_DIR, 'import');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const snapshot = path.join(dir, `arxiv-${papers}.jsonl`);
  const rssFile = path.join(dir, 'rss');
  try {
    const generated = spawnSync(TSX[0], [...TSX.slice(1), 'src/cli/generate.ts', '--papers', String(papers), '--seed', '2', '--out', snapshot], { cwd: ROOT, encoding: 'utf8' });
    if (generated.status !== 0) throw new Error(`generate --out failed: ${generated.stderr}`);

    // The floor first: the file is in the page cache for both, written just before.
    const [command, ...args] = [...EVERY_CPU, ...TSX, 'bench/floor/import.ts', snapshot, path.join(dir, 'floor.db')];
    const floorRun = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
    if (floorRun.status !== 0) throw new Error(`the floor importer failed: ${floorRun.stderr}`);
    const floor = JSON.parse(floorRun.stdout) as { records: number; seconds: number; recordsPerSecond: number; peakRssMb: number };
    if (floor.records !== papers) throw new Error(`the floor importer read ${floor.records} records of ${papers}`);

    const database = path.join(dir, 'import.db');
    const first = ourImport(snapshot, database, rssFile);
    const again = ourImport(snapshot, database, rssFile);
    if (again.unchanged !== first.added) throw new Error(`the re-import left ${again.unchanged} unchanged of ${first.added}`);
    return {
      papers: first.added,
      seconds: first.seconds,
      recordsPerSecond: first.recordsPerSecond,
      peakRssMb: first.peakRssMb,
      floor: { seconds: floor.seconds, recordsPerSecond: floor.recordsPerSecond, peakRssMb: floor.peakRssMb },
      reimport: { seconds: again.seconds, recordsPerSecond: again.recordsPerSecond, unchanged: again.unchanged },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
