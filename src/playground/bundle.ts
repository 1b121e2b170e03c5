// Bundles the playground's browser code with esbuild, from the npm packages: GraphiQL, React,
// Monaco and Monaco's three web workers. Nothing is fetched from elsewhere at run time: the
// fonts (Roboto, Monaco's codicons) come inlined in graphiql/style.css.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

/** The labels Monaco asks a worker for (MonacoEnvironment.getWorker); `editor` for any other. */
export const WORKER_LABELS = ['editor', 'json', 'graphql'] as const;
export type WorkerLabel = (typeof WORKER_LABELS)[number];

export interface BuiltBundle {
  /** File names (content-hashed) and their contents. */
  files: Map<string, Uint8Array>;
  script: string;
  stylesheet: string;
  workers: Record<WorkerLabel, string>;
  /** Every npm package whose files went in, by its folder relative to the project: its version. */
  packages: Record<string, string | null>;
}

const WORKER_ENTRIES: Record<WorkerLabel, string> = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

// Monaco's modules import their own CSS, which graphiql/style.css already holds (with the
// codicon font inlined): esbuild would put a second copy in CSS files of lazily loaded chunks
// that nothing loads.
const skipMonacoCss: esbuild.Plugin = {
  name: 'skip-monaco-css',
  setup(build) {
    build.onLoad({ filter: /[\\/]monaco-editor[\\/].*\.css$/ }, () => ({ contents: '', loader: 'css' }));
  },
};

const COMMON = {
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'silent',
  // React's production build, without its development warnings.
  define: { 'process.env.NODE_ENV': '"production"' },
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
} satisfies esbuild.BuildOptions;

/**
 * What decides the output besides the packages and the client's source: a change here makes
 * every cached bundle stale.
 */
export const RECIPE = crypto
  .createHash('sha256')
  .update(JSON.stringify({ COMMON, WORKER_ENTRIES, plugins: [skipMonacoCss.name], esbuild: esbuild.version }))
  .digest('hex')
  .slice(0, 16);

export function clientDirectory(projectRoot: string): string {
  return path.join(projectRoot, 'src', 'playground', 'client');
}

/** A digest of the client's source files, so that editing them rebuilds the bundle. */
export function clientDigest(projectRoot: string): string {
  const dir = clientDirectory(projectRoot);
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(dir).sort()) {
    hash.update(name).update('\0').update(fs.readFileSync(path.join(dir, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** `node_modules/@graphiql/react/dist/index.js` -> `node_modules/@graphiql/react`. */
function packageFolder(input: string): string | null {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
  return match ? match[1] : null;
}

export function installedVersion(projectRoot: string, folder: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(path.join(projectRoot, folder, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

function outputName(outputPath: string): string {
  return path.basename(outputPath);
}

export async function buildBundle(projectRoot: string): Promise<BuiltBundle> {
  const outdir = path.join(projectRoot, 'playground-assets');
  const [page, workers] = await Promise.all([
    // ESM with code splitting: Monaco and prettier load when GraphiQL first asks for them.
    esbuild.build({
      ...COMMON,
      absWorkingDir: projectRoot,
      entryPoints: { playground: path.join(clientDirectory(projectRoot), 'main.js') },
      format: 'esm',
      splitting: true,
      outdir,
      plugins: [skipMonacoCss],
    }),
    // Classic workers, one self-contained file each.
    esbuild.build({
      ...COMMON,
      absWorkingDir: projectRoot,
      entryPoints: Object.fromEntries(WORKER_LABELS.map((label) => [`${label}.worker`, WORKER_ENTRIES[label]])),
      format: 'iife',
      outdir,
    }),
  ]);

  const files = new Map<string, Uint8Array>();
  for (const file of [...page.outputFiles, ...workers.outputFiles]) {
    // Monaco's lazily loaded chunks leave an empty stylesheet behind (their CSS is skipped).
    if (file.path.endsWith('.css') && file.contents.length === 0) continue;
    files.set(outputName(file.path), file.contents);
  }

  const outputs = { ...page.metafile.outputs, ...workers.metafile.outputs };
  const entryOutput = (entry: string): string => {
    const found = Object.entries(outputs).find(([, output]) => output.entryPoint === entry);
    if (!found) throw new Error(`esbuild wrote no output for ${entry}`);
    return outputName(found[0]);
  };
  const script = entryOutput(path.relative(projectRoot, path.join(clientDirectory(projectRoot), 'main.js')).split(path.sep).join('/'));
  const stylesheet = outputs[`playground-assets/${script}`]?.cssBundle;
  if (!stylesheet) throw new Error('esbuild wrote no stylesheet for the playground');

  const packages: Record<string, string | null> = {};
  for (const input of [...Object.keys(page.metafile.inputs), ...Object.keys(workers.metafile.inputs)]) {
    const folder = packageFolder(input);
    if (!folder || folder in packages) continue;
    packages[folder] = installedVersion(projectRoot, folder);
  }

  return {
    files,
    script,
    stylesheet: outputName(stylesheet),
    workers: Object.fromEntries(
      WORKER_LABELS.map((label) => [label, entryOutput(`node_modules/${WORKER_ENTRIES[label]}`)]),
    ) as Record<WorkerLabel, string>,
    packages,
  };
}
