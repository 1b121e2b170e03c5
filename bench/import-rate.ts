// The import rate: generated papers written as an arXiv metadata snapshot (`npm run generate --
// --out`), then imported into an empty database (`npm run import`), as a user loads a dump.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR } from './corpus';
import { ROOT } from './servers';

export function measureImport(papers: number): { papers: number; seconds: number; recordsPerSecond: number } {
  const dir = path.join(BENCH_DIR, 'import');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const snapshot = path.join(dir, `arxiv-${papers}.jsonl`);
  try {
    const tsx = [process.execPath, '--require', 'tsx/cjs'];
    const generated = spawnSync(tsx[0], [...tsx.slice(1), 'src/cli/generate.ts', '--papers', String(papers), '--seed', '2', '--out', snapshot], { cwd: ROOT, encoding: 'utf8' });
    if (generated.status !== 0) throw new Error(`generate --out failed: ${generated.stderr}`);
    // Every CPU: the importer maps lines in a worker thread while it writes (and this process,
    // pinned to the load generator's CPU, would pass its pinning on).
    const imported = spawnSync('taskset', ['-c', `0-${os.cpus().length - 1}`, ...tsx, 'src/cli/import.ts', snapshot, '--database', path.join(dir, 'import.db')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const summary = /(\d+) added, .* in ([\d.]+) s \((\d+) records\/s\)/.exec(imported.stdout);
    if (imported.status !== 0 || !summary) throw new Error(`npm run import failed: ${imported.stderr}${imported.stdout}`);
    return { papers: Number(summary[1]), seconds: Number(summary[2]), recordsPerSecond: Number(summary[3]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
