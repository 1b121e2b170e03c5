// The playground bundle is built once per install of the packages it comes from and read back by
// every later start; a build no longer matching the installed packages, the client's source or
// the build recipe is not used.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { takeBuildLock } from '../../src/playground/build-lock';
import { clientDigest, installedVersion } from '../../src/playground/bundle';
import { findCachedBuild, preparePlaygroundBundle, projectRoot } from '../../src/playground/bundle-cache';
import { tempDir } from '../support/server';

const root = projectRoot();

function readManifest(directory: string): any {
  return JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf8'));
}

describe('the playground bundle cache', () => {
  let directory: string;
  let scratch: string;

  beforeAll(async () => {
    // Built here if no test built it yet (seconds), read back otherwise.
    directory = (await preparePlaygroundBundle()).directory;
  }, 240_000);

  beforeEach(() => {
    scratch = tempDir('scholargraph-bundle-');
  });

  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('reads the bundle back, without building, while nothing it came from changed', async () => {
    const again = await preparePlaygroundBundle();
    expect(again.origin).toBe('cache');
    expect(again.directory).toBe(directory);
    expect(again.assets.get(again.script)?.body.length).toBeGreaterThan(100_000);
    for (const worker of Object.values(again.workers)) expect(again.assets.has(worker)).toBe(true);
  });

  it('records each package that went into the bundle with the version installed', () => {
    const { packages } = readManifest(directory);
    for (const name of ['graphiql', '@graphiql/react', 'react', 'react-dom', 'monaco-editor', 'monaco-graphql', 'graphql']) {
      const folder = `node_modules/${name}`;
      expect({ folder, version: packages[folder] }).toEqual({ folder, version: installedVersion(root, folder) });
    }
  });

  it('stops using a build when a package version, the client source or the build recipe differs', () => {
    const copy = (change: (manifest: any) => void): string => {
      const target = path.join(scratch, `build-${fs.readdirSync(scratch).length}`);
      fs.cpSync(directory, target, { recursive: true });
      const manifest = readManifest(target);
      change(manifest);
      fs.writeFileSync(path.join(target, 'manifest.json'), JSON.stringify(manifest));
      return target;
    };
    const unchanged = copy(() => undefined);
    expect(findCachedBuild(root, [scratch])).toBe(unchanged);
    fs.rmSync(unchanged, { recursive: true });

    copy((manifest) => (manifest.packages['node_modules/monaco-editor'] = '0.0.1'));
    copy((manifest) => (manifest.packages['node_modules/left-pad-that-is-not-installed'] = '1.0.0'));
    copy((manifest) => (manifest.client = `not-${clientDigest(root)}`));
    copy((manifest) => (manifest.recipe = 'another recipe'));
    expect(fs.readdirSync(scratch)).toHaveLength(4);
    expect(findCachedBuild(root, [scratch])).toBeNull();
  });

  it("waits for another process's build rather than building the same bundle twice", async () => {
    // A live process (this one) holds the build lock of an empty cache; its build lands a moment later.
    fs.mkdirSync(path.join(scratch, '.build-lock'));
    fs.writeFileSync(path.join(scratch, '.build-lock', 'pid'), String(process.pid));
    let built = false;
    const prepared = preparePlaygroundBundle({ roots: [scratch], onBuild: () => (built = true) });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Landed as the builder lands it: complete, then renamed into place.
    fs.cpSync(directory, path.join(scratch, '.staging-other'), { recursive: true });
    fs.renameSync(path.join(scratch, '.staging-other'), path.join(scratch, path.basename(directory)));
    fs.rmSync(path.join(scratch, '.build-lock'), { recursive: true });

    const bundle = await prepared;
    expect(bundle.origin).toBe('cache');
    expect(bundle.directory).toBe(path.join(scratch, path.basename(directory)));
    expect(built).toBe(false);
  });

  it('takes over the build lock of a process that died, never that of a live one', () => {
    const holdLock = (pid: number) => {
      fs.mkdirSync(path.join(scratch, '.build-lock'));
      fs.writeFileSync(path.join(scratch, '.build-lock', 'pid'), String(pid));
    };
    holdLock(process.pid);
    expect(takeBuildLock([scratch])).toBeNull();
    fs.rmSync(path.join(scratch, '.build-lock'), { recursive: true });

    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    holdLock(gone);
    const lock = takeBuildLock([scratch]);
    expect(lock?.cacheRoot).toBe(scratch);
    expect(fs.readFileSync(path.join(scratch, '.build-lock', 'pid'), 'utf8')).toBe(String(process.pid));
    lock!.release();
    expect(fs.existsSync(path.join(scratch, '.build-lock'))).toBe(false);
  });
});
