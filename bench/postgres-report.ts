// The results of `npm run bench -- --engine postgres`: a table on standard output,
// bench/results/<date>-postgres[-quick].json and .md. On the profile page, PostGraphile beside
// them (bench/contenders/): its rate, latency, and our rates over its.
import fs from 'node:fs';
import path from 'node:path';
import { type BenchResult, type ScalingResult, type Side } from './report';

export interface RoundTrip {
  where: string;
  statement: string;
  p50: number;
  p99: number;
  mean: number;
}

export interface PostgresWorkloadResult {
  name: string;
  description: string;
  /** Requests whose floor answer was checked equal to the API's data. */
  checked: number;
  apiPostgres: Side;
  floorPostgres: Side;
  apiSqlite: Side;
  /** API / floor throughput, both on PostgreSQL. */
  ratio: number;
  /** API on PostgreSQL / API on SQLite throughput. */
  postgresOverSqlite: number;
  /** PostGraphile 4 in the same rounds (the profile page only). */
  postgraphile?: PostgraphileSide;
}

export interface PostgraphileSide extends Side {
  /** Authors whose PostGraphile answer, mapped to the API's shape, was checked equal to the API's data. */
  checked: number;
  /** Throughput over PostGraphile's: the API on PostgreSQL, the API on SQLite, the floor on PostgreSQL. */
  apiPostgresOver: number;
  apiSqliteOver: number;
  floorPostgresOver: number;
}

type Memory = { rssMb: number; anonMb: number; peakMb: number };

export interface PostgresBenchResult {
  date: string;
  label: string;
  /** The checkout measured (git describe --always --dirty). */
  commit: string;
  machine: BenchResult['machine'];
  corpus: BenchResult['corpus'];
  postgres: { version: string; settings: Record<string, string>; sizeMb: number };
  settings: { seconds: number; rounds: number; connections: number; serverCpus: string; loadCpus: string; apiEnv: Record<string, string> };
  roundTrips: RoundTrip[];
  workloads: PostgresWorkloadResult[];
  memory: { apiPostgres: Memory; apiSqlite: Memory; floorPostgres: Memory; postgraphile?: Memory };
  /** The API on PostgreSQL, WORKERS=1 against WORKERS=2. */
  scaling: ScalingResult[] | null;
  seconds: number;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const us = (n: number) => (Number.isFinite(n) ? (n < 0.01 ? (n * 1000).toFixed(1) : `${Math.round(n * 1000)}`) : '-');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const rate = (n: number) => (Number.isFinite(n) && n < 100 ? n.toFixed(1) : int(n));
const ratio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const latency = (side: Side) => `${ms(side.p50)} / ${ms(side.p99)}`;

const HEADER = [
  'workload',
  'API on PG req/s',
  'floor on PG req/s',
  'API/floor on PG',
  'API on SQLite req/s',
  'API PG/SQLite',
  'rate req/s',
  'API on PG p50 / p99 ms',
  'floor on PG p50 / p99 ms',
  'API on SQLite p50 / p99 ms',
  'SQL/request API PG / floor PG / API SQLite',
];

function rows(result: PostgresBenchResult): string[][] {
  return result.workloads.map((w) => [
    w.name,
    rate(w.apiPostgres.rps),
    rate(w.floorPostgres.rps),
    ratio(w.ratio),
    rate(w.apiSqlite.rps),
    ratio(w.postgresOverSqlite),
    String(w.apiPostgres.rate),
    latency(w.apiPostgres),
    latency(w.floorPostgres),
    latency(w.apiSqlite),
    `${w.apiPostgres.statements.toFixed(1)} / ${w.floorPostgres.statements.toFixed(1)} / ${w.apiSqlite.statements.toFixed(1)}`,
  ]);
}

/** Per workload: what each statement of a page costs in its latency at moderate load. */
function perStatementRows(result: PostgresBenchResult): string[][] {
  return result.workloads
    .filter((w) => w.apiPostgres.statements > 0)
    .map((w) => [
      w.name,
      w.apiPostgres.statements.toFixed(1),
      ms(w.apiPostgres.p50 / w.apiPostgres.statements),
      ms((w.apiPostgres.p50 - w.apiSqlite.p50) / w.apiPostgres.statements),
      w.floorPostgres.statements.toFixed(1),
      ms(w.floorPostgres.p50 / w.floorPostgres.statements),
    ]);
}

const PER_STATEMENT_HEADER = [
  'workload',
  'API on PG statements',
  'API on PG p50 / statement ms',
  '(API PG p50 − API SQLite p50) / statement ms',
  'floor on PG statements',
  'floor on PG p50 / statement ms',
];

const POSTGRAPHILE_HEADER = [
  'workload',
  'PostGraphile req/s',
  'PostGraphile p50 / p99 ms',
  'API on PG / PostGraphile',
  'API on SQLite / PostGraphile',
  'floor on PG / PostGraphile',
  'PostGraphile SQL/request',
  'authors checked equal',
];

function postgraphileRows(result: PostgresBenchResult): string[][] {
  return result.workloads.flatMap((w) =>
    w.postgraphile
      ? [[
          w.name,
          rate(w.postgraphile.rps),
          latency(w.postgraphile),
          ratio(w.postgraphile.apiPostgresOver),
          ratio(w.postgraphile.apiSqliteOver),
          ratio(w.postgraphile.floorPostgresOver),
          w.postgraphile.statements.toFixed(1),
          String(w.postgraphile.checked),
        ]]
      : [],
  );
}

const table = (header: string[], body: string[][]) => [header, header.map(() => '---'), ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');

export function postgresMarkdown(result: PostgresBenchResult): string {
  const m = result.memory;
  const lines = [
    `## ${result.date} (${result.label}): ${result.corpus.papers.toLocaleString('en-US')} papers on PostgreSQL and SQLite, commit ${result.commit}`,
    '',
    `Machine: ${result.machine.cpus} cores (${result.machine.model}), ${result.machine.memoryGb} GB, Node ${result.machine.node}, ` +
      `load average at the end ${result.machine.loadAverage.join(' ')} (a machine shared with other jobs while this ran: absolute figures move, ` +
      `the ratios of one run's alternating rounds less). Corpus: ${result.corpus.papers.toLocaleString('en-US')} papers, ` +
      `${result.corpus.authors.toLocaleString('en-US')} authors, ${result.corpus.authorships.toLocaleString('en-US')} authorships ` +
      `(SQLite ${int(result.corpus.sizeMb)} MB; copied row for row into PostgreSQL, ${int(result.postgres.sizeMb)} MB). ` +
      `${result.postgres.version}, a throwaway cluster on 127.0.0.1 (TCP), ${Object.entries(result.postgres.settings).map(([k, v]) => `${k} ${v}`).join(', ')}. ` +
      `Servers and PostgreSQL on CPU ${result.settings.serverCpus}, load generator on CPU ${result.settings.loadCpus}; ` +
      `${result.settings.rounds} alternating rounds of ${result.settings.seconds} s per side, ${result.settings.connections} connections; ` +
      `API environment ${JSON.stringify(result.settings.apiEnv)} (and DATABASE_URL for the API on PostgreSQL). ${result.seconds} s in all.`,
    '',
    table(HEADER, rows(result)),
    '',
  ];
  const theirs = postgraphileRows(result);
  if (theirs.length > 0) {
    lines.push(
      'PostGraphile 4 with @graphile-contrib/pg-many-to-many (bench/contenders/), same PostgreSQL, same CPU, in the same alternating rounds; ' +
        "its answers mapped to the API's shape and checked equal to the API's data first (issue 20's target: API / PostGraphile ≥ 2):",
      '',
      table(POSTGRAPHILE_HEADER, theirs),
      '',
    );
  }
  lines.push(
    'One statement, one after another on one connection (µs):',
    '',
    table(
      ['from', 'statement', 'p50 µs', 'p99 µs', 'mean µs'],
      result.roundTrips.map((r) => [r.where, r.statement, us(r.p50), us(r.p99), us(r.mean)]),
    ),
    '',
    'What a statement costs in a page (the p50s at moderate load, divided by the page\'s statements):',
    '',
    table(PER_STATEMENT_HEADER, perStatementRows(result)),
    '',
    `Memory after the run: API on PostgreSQL ${int(m.apiPostgres.rssMb)} MB resident of which ${int(m.apiPostgres.anonMb)} MB its own (peak ${int(m.apiPostgres.peakMb)} MB); ` +
      `API on SQLite ${int(m.apiSqlite.rssMb)} MB of which ${int(m.apiSqlite.anonMb)} MB its own (peak ${int(m.apiSqlite.peakMb)} MB, mapped database pages included); ` +
      `floor on PostgreSQL ${int(m.floorPostgres.rssMb)} MB (peak ${int(m.floorPostgres.peakMb)} MB)` +
      (m.postgraphile ? `; PostGraphile ${int(m.postgraphile.rssMb)} MB (peak ${int(m.postgraphile.peakMb)} MB)` : '') +
      ". PostgreSQL's own processes are not counted.",
  );
  if (result.scaling) {
    lines.push(
      '',
      'The API on PostgreSQL, 1 → 2 processes (WORKERS=1, WORKERS=2; servers, PostgreSQL and the load generator on both CPUs):',
      '',
      table(
        ['workload', '1 process req/s', '2 processes req/s', 'speedup', 'own memory (peak RSS) per worker MB'],
        result.scaling.map((s) => [s.workload, rate(s.workers1), rate(s.workers2), ratio(s.speedup), s.workerMemory.map((w) => `${int(w.ownMb)} (${int(w.peakRssMb)})`).join(', ')]),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

export function printPostgresTable(result: PostgresBenchResult): void {
  const all = [HEADER, ...rows(result)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  for (const [i, r] of all.entries()) {
    console.log(r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('');
  for (const w of result.workloads) {
    const p = w.postgraphile;
    if (!p) continue;
    console.log(
      `${w.name}, PostGraphile: ${rate(p.rps)} req/s, p50 / p99 ${latency(p)} ms; API on PG / PostGraphile ${ratio(p.apiPostgresOver)}, ` +
        `API on SQLite / PostGraphile ${ratio(p.apiSqliteOver)}, floor on PG / PostGraphile ${ratio(p.floorPostgresOver)} (${p.checked} authors checked equal)`,
    );
  }
  for (const r of result.roundTrips) console.log(`${r.statement} ${r.where}: p50 ${us(r.p50)} µs, p99 ${us(r.p99)} µs`);
  for (const s of result.scaling ?? []) console.log(`${s.workload}, 1 → 2 API processes on PostgreSQL: ${rate(s.workers1)} → ${rate(s.workers2)} req/s (${s.speedup.toFixed(2)}×)`);
}

export function writePostgresResults(result: PostgresBenchResult, dir: string): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = result.date.replace(/:/g, '-').replace(/\..*$/, '');
  const base = path.join(dir, `${stamp}-${result.label.replace(/[^\w.-]+/g, '-')}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, postgresMarkdown(result));
  return { json: `${base}.json`, md: `${base}.md` };
}
