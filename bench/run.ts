// npm run bench [-- --quick] [-- --help]
// The API against the floor (bench/floor-server.ts) on the generated corpus, side by side in one
// run: alternating rounds, servers pinned to one CPU and the load generator to another. See
// BENCHMARKS.md for what is measured and how.
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import Database from 'better-sqlite3';
import { createApiKey, revokeApiKey } from '../src/auth/keys';
import { checkWorkload } from './check';
import { BENCH_DIR, ensureCorpus } from './corpus';
import { measureImport } from './import-rate';
import { runLoad, percentile, type LoadResult } from './load';
import { readParams } from './params';
import { machine, printTable, writeResults, type BenchResult, type ScalingResult, type Side, type WorkloadResult } from './report';
import { checkTaskset, memoryOf, pinSelf, ROOT, startServer, type ServerProcess } from './servers';
import { createWorkloads, type HttpRequest, type Workload } from './workloads';

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
  serverCpus: string;
  loadCpus: string;
  importPapers?: number;
}

const positive = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('Not a positive integer.');
  return n;
};
const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
const collect = (value: string, previous: string[]): string[] => [...previous, value];

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
    .option('--workloads <names>', 'comma-separated subset: profile,search,leaderboard,deep,node,write-mix', list)
    .option('--skip <parts>', 'comma-separated: cold-start,scaling,import', list, [])
    .option('--label <text>', 'a name for this run in the result files, e.g. the lever being measured')
    .option('--api-env <KEY=VALUE>', 'an environment variable for the API process (repeatable)', collect, [])
    .option('--variant <label:KEY=VALUE,...>', 'another API process with this environment, measured in the same rounds (repeatable)', collect, [])
    .option('--server-cpus <list>', 'taskset CPUs of the servers', '0')
    .option('--load-cpus <list>', 'taskset CPUs of the load generator (this process)', '1')
    .option('--import-papers <n>', 'records of the import-rate measurement (default 20000, full run 100000)', positive)
    .parse(argv)
    .opts<Options>();
}

const keyValues = (pairs: string[]): Record<string, string> => Object.fromEntries(pairs.map((pair) => pair.split(/=(.*)/s, 2) as [string, string]));

/** `no-cache-control:APOLLO_CACHE_CONTROL=off,LOG_LEVEL=warn` */
function parseVariant(text: string): { label: string; env: Record<string, string> } {
  const match = /^([^:]+):(.+=.*)$/.exec(text);
  if (!match) throw new InvalidArgumentError(`--variant takes label:KEY=VALUE[,KEY=VALUE...], got "${text}"`);
  return { label: match[1], env: keyValues(match[2].split(',')) };
}

const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);

/** Clears VmHWM (Linux: writing 5 to clear_refs), so that the next reading is this workload's peak. */
function resetPeak(pids: number[]): void {
  for (const pid of pids) {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // Not allowed or gone: the peak then covers the process's whole life.
    }
  }
}

const peakOf = (pids: number[]): number => Math.max(...pids.map((pid) => memoryOf(pid)?.peakMb ?? NaN));

function assertClean(result: LoadResult, side: string, workload: string): void {
  if (result.failures > 0) {
    throw new Error(`${workload}: ${result.failures} requests to the ${side} failed (errors, timeouts or non-2xx answers); see the logs in ${BENCH_DIR}/logs`);
  }
}

interface Settings {
  seconds: number;
  rounds: number;
  warmSeconds: number;
  connections: number;
  rate: number;
}

/** A server under measurement: the API, a variant of it, or the floor. */
interface Contender {
  label: string;
  server: ServerProcess;
  request: (i: number) => HttpRequest;
  statements: number;
}

async function measure(workload: Workload, contenders: Contender[], s: Settings): Promise<Side[]> {
  for (const c of contenders) resetPeak(c.server.pids());
  for (const c of contenders) await runLoad({ url: c.server.url, request: c.request, seconds: s.warmSeconds, connections: s.connections });
  const rounds = contenders.map((): LoadResult[] => []);
  for (let round = 0; round < s.rounds; round++) {
    for (const [i, c] of contenders.entries()) {
      rounds[i].push(await runLoad({ url: c.server.url, request: c.request, seconds: s.seconds, connections: s.connections }));
      assertClean(rounds[i][round], c.label, workload.name);
    }
    console.log(`  round ${round + 1}: ${contenders.map((c, i) => `${c.label} ${rounds[i][round].rps.toFixed(0)} req/s`).join(', ')}`);
  }
  const rps = rounds.map((r) => median(r.map((x) => x.rps)));
  // Moderate load: the rate asked for, or half the slowest side's throughput if that is lower.
  const rate = Math.max(1, Math.min(s.rate, Math.floor(Math.min(...rps) / 2)));
  const times = contenders.map((): number[] => []);
  for (let round = 0; round < s.rounds; round++) {
    for (const [i, c] of contenders.entries()) {
      // One connection: each request meets an idle server, as at moderate load.
      const result = await runLoad({ url: c.server.url, request: c.request, seconds: s.seconds, connections: 1, rate });
      assertClean(result, c.label, workload.name);
      times[i].push(...result.times);
    }
  }
  return contenders.map((c, i) => {
    const sorted = times[i].sort((x, y) => x - y);
    return {
      label: c.label,
      rps: rps[i],
      rounds: rounds[i].map((r) => Math.round(r.rps * 10) / 10),
      rate,
      latencySamples: sorted.length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      statements: c.statements,
      peakRssMb: peakOf(c.server.pids()),
    };
  });
}

/** Spawn to the first answer of a profile page, three times each; the median. */
async function coldStart(database: string, workload: Workload, env: NodeJS.ProcessEnv, cpus: string, logs: string): Promise<{ apiMs: number; floorMs: number }> {
  const times: Record<'api' | 'floor', number[]> = { api: [], floor: [] };
  for (let i = 0; i < 3; i++) {
    for (const kind of ['api', 'floor'] as const) {
      const request = kind === 'api' ? workload.api(0) : workload.floor(0);
      const server = await startServer({
        kind,
        database,
        cpus,
        env,
        logFile: path.join(logs, `cold-${kind}.log`),
        ready: request,
      });
      times[kind].push(server.startMs);
      await server.stop();
    }
  }
  return { apiMs: median(times.api), floorMs: median(times.floor) };
}

async function scaling(database: string, workloads: Workload[], env: NodeJS.ProcessEnv, s: Settings, logs: string): Promise<ScalingResult[]> {
  // Both on every CPU, the load generator's included: only the number of workers differs.
  const cpus = '0,1';
  const one = await startServer({ kind: 'api', database, cpus, env: { ...env, WORKERS: '1' }, logFile: path.join(logs, 'api-1-worker.log') });
  const two = await startServer({ kind: 'api', database, cpus, env: { ...env, WORKERS: '2' }, logFile: path.join(logs, 'api-2-workers.log') });
  try {
    const results: ScalingResult[] = [];
    for (const workload of workloads) {
      console.log(`scaling, ${workload.name}: 1 worker vs 2 workers`);
      await runLoad({ url: one.url, request: workload.api, seconds: s.warmSeconds, connections: s.connections });
      await runLoad({ url: two.url, request: workload.api, seconds: s.warmSeconds, connections: s.connections });
      const rps: Record<1 | 2, number[]> = { 1: [], 2: [] };
      for (let round = 0; round < s.rounds; round++) {
        for (const [n, server] of [[1, one], [2, two]] as const) {
          const result = await runLoad({ url: server.url, request: workload.api, seconds: s.seconds, connections: s.connections });
          assertClean(result, `API with ${n} worker(s)`, workload.name);
          rps[n].push(result.rps);
        }
      }
      const workers = two.pids().slice(1);
      results.push({
        workload: workload.name,
        workers1: median(rps[1]),
        workers2: median(rps[2]),
        speedup: median(rps[2]) / median(rps[1]),
        rssPerWorkerMb: (workers.length > 0 ? workers : [two.pid]).map((pid) => memoryOf(pid)?.peakMb ?? NaN),
      });
    }
    return results;
  } finally {
    await one.stop();
    await two.stop();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  if (!checkTaskset()) throw new Error('taskset (util-linux) is needed to pin the servers and the load generator to separate CPUs');
  pinSelf(options.loadCpus);
  const settings: Settings = {
    seconds: options.seconds ?? (options.quick ? 3 : 10),
    rounds: options.rounds ?? (options.quick ? 2 : 3),
    warmSeconds: options.quick ? 1 : 3,
    connections: options.connections,
    rate: options.rate,
  };
  const corpus = ensureCorpus(options.papers ?? (options.quick ? 20_000 : 1_000_000));
  const logs = path.join(BENCH_DIR, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const apiEnv: Record<string, string> = {
    // The bench's one client would spend a normal budget in seconds; the limiter still runs.
    RATE_LIMIT_POINTS: '1000000000',
    WORKERS: '1',
    ...keyValues(options.apiEnv),
  };

  const keyDb = new Database(corpus.file);
  const key = createApiKey(keyDb, { name: `bench ${new Date().toISOString()}`, role: 'writer' });
  const params = readParams(corpus.file, 200);
  const workloads = createWorkloads(params, key.key).filter((w) => !options.workloads || options.workloads.includes(w.name));
  if (workloads.length === 0) throw new Error(`--workloads names none of profile,search,leaderboard,deep,node,write-mix`);

  const started = Date.now();
  const api = await startServer({ kind: 'api', database: corpus.file, cpus: options.serverCpus, env: apiEnv, logFile: path.join(logs, 'api.log') });
  const variants: { label: string; server: ServerProcess }[] = [];
  for (const [i, variant] of options.variant.entries()) {
    const { label, env } = parseVariant(variant);
    variants.push({ label, server: await startServer({ kind: 'api', database: corpus.file, cpus: options.serverCpus, env: { ...apiEnv, ...env }, logFile: path.join(logs, `api-variant-${i + 1}.log`) }) });
  }
  const floor = await startServer({ kind: 'floor', database: corpus.file, cpus: options.serverCpus, logFile: path.join(logs, 'floor.log') });
  const results: WorkloadResult[] = [];
  let memory: BenchResult['memory'];
  try {
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
    for (const server of [api, ...variants.map((v) => v.server), floor]) await server.stop();
  }

  const skip = new Set(options.skip);
  const profile = createWorkloads(params, key.key).find((w) => w.name === 'profile')!;
  const node = createWorkloads(params, key.key).find((w) => w.name === 'node')!;
  let cold: BenchResult['coldStart'] = null;
  if (!skip.has('cold-start')) {
    console.log('cold start: spawn to the first profile page');
    cold = await coldStart(corpus.file, profile, apiEnv, options.serverCpus, logs);
  }
  const scaled = skip.has('scaling') ? null : await scaling(corpus.file, [profile, node], apiEnv, settings, logs);
  let importRate: BenchResult['importRate'] = null;
  if (!skip.has('import')) {
    const papers = options.importPapers ?? (options.quick ? 20_000 : 100_000);
    console.log(`import: ${papers.toLocaleString('en-US')} generated arXiv records into an empty database`);
    importRate = measureImport(papers);
  }
  revokeApiKey(keyDb, key.id);
  keyDb.close();

  const result: BenchResult = {
    date: new Date().toISOString(),
    label: options.label ?? (options.quick ? 'quick' : null),
    machine: machine(),
    corpus: { ...corpus, file: path.relative(ROOT, corpus.file) },
    settings: { seconds: settings.seconds, rounds: settings.rounds, connections: settings.connections, serverCpus: options.serverCpus, loadCpus: options.loadCpus, apiEnv, variants: options.variant },
    workloads: results,
    coldStart: cold,
    memory,
    scaling: scaled,
    importRate,
  };
  console.log('');
  printTable(result);
  const files = writeResults(result, path.join(ROOT, 'bench', 'results'));
  console.log(`\n${Math.round((Date.now() - started) / 1000)} s; results in ${path.relative(ROOT, files.json)} and ${path.relative(ROOT, files.md)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.stack}${error.cause ? `\ncause: ${String(error.cause)}` : ''}` : error);
  process.exit(1);
});
