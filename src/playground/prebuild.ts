// node dist/src/playground/prebuild.js [--cache-dir DIR]   (npx tsx src/playground/prebuild.ts)
// Builds the playground bundle ahead of the first visit, as the Dockerfile does so that the image
// never builds at run time; a current cached build is kept. Prints what it did and the sizes.
import path from 'node:path';
import { Command } from 'commander';
import { cacheRoots, preparePlaygroundBundle, projectRoot } from './bundle-cache';

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('prebuild')
    .description('Build (or find cached) the GraphiQL playground bundle.')
    .option('--cache-dir <dir>', 'where to keep the build (default: node_modules/.cache/scholargraph-playground)')
    .parse(argv);
  const { cacheDir } = program.opts<{ cacheDir?: string }>();
  // Only there: a build found in the temporary folder would not be in the image.
  const bundle = await preparePlaygroundBundle({ roots: [cacheDir ? path.resolve(cacheDir) : cacheRoots(projectRoot())[0]] });
  let bytes = 0;
  let gzipped = 0;
  for (const asset of bundle.assets.values()) {
    bytes += asset.body.length;
    gzipped += asset.gzip.length;
  }
  console.log(
    `Playground bundle ${bundle.origin === 'built' ? 'built' : 'read from the cache'} in ${(bundle.milliseconds / 1000).toFixed(1)} s: ` +
      `${bundle.assets.size} files, ${kilobytes(bytes)} (${kilobytes(gzipped)} gzipped), in ${bundle.directory}`,
  );
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
