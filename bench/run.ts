// npm run bench [-- --quick] [-- --help]
// The API against the floor (bench/floor-server.ts) on the generated corpus, side by side in one
// run: alternating rounds, servers pinned to one CPU and the load generator to another. See
// BENCHMARKS.md for what is measured and how.
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createKey, revokeKey } from '../src/auth/keys';
import { fromGlobalId } from '../src/graphql/ids';
import { openSqliteStore } from '../src/store';
import { checkOutBaseline, type Baseline } from './baseline';
import { checkWorkload } from './check';
import { coldStart, scaling } from './cold-start-and-scaling';
import { BENCH_DIR, ensureCorpus, type Corpus } from './corpus';
import { measureImport } from './import-rate';
import { measure, type Contender, type Settings } from './measure';
import { readParams } from './params';
import { runOnPostgres } from './postgres';
import { machine, printTable, writeResults, type BenchResult, type WorkloadResult } from './report';
import { checkTaskset, memoryOf, pinSelf, ROOT, startServer, type ServerProcess } from './servers';
import { createWorkloads } from './workloads';

interface Options {
  quick: boolean;
  papers?: number;
  seconds?: number;
  rounds?: number;
  connections: number;
  rate: number;
  workloads?: string[];
  skip: string[];
  label?: string;
  apiEnv: string[];
  variant: string[];
  baseline?: string;
  serverCpus: string;
  loadCpus: string;
  importPapers?: number;
  results: string;
  engine: 'sqlite' | 'postgres';
}

const positive = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('Not a positive integer.');
  return n;
};
const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
const collect = (value: string, previous: string[]): string[] => [...previous, value];
const engine = (value: string): Options['engine'] => {
  if (value !== 'sqlite' && value !== 'postgres') throw new InvalidArgumentError('sqlite or postgres.');
  return value;
};

function parseOptions(argv: string[]): Options {
  return new Command()
    .name('bench')
    .description('The API against the floor on the generated corpus; writes bench/results/<date>.json and .md.')
    .option('--quick', 'a 20,000-paper corpus and short rounds: a few minutes', false)
    .option('--papers <n>', 'corpus size (default 1000000, --quick 20000)', positive)
    .option('--seconds <n>', 'length of each measured round, per side (default 10, --quick 3)', positive)
    .option('--rounds <n>', 'alternating rounds per side (default 3, --quick 2)', positive)
    .option('--connections <n>', 'concurrent connections of the throughput runs', positive, 10)
    .option('--rate <n>', 'requests/s of the latency runs, at most half the slower side\'s throughput', positive, 50)
    .option('--workloads <names>', 'comma-separated subset: profile,profile-304,search,leaderboard,deep,node,empty,write-mix', list)
    .option('--skip <parts>', 'comma-separated: cold-start,scaling,import', list, [])
    .option('--label <text>', 'a name for this run in the result files, e.g. the lever being measured')
    .option('--api-env <KEY=VALUE>', 'an environment variable for the API process (repeatable)', collect, [])
    .option('--variant <label:KEY=VALUE,...>', 'another API process with this environment, measured in the same rounds (repeatable)', collect, [])
    .option('--baseline <git ref>', 'the API at another commit (a git worktree in .bench/baselines), measured in the same rounds')
    .option('--server-cpus <list>', 'taskset CPUs of the servers', '0')
    .option('--load-cpus <list>', 'taskset CPUs of the load generator (this process)', '1')
    .option('--results <dir>', 'where the result files go', path.join(ROOT, 'bench', 'results'))
    .option('--import-papers <n>', 'records of the import-rate measurement (default 20000, full run 100000)', positive)
    .option(
      '--engine <name>',
      'sqlite: the API against the floor on SQLite; postgres: the API on PostgreSQL (a throwaway cluster holding the same corpus) against a floor on it and against the API on SQLite, then 1 → 2 API processes',
      engine,
      'sqlite',
    )
    .parse(argv)
    .opts<Options>();
}

const keyValues = (pairs: string[]): Record<string, string> => Object.fromEntries(pairs.map((pair) => pair.split(/=(.*)/s, 2) as [string, string]));

/** `lean:BENCH_LEVERS=no-cache-control,LOG_LEVEL=warn` */
function parseVariant(text: string): { label: string; env: Record<string, string> } {
  const match = /^([^:]+):(.+=.*)$/.exec(text);
  if (!match) throw new InvalidArgumentError(`--variant takes label:KEY=VALUE[,KEY=VALUE...], got "${text}"`);
  return { label: match[1], env: keyValues(match[2].split(',')) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  if (!checkTaskset()) throw new Error('taskset (util-linux) is needed to pin the servers and the load generator to separate CPUs');
  pinSelf(options.loadCpus);
  const settings: Settings = {
    seconds: options.seconds ?? (options.quick ? 3 : 10),
    rounds: options.rounds ?? (options.quick ? 2 : 3),
    warmSeconds: Math.min(options.quick ? 1 : 3, options.seconds ?? 3),
    connections: options.connections,
    rate: options.rate,
  };
  const corpus = ensureCorpus(options.papers ?? (options.quick ? 20_000 : 1_000_000));

  // The write mix's writer key, revoked however the run ends.
  const keys = openSqliteStore(corpus.file, { readonly: false });
  const key = await createKey(keys.store, { name: `bench ${new Date().toISOString()}`, role: 'writer' });
  try {
    await run(options, settings, corpus, key.key);
  } finally {
    await revokeKey(keys.store, key.id);
    keys.close();
  }
}

async function run(options: Options, settings: Settings, corpus: Corpus, writerKey: string): Promise<void> {
  const logs = path.join(BENCH_DIR, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const apiEnv: Record<string, string> = {
    // The bench's one client would spend a normal budget in seconds; the limiter still runs.
    RATE_LIMIT_POINTS: '1000000000',
    WORKERS: '1',
    ...keyValues(options.apiEnv),
  };
  const params = readParams(corpus.file, 200);
  const all = createWorkloads(params, writerKey);
  const workloads = all.filter((w) => !options.workloads || options.workloads.includes(w.name));
  if (workloads.length === 0) throw new Error(`--workloads names none of ${all.map((w) => w.name).join(',')}`);
  if (options.engine === 'postgres') {
    if (options.variant.length > 0 || options.baseline) throw new Error('--variant and --baseline are for the SQLite bench');
    const paperIds = params.nodeIds.map((id) => fromGlobalId(id)!).flatMap((id) => (id.type === 'Paper' ? [id.rowId] : []));
    // The conditional GET's workload is measured on SQLite (its ETags and 304s are the same code on either engine).
    return runOnPostgres(options, settings, corpus, workloads.filter((w) => !w.conditional), all, apiEnv, paperIds, logs);
  }

  const started = Date.now();
  // Every server started is stopped, whatever fails.
  const servers: ServerProcess[] = [];
  const start = async (...args: Parameters<typeof startServer>) => {
    const server = await startServer(...args);
    servers.push(server);
    return server;
  };
  const baseline: Baseline | null = options.baseline ? checkOutBaseline(options.baseline) : null;
  const results: WorkloadResult[] = [];
  let memory: BenchResult['memory'];
  try {
    const api = await start({ kind: 'api', database: corpus.file, cpus: options.serverCpus, env: apiEnv, logFile: path.join(logs, 'api.log') });
    const variants: { label: string; server: ServerProcess }[] = [];
    for (const [i, variant] of options.variant.entries()) {
      const { label, env } = parseVariant(variant);
      const logFile = path.join(logs, `api-variant-${i + 1}.log`);
      variants.push({ label, server: await start({ kind: 'api', database: corpus.file, cpus: options.serverCpus, env: { ...apiEnv, ...env }, logFile }) });
    }
    if (baseline) {
      const logFile = path.join(logs, 'api-baseline.log');
      const server = await start({ kind: 'api', database: corpus.file, cpus: options.serverCpus, env: apiEnv, logFile, root: baseline.root });
      variants.push({ label: `baseline ${baseline.ref} (${baseline.commit.slice(0, 7)})`, server });
    }
    const floor = await start({ kind: 'floor', database: corpus.file, cpus: options.serverCpus, logFile: path.join(logs, 'floor.log') });
    for (const workload of workloads) {
      const checked = await checkWorkload(workload, api.url, floor.url, workload.writes ? 40 : 20);
      console.log(`${workload.name}: ${workload.description}; the floor answers the API's data (${checked.requests} requests checked)`);
      // A variant that answers wrongly is reported as such, and not measured on this workload.
      const contenders: Contender[] = [{ label: 'API', server: api, request: workload.api, statements: checked.apiStatements }];
      const failed: { label: string; error: string }[] = [];
      for (const v of variants) {
        try {
          const result = await checkWorkload(workload, v.server.url, floor.url, workload.writes ? 40 : 20);
          contenders.push({ label: v.label, server: v.server, request: workload.api, statements: result.apiStatements });
        } catch (error) {
          console.log(`  variant ${v.label} fails the check: ${(error as Error).message.split('\n')[0]}`);
          failed.push({ label: v.label, error: (error as Error).message.split('\n')[0] });
        }
      }
      contenders.push({ label: 'floor', server: floor, request: workload.floor, statements: checked.floorStatements });
      const sides = await measure(workload, contenders, settings);
      const [apiSide, floorSide] = [sides[0], sides[sides.length - 1]];
      results.push({
        name: workload.name,
        description: workload.description,
        api: apiSide,
        floor: floorSide,
        ratio: apiSide.rps / floorSide.rps,
        variants: sides.slice(1, -1).map((side) => ({ ...side, ratio: side.rps / floorSide.rps })),
        failedVariants: failed,
      });
    }
    const apiMemory = memoryOf(api.pid)!;
    const floorMemory = memoryOf(floor.pid)!;
    memory = {
      apiRssMb: apiMemory.rssMb,
      apiAnonMb: apiMemory.anonMb,
      apiPeakMb: apiMemory.peakMb,
      floorRssMb: floorMemory.rssMb,
      floorPeakMb: floorMemory.peakMb,
      variants: variants.map((v) => ({ label: v.label, ...memoryOf(v.server.pid)! })),
    };
  } finally {
    for (const server of servers) await server.stop();
  }

  const skip = new Set(options.skip);
  const profile = all.find((w) => w.name === 'profile')!;
  const node = all.find((w) => w.name === 'node')!;
  let cold: BenchResult['coldStart'] = null;
  if (!skip.has('cold-start')) {
    console.log('cold start: spawn to the first profile page');
    cold = await coldStart(corpus.file, profile, apiEnv, options.serverCpus, logs);
  }
  const scaled = skip.has('scaling') ? null : await scaling(corpus.file, [profile, node], apiEnv, settings, logs);
  let importRate: BenchResult['importRate'] = null;
  if (!skip.has('import')) {
    const papers = options.importPapers ?? (options.quick ? 20_000 : 100_000);
    console.log(`import: ${papers.toLocaleString('en-US')} generated arXiv records into an empty database, the floor importer beside it, then the same file again`);
    importRate = measureImport(papers);
  }
  const result: BenchResult = {
    date: new Date().toISOString(),
    label: options.label ?? (options.quick ? 'quick' : null),
    machine: machine(),
    corpus: { ...corpus, file: path.relative(ROOT, corpus.file) },
    settings: { seconds: settings.seconds, rounds: settings.rounds, connections: settings.connections, serverCpus: options.serverCpus, loadCpus: options.loadCpus, apiEnv, variants: options.variant, baseline: baseline && { ref: baseline.ref, commit: baseline.commit } },
    workloads: results,
    coldStart: cold,
    memory,
    scaling: scaled,
    importRate,
  };
  console.log('');
  printTable(result);
  const files = writeResults(result, options.results);
  console.log(`\n${Math.round((Date.now() - started) / 1000)} s; results in ${path.relative(ROOT, files.json)} and ${path.relative(ROOT, files.md)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.stack}${error.cause ? `\ncause: ${String(error.cause)}` : ''}` : error);
  process.exit(1);
});
