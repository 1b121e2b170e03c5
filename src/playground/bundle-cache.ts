// The playground bundle on disk: built once per install of the packages it comes from, then read
// back by every start. A build is kept under node_modules/.cache (npm ci starts it afresh) in a
// folder of its own with a manifest saying what it was built from; it is used only while every
// one of those packages still has the version it had, the client's source is unchanged and the
// build recipe is the same. The Dockerfile builds it into the image (src/playground/prebuild.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { LOCK_NAME, takeBuildLock } from './build-lock';
import { buildBundle, type BuiltBundle, clientDigest, installedVersion, RECIPE, type WorkerLabel } from './bundle';

export interface PlaygroundAsset {
  body: Buffer;
  /** The same bytes gzipped, for clients that accept it. */
  gzip: Buffer;
  contentType: string;
}

export interface PlaygroundBundle {
  /** File names under the assets path: the page's script and stylesheet, Monaco's workers. */
  script: string;
  stylesheet: string;
  workers: Record<WorkerLabel, string>;
  assets: Map<string, PlaygroundAsset>;
  /** Whether this call built the bundle or read a cached build, and how long it took. */
  origin: 'built' | 'cache';
  milliseconds: number;
  directory: string;
}

interface Manifest {
  recipe: string;
  client: string;
  packages: Record<string, string | null>;
  script: string;
  stylesheet: string;
  workers: Record<WorkerLabel, string>;
  files: string[];
}

const MANIFEST = 'manifest.json';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The folder holding package.json (the project in a clone, /app in the image). */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * Where builds are kept: node_modules/.cache, or a folder of this user's in the temporary folder
 * when node_modules is read-only.
 */
export function cacheRoots(root: string): string[] {
  const user = process.getuid?.() ?? os.userInfo().username;
  return [path.join(root, 'node_modules', '.cache', 'scholargraph-playground'), path.join(os.tmpdir(), `scholargraph-playground-${user}`)];
}

/**
 * A build this server may serve: written by this user, or by root (the image's, built before
 * the server's user existed); never another user's, who could have put any script in it.
 */
function isTrusted(directory: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  const owner = fs.statSync(directory).uid;
  return owner === uid || owner === 0;
}

function readManifest(directory: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(directory, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Whether a cached build is still what a build would give now. */
export function isCurrent(manifest: Manifest, root: string, client: string = clientDigest(root)): boolean {
  return (
    manifest.recipe === RECIPE &&
    manifest.client === client &&
    Object.keys(manifest.packages).length > 0 &&
    Object.entries(manifest.packages).every(([folder, version]) => installedVersion(root, folder) === version)
  );
}

/** The folder of a current cached build, or null. */
export function findCachedBuild(root: string, roots: string[] = cacheRoots(root)): string | null {
  const client = clientDigest(root);
  for (const cacheRoot of roots) {
    let entries: string[];
    try {
      entries = fs.readdirSync(cacheRoot);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const directory = path.join(cacheRoot, entry);
      const manifest = readManifest(directory);
      if (manifest && isCurrent(manifest, root, client) && isTrusted(directory)) return directory;
    }
  }
  return null;
}

function load(directory: string): Omit<PlaygroundBundle, 'origin' | 'milliseconds'> {
  const manifest = readManifest(directory);
  if (!manifest) throw new Error(`${directory} holds no playground manifest`);
  const assets = new Map<string, PlaygroundAsset>();
  for (const name of manifest.files) {
    assets.set(name, {
      body: fs.readFileSync(path.join(directory, name)),
      gzip: fs.readFileSync(path.join(directory, `${name}.gz`)),
      contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
    });
  }
  return { script: manifest.script, stylesheet: manifest.stylesheet, workers: manifest.workers, assets, directory };
}

/**
 * Writes a build under a temporary name renamed when complete, so that a crashed build leaves no
 * half folder that looks finished.
 */
function writeBuild(root: string, cacheRoot: string, built: BuiltBundle): string {
  const manifest: Manifest = {
    recipe: RECIPE,
    client: clientDigest(root),
    packages: built.packages,
    script: built.script,
    stylesheet: built.stylesheet,
    workers: built.workers,
    files: [...built.files.keys()].sort(),
  };
  const id = crypto.createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 16);
  fs.mkdirSync(cacheRoot, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheRoot, '.staging-'));
  try {
    // mkdtemp makes it private (0700): the image's server reads as another user than the build.
    fs.chmodSync(staging, 0o755);
    for (const [name, contents] of built.files) {
      fs.writeFileSync(path.join(staging, name), contents);
      fs.writeFileSync(path.join(staging, `${name}.gz`), zlib.gzipSync(contents, { level: 9 }));
    }
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const directory = path.join(cacheRoot, id);
    try {
      fs.renameSync(staging, directory);
    } catch (error) {
      // Another process finished the same build first: theirs is as good.
      if (!readManifest(directory)) throw error;
    }
    removeOtherBuilds(cacheRoot, id);
    return directory;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Earlier builds (of older packages) and what builds that died left behind; called under the lock. */
function removeOtherBuilds(cacheRoot: string, keep: string): void {
  for (const entry of fs.readdirSync(cacheRoot)) {
    if (entry === keep || entry === LOCK_NAME) continue;
    try {
      fs.rmSync(path.join(cacheRoot, entry), { recursive: true, force: true });
    } catch {
      // Not ours to remove: it stays, and is in nobody's way.
    }
  }
}

export interface PrepareOptions {
  root?: string;
  /** Where to look for and keep builds, first writable one first. */
  roots?: string[];
  /** Told before a build starts (it takes seconds), for the log. */
  onBuild?: (cacheRoot: string) => void;
}

/** The current bundle: a cached build when there is one, else a new build, cached. */
export async function preparePlaygroundBundle({ root = projectRoot(), roots, onBuild }: PrepareOptions = {}): Promise<PlaygroundBundle> {
  const started = performance.now();
  const candidates = roots ?? cacheRoots(root);
  for (;;) {
    const cached = findCachedBuild(root, candidates);
    if (cached) return { ...load(cached), origin: 'cache', milliseconds: performance.now() - started };
    const lock = takeBuildLock(candidates);
    if (!lock) {
      // Another process is building the same bundle: wait for its build rather than do it twice.
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      // It may have finished between our look and our lock.
      if (findCachedBuild(root, candidates)) continue;
      onBuild?.(lock.cacheRoot);
      const directory = writeBuild(root, lock.cacheRoot, await buildBundle(root));
      return { ...load(directory), origin: 'built', milliseconds: performance.now() - started };
    } finally {
      lock.release();
    }
  }
}
