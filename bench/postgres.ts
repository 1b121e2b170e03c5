// npm run bench -- --engine postgres [--quick]
// The API on PostgreSQL against a floor on the same PostgreSQL (bench/floor/postgres-floor.ts:
// node:http, `pg`, hand-written SQL, a page a statement where SQL can say it), and against the
// API on SQLite serving the same corpus, all three in the same alternating rounds; then the API on
// PostgreSQL with 1 and 2 processes. The cluster is the bench's own (./postgres-cluster.ts),
// filled from the SQLite corpus row for row and thrown away at the end, whatever happens.
// On the profile page, a fourth contender in the same rounds: PostGraphile 4 with the
// many-to-many plugin (./contenders/postgraphile-server.ts), the peer a user would pick instead,
// its answers checked equal to the API's data first (./contenders/postgraphile.ts).
// Beside the pages: what one statement's round trip costs, and each page's SQL statements.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { checkWorkload } from './check';
import { checkPostgraphile, postgraphileRequests } from './contenders/postgraphile';
import { scaling } from './cold-start-and-scaling';
import { type Corpus } from './corpus';
import { send } from './http';
import { percentile } from './load';
import { measure, type Contender, type Settings } from './measure';
import { startBenchPostgres, type BenchPostgres } from './postgres-cluster';
import { printPostgresTable, writePostgresResults, type PostgresBenchResult, type PostgresWorkloadResult, type RoundTrip } from './postgres-report';
import { machine } from './report';
import { memoryOf, ROOT, startServer, statementsRun, type ServerProcess } from './servers';
import { type HttpRequest, type Workload } from './workloads';

export interface PostgresRunOptions {
  quick: boolean;
  label?: string;
  serverCpus: string;
  loadCpus: string;
  results: string;
  skip: string[];
}

const ROUND_TRIPS = 2000;
/** Profile pages whose PostGraphile answer is checked equal to the API's data before measuring. */
const POSTGRAPHILE_CHECKED = 30;

function summary(times: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

/**
 * One statement's round trip: from the floor's process (on the servers' CPU, as the API sees it)
 * and from the bench's (the other CPU), `SELECT 1` and a paper by id; the same two statements on
 * SQLite (better-sqlite3, prepared, in the bench's process) for scale.
 */
async function measureRoundTrips(floor: ServerProcess, postgres: BenchPostgres, corpusFile: string, paperIds: number[]): Promise<RoundTrip[]> {
  const answer = await send(`${floor.url}/roundtrip`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: ROUND_TRIPS, paperIds }) });
  const fromFloor = JSON.parse(answer.text) as { selectOne: number[]; paperById: number[] };
  const client = new Client({ connectionString: postgres.url });
  await client.connect();
  const fromBench = { selectOne: [] as number[], paperById: [] as number[] };
  try {
    // As the floor times them (bench/floor/postgres-floor.ts): interleaved, after 100 untimed.
    for (let i = -100; i < ROUND_TRIPS; i++) {
      let started = performance.now();
      await client.query({ name: 'select-1', text: 'SELECT 1' });
      if (i >= 0) fromBench.selectOne.push(performance.now() - started);
      started = performance.now();
      await client.query({ name: 'paper', text: 'SELECT title, citation_count FROM papers WHERE id = $1', values: [paperIds[Math.abs(i) % paperIds.length]] });
      if (i >= 0) fromBench.paperById.push(performance.now() - started);
    }
  } finally {
    await client.end();
  }
  const sqlite = new Database(corpusFile, { readonly: true, fileMustExist: true });
  const sqliteTimes = { selectOne: [] as number[], paperById: [] as number[] };
  try {
    const one = sqlite.prepare('SELECT 1');
    const paper = sqlite.prepare('SELECT title, citation_count FROM papers WHERE id = ?');
    for (let i = -100; i < ROUND_TRIPS; i++) {
      let started = performance.now();
      one.get();
      if (i >= 0) sqliteTimes.selectOne.push(performance.now() - started);
      started = performance.now();
      paper.get(paperIds[Math.abs(i) % paperIds.length]);
      if (i >= 0) sqliteTimes.paperById.push(performance.now() - started);
    }
  } finally {
    sqlite.close();
  }
  const rows = (where: string, times: { selectOne: number[]; paperById: number[] }): RoundTrip[] => [
    { where, statement: 'SELECT 1', ...summary(times.selectOne) },
    { where, statement: 'paper by id', ...summary(times.paperById) },
  ];
  return [
    ...rows("PostgreSQL, from the floor's process (the servers' CPU, as the API's pool sees it)", fromFloor),
    ...rows('PostgreSQL, from the bench process (the load generator\'s CPU)', fromBench),
    ...rows('SQLite (better-sqlite3, prepared, in process)', sqliteTimes),
  ];
}

/** Statements per request of a server whose answers are not checked against a floor (the API on SQLite: its search ranks by bm25). */
async function statementsPerRequest(url: string, workload: Workload, count: number): Promise<number> {
  const n = Math.min(count, workload.distinct);
  const sendOne = async (request: HttpRequest) => {
    const answer = await send(`${url}${request.path}`, request);
    if (answer.status !== 200 || JSON.parse(answer.text).errors) throw new Error(`${workload.name}: ${url} answered ${answer.status} ${answer.text.slice(0, 500)}`);
  };
  // Writes in their steady state, as ./check.ts counts them.
  if (workload.writes) for (let i = 0; i < n; i++) await sendOne(workload.api(i));
  let total = 0;
  for (let i = 0; i < n; i++) {
    const before = await statementsRun(url);
    await sendOne(workload.api(i));
    total += (await statementsRun(url)) - before;
  }
  return total / n;
}

export async function runOnPostgres(
  options: PostgresRunOptions,
  settings: Settings,
  corpus: Corpus,
  workloads: Workload[],
  all: Workload[],
  apiEnv: Record<string, string>,
  nodePaperIds: number[],
  logs: string,
): Promise<void> {
  const started = Date.now();
  const servers: ServerProcess[] = [];
  let postgres: BenchPostgres | null = null;
  // Interrupted: the servers killed and the process ended, whose exit stops the cluster and
  // deletes its files (test/support/postgres.ts).
  const interrupted = () => {
    for (const server of servers) {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const start = async (...args: Parameters<typeof startServer>) => {
    const server = await startServer(...args);
    servers.push(server);
    return server;
  };
  const stopServers = async () => {
    for (const server of servers.splice(0)) await server.stop();
  };
  try {
    postgres = await startBenchPostgres(corpus.file);
    postgres.pin(options.serverCpus);
    const pgEnv = { ...apiEnv, DATABASE_URL: postgres.url };
    const apiPg = await start({ kind: 'api', database: corpus.file, cpus: options.serverCpus, env: pgEnv, logFile: path.join(logs, 'api-postgres.log') });
    const apiSqlite = await start({ kind: 'api', database: corpus.file, cpus: options.serverCpus, env: apiEnv, logFile: path.join(logs, 'api.log') });
    const floor = await start({
      kind: 'floor',
      entry: 'bench/floor/postgres-floor.ts',
      database: corpus.file,
      cpus: options.serverCpus,
      env: { DATABASE_URL: postgres.url },
      logFile: path.join(logs, 'floor-postgres.log'),
    });
    // PostGraphile answers the profile page only: started when that page is measured.
    const postgraphile = workloads.some((w) => w.name === 'profile')
      ? await start({
          kind: 'floor',
          entry: 'bench/contenders/postgraphile-server.ts',
          database: corpus.file,
          cpus: options.serverCpus,
          env: { DATABASE_URL: postgres.url },
          logFile: path.join(logs, 'postgraphile.log'),
        })
      : null;
    console.log('round trips: SELECT 1 and a paper by id, one after another');
    const roundTrips = await measureRoundTrips(floor, postgres, corpus.file, nodePaperIds);

    const results: PostgresWorkloadResult[] = [];
    for (const workload of workloads) {
      const checked = await checkWorkload(workload, apiPg.url, floor.url, workload.writes ? 40 : 20);
      const sqliteStatements = await statementsPerRequest(apiSqlite.url, workload, workload.writes ? 40 : 20);
      console.log(`${workload.name}: ${workload.description}; the PostgreSQL floor answers the API's data (${checked.requests} requests checked)`);
      const contenders: Contender[] = [
        { label: 'API on PostgreSQL', server: apiPg, request: workload.api, statements: checked.apiStatements },
        { label: 'API on SQLite', server: apiSqlite, request: workload.api, statements: sqliteStatements },
        { label: 'floor on PostgreSQL', server: floor, request: workload.floor, statements: checked.floorStatements },
      ];
      let postgraphileChecked = 0;
      if (postgraphile && workload.name === 'profile') {
        const theirs = await checkPostgraphile(workload, apiPg.url, postgraphile.url, POSTGRAPHILE_CHECKED);
        postgraphileChecked = theirs.requests;
        console.log(`${workload.name}: PostGraphile's answers, mapped to the API's shape, are the API's data (${theirs.requests} authors checked)`);
        contenders.push({ label: 'PostGraphile', server: postgraphile, request: postgraphileRequests(workload), statements: theirs.statements });
      }
      const [pg, lite, floorSide, theirSide] = await measure(workload, contenders, settings);
      results.push({
        name: workload.name,
        description: workload.description,
        checked: checked.requests,
        apiPostgres: pg,
        floorPostgres: floorSide,
        apiSqlite: lite,
        ratio: pg.rps / floorSide.rps,
        postgresOverSqlite: pg.rps / lite.rps,
        postgraphile: theirSide
          ? { ...theirSide, checked: postgraphileChecked, apiPostgresOver: pg.rps / theirSide.rps, apiSqliteOver: lite.rps / theirSide.rps, floorPostgresOver: floorSide.rps / theirSide.rps }
          : undefined,
      });
    }
    const measured: [keyof PostgresBenchResult['memory'], ServerProcess][] = [['apiPostgres', apiPg], ['apiSqlite', apiSqlite], ['floorPostgres', floor]];
    if (postgraphile) measured.push(['postgraphile', postgraphile]);
    const memory = Object.fromEntries(
      measured.map(([name, server]) => {
        const m = memoryOf(server.pid)!;
        return [name, { rssMb: m.rssMb, anonMb: m.anonMb, peakMb: m.peakMb }];
      }),
    ) as PostgresBenchResult['memory'];
    await stopServers();

    let scaled: PostgresBenchResult['scaling'] = null;
    if (!options.skip.includes('scaling')) {
      // As the SQLite bench measures it: the servers, the database and the load generator on every CPU; only the number of API processes differs.
      postgres.pin(`0-${os.cpus().length - 1}`);
      const names = ['profile', 'search', 'node'];
      scaled = await scaling(corpus.file, all.filter((w) => names.includes(w.name)), pgEnv, settings, logs);
    }

    const result: PostgresBenchResult = {
      date: new Date().toISOString(),
      label: options.label ?? (options.quick ? 'postgres-quick' : 'postgres'),
      commit: execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).trim(),
      machine: machine(),
      corpus: { ...corpus, file: path.relative(ROOT, corpus.file) },
      postgres: { version: postgres.version, settings: postgres.settings, sizeMb: postgres.sizeMb },
      settings: { seconds: settings.seconds, rounds: settings.rounds, connections: settings.connections, serverCpus: options.serverCpus, loadCpus: options.loadCpus, apiEnv },
      roundTrips,
      workloads: results,
      memory,
      scaling: scaled,
      seconds: 0,
    };
    result.seconds = Math.round((Date.now() - started) / 1000);
    console.log('');
    printPostgresTable(result);
    const files = writePostgresResults(result, options.results);
    console.log(`\n${result.seconds} s; results in ${path.relative(ROOT, files.json)} and ${path.relative(ROOT, files.md)}`);
  } finally {
    await stopServers();
    await postgres?.stop();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}
