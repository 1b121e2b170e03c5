// `--baseline <git ref>`: the API as it was at another commit, measured in the same rounds as
// this checkout's, on the same corpus and floor: a change's effect as a ratio, side by side. The
// ref is checked out once into a git worktree under .bench/baselines/ that shares this
// checkout's node_modules (a baseline with other dependencies needs its own install there).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './corpus';
import { ROOT } from './servers';

export interface Baseline {
  ref: string;
  commit: string;
  root: string;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function checkOutBaseline(ref: string): Baseline {
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  } catch {
    throw new Error(`--baseline ${ref}: not a commit of this repository (try a hash, a branch, or HEAD~1)`);
  }
  const root = path.join(BENCH_DIR, 'baselines', commit.slice(0, 12));
  if (!fs.existsSync(path.join(root, 'src', 'main.ts'))) {
    fs.mkdirSync(path.dirname(root), { recursive: true });
    // A directory left by a removed worktree would make `worktree add` refuse.
    git('worktree', 'prune');
    fs.rmSync(root, { recursive: true, force: true });
    git('worktree', 'add', '--detach', root, commit);
  }
  const modules = path.join(root, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
  return { ref, commit, root };
}
