// The processes of a cluster started by a test, as the operating system sees them.
import fs from 'node:fs';

/** The worker processes of the primary `pid` (its children running src/main.ts; tsx's esbuild is a child too), from /proc (Linux). */
export function workersOf(pid: number): number[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((candidate) => {
    try {
      // The fields after the command's closing parenthesis: state, then the parent's pid.
      const stat = fs.readFileSync(`/proc/${candidate}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === pid && fs.readFileSync(`/proc/${candidate}/cmdline`, 'utf8').includes('src/main.ts');
    } catch {
      return false;
    }
  });
}
