// The generated corpus the bench serves, made once with `npm run generate` and kept in .bench/
// (git-ignored): a million papers take some 10 minutes to generate, so a rerun reuses the file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT } from './servers';

/** Where corpora, logs and baselines are kept: .bench/, or $BENCH_DIR (the bench's own test uses a temporary one). */
export const BENCH_DIR = process.env.BENCH_DIR ? path.resolve(process.env.BENCH_DIR) : path.join(ROOT, '.bench');

export interface Corpus {
  file: string;
  papers: number;
  authors: number;
  authorships: number;
  sizeMb: number;
}

function counts(file: string): Omit<Corpus, 'file' | 'sizeMb'> {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { papers: count('papers'), authors: count('authors'), authorships: count('authorships') };
  } finally {
    sqlite.close();
  }
}

/** The corpus of `papers` papers (seed 1), generated into a temporary name first so that an interrupted run leaves no half file to reuse. */
export function ensureCorpus(papers: number): Corpus {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `corpus-${papers}.db`);
  if (!fs.existsSync(file)) {
    const partial = path.join(BENCH_DIR, `corpus-${papers}.partial.db`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
    console.log(`Generating ${papers.toLocaleString('en-US')} papers into ${path.relative(ROOT, file)} (once; later runs reuse it)...`);
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/generate.ts', '--papers', String(papers), '--seed', '1', '--database', partial], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`npm run generate failed (exit ${result.status})`);
    fs.renameSync(partial, file);
  }
  return { file, ...counts(file), sizeMb: fs.statSync(file).size / 1024 ** 2 };
}
