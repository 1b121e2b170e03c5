// `npm run bench` end to end on a small corpus: the floor must answer every workload's requests
// with the API's data (the bench checks it before measuring and stops otherwise), and the run
// must write results a reader can use. Figures are not asserted: they are the machine's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchResult } from '../../bench/report';

const ROOT = path.join(__dirname, '..', '..');
const WORKLOADS = ['profile', 'profile-304', 'search', 'leaderboard', 'deep', 'node', 'empty', 'write-mix'];

function runBench(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'bench/run.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run bench', () => {
  let dir: string;
  let result: BenchResult;
  let output: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholargraph-bench-'));
    // Two CPUs: servers on one, load on the other, as the bench is meant to run; one CPU shares it.
    const [serverCpus, loadCpus] = os.availableParallelism() > 1 ? ['0', '1'] : ['0', '0'];
    const run = await runBench(
      ['--papers', '1500', '--seconds', '1', '--rounds', '1', '--rate', '20', '--skip', 'cold-start,scaling,import', '--label', 'test',
        '--server-cpus', serverCpus, '--load-cpus', loadCpus, '--results', path.join(dir, 'results')],
      { BENCH_DIR: path.join(dir, 'work') },
    );
    output = run.output;
    if (run.code !== 0) throw new Error(`the bench exited with ${run.code}:\n${output.slice(-3000)}`);
    const files = fs.readdirSync(path.join(dir, 'results'));
    const json = files.find((f) => f.endsWith('-test.json'));
    if (!json) throw new Error(`no result file in ${files.join(', ')}:\n${output.slice(-3000)}`);
    result = JSON.parse(fs.readFileSync(path.join(dir, 'results', json), 'utf8')) as BenchResult;
  }, 300_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks, for every workload, that the floor answers what the API answers, before it measures', () => {
    for (const name of WORKLOADS) expect(output).toMatch(new RegExp(`^${name}: .*the floor answers the API's data \\(\\d+ requests checked\\)`, 'm'));
  });

  it('measures both sides of every workload and writes the ratio, the latencies, the statements and the memory', () => {
    expect(result.corpus.papers).toBeGreaterThanOrEqual(1500);
    expect(result.workloads.map((w) => w.name)).toEqual(WORKLOADS);
    for (const w of result.workloads) {
      for (const side of [w.api, w.floor]) {
        expect(side.rps).toBeGreaterThan(0);
        expect(side.p99).toBeGreaterThanOrEqual(side.p50);
        // `{ __typename }` reads nothing; every page reads something.
        if (w.name === 'empty') expect(side.statements).toBe(0);
        // A conditional GET answered 304 reads the data version and nothing else.
        else if (w.name === 'profile-304' && side === w.api) expect(side.statements).toBe(1);
        else expect(side.statements).toBeGreaterThan(0);
        expect(side.peakOwnMb).toBeGreaterThan(0);
      }
      expect(w.ratio).toBeCloseTo(w.api.rps / w.floor.rps, 10);
    }
    const md = fs.readFileSync(path.join(dir, 'results', fs.readdirSync(path.join(dir, 'results')).find((f) => f.endsWith('-test.md'))!), 'utf8');
    for (const name of WORKLOADS) expect(md).toMatch(new RegExp(`^\\| ${name} \\| [\\d,.]+ \\| [\\d,.]+ \\| \\d+\\.\\d\\d \\|`, 'm'));
  });

  it('runs a page in a number of SQL statements fixed by its shape, on the API as on the floor', () => {
    // Per request, averaged over the checked requests: never growing with the rows a page returns.
    const statements = Object.fromEntries(result.workloads.map((w) => [w.name, w.api.statements]));
    const pageSizes = { profile: 20 * 3, leaderboard: 50, deep: 50 * 10 * 3 };
    for (const [name, rows] of Object.entries(pageSizes)) expect(statements[name]).toBeLessThan(rows / 5);
  });
});
