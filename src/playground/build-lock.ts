// One build of the playground bundle at a time across processes (cluster workers, test files,
// servers sharing node_modules): a folder created with mkdir, which is atomic, holding the pid of
// its owner so that the lock of a process that died is taken over.
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_NAME = '.build-lock';
// A build takes seconds; a lock this old belongs to a build that will not finish.
const STALE_LOCK_MS = 5 * 60_000;

export interface BuildLock {
  cacheRoot: string;
  release(): void;
}

/**
 * The build lock of the first cache root this process may write to (a folder: mkdir is atomic),
 * or null while another live process holds it.
 */
export function takeBuildLock(candidates: string[]): BuildLock | null {
  let lastError: unknown = null;
  for (const cacheRoot of candidates) {
    const lock = path.join(cacheRoot, LOCK_NAME);
    try {
      fs.mkdirSync(cacheRoot, { recursive: true });
      if (fs.existsSync(lock) && isAbandoned(lock)) fs.rmSync(lock, { recursive: true, force: true });
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return { cacheRoot, release: () => fs.rmSync(lock, { recursive: true, force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
      // A read-only node_modules (the image's, owned by root): try the next place.
      if (!isNotWritable(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

function isAbandoned(lock: string): boolean {
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) return true;
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: no such process; a lock without its pid file yet is being taken right now.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function isNotWritable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}
