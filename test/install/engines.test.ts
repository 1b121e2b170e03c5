// Issue 17: `npm install` on the Node we declare is quiet: no EBADENGINE, no unreviewed install scripts.
// Every package in package-lock.json that declares `engines.node` has to accept
// the lowest Node our own `engines.node` range admits. Reads only the lockfile
// (no network, no node_modules walk), so it catches a lockfile regenerated with
// a dependency that needs a newer Node than package.json says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

describe('engines: the lockfile fits the Node that package.json declares', () => {
  const ours: string = pkg.engines?.node;

  it('package.json declares engines.node with a lowest version', () => {
    expect(typeof ours).toBe('string');
    expect(semver.validRange(ours)).not.toBeNull();
    expect(semver.minVersion(ours)).not.toBeNull();
  });

  it('every locked package accepts the lowest declared Node version', () => {
    const min = semver.minVersion(ours)!.version;
    const offenders: string[] = [];
    for (const [path, entry] of Object.entries<any>(lock.packages ?? {})) {
      if (path === '') continue; // ourselves
      const theirs = entry?.engines?.node;
      // npm only checks a string `engines.node` (old packages sometimes ship an array).
      if (typeof theirs !== 'string' || theirs.trim() === '') continue;
      if (semver.validRange(theirs) === null) continue; // npm ignores unparsable ranges too
      if (!semver.satisfies(min, theirs, { includePrerelease: true })) {
        const name = path.replace(/^.*node_modules\//, '');
        offenders.push(`${name}@${entry.version} wants node ${theirs} (${path}${entry.dev ? ', dev' : ''})`);
      }
    }
    expect({ ourEnginesNode: ours, lowest: min, offenders }).toEqual({ ourEnginesNode: ours, lowest: min, offenders: [] });
  });
});

// npm 11 lists, after every install, each dependency whose install script package.json's
// `allowScripts` does not cover ("not yet covered by allowScripts"), and a later npm skips
// those scripts: better-sqlite3 would then have no binary. Every locked package with an
// install script is reviewed, allowed or denied, by name or name@version.
describe('install scripts: each one is reviewed in package.json', () => {
  it('every locked package with an install script is named in allowScripts', () => {
    const reviewed = Object.keys(pkg.allowScripts ?? {}).map((key) => key.replace(/(.)@[^@]*$/, '$1'));
    const unreviewed: string[] = [];
    for (const [path, entry] of Object.entries<any>(lock.packages ?? {})) {
      if (path === '' || !entry?.hasInstallScript) continue;
      const name = path.replace(/^.*node_modules\//, '');
      if (!reviewed.includes(name)) unreviewed.push(`${name}@${entry.version}`);
    }
    expect(unreviewed).toEqual([]);
    // The native module the server cannot start without is allowed, not denied.
    expect(pkg.allowScripts['better-sqlite3']).toBe(true);
  });
});
