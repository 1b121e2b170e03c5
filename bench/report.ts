// The results: a table on standard output, bench/results/<date>.json and .md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ImportRate } from './import-rate';

export interface Side {
  label: string;
  /** Requests per second as fast as the server answers: the median of the rounds. */
  rps: number;
  /** Each round's requests per second. */
  rounds: number[];
  /** The fixed rate of the latency runs, requests per second, and the answers timed at it. */
  rate: number;
  latencySamples: number;
  p50: number;
  p99: number;
  statements: number;
  /** VmHWM: the peak resident set, mapped database pages included. */
  peakRssMb: number;
  /** The most RssAnon seen (sampled every 100 ms): the process's own memory. */
  peakOwnMb: number;
}

export interface WorkloadResult {
  name: string;
  description: string;
  api: Side;
  floor: Side;
  /** API / floor throughput. */
  ratio: number;
  /** Other API processes (--variant), measured in the same rounds. */
  variants: (Side & { ratio: number })[];
  /** Variants whose answers were not the API's data: not measured. */
  failedVariants: { label: string; error: string }[];
}

export interface ScalingResult {
  workload: string;
  workers1: number;
  workers2: number;
  speedup: number;
  /** Each worker of the 2-worker server at the end: its own memory (RssAnon) and its peak RSS (mapped pages included). */
  workerMemory: { ownMb: number; peakRssMb: number }[];
}

export interface BenchResult {
  date: string;
  label: string | null;
  machine: { cpus: number; model: string; memoryGb: number; node: string; loadAverage: number[] };
  corpus: { papers: number; authors: number; authorships: number; file: string; sizeMb: number };
  settings: { seconds: number; rounds: number; connections: number; serverCpus: string; loadCpus: string; apiEnv: Record<string, string>; variants: string[]; baseline?: { ref: string; commit: string } | null };
  workloads: WorkloadResult[];
  coldStart: { apiMs: number; floorMs: number } | null;
  memory: {
    apiRssMb: number;
    /** Of apiRssMb, the process's own memory; the rest are pages of mapped files. */
    apiAnonMb: number;
    apiPeakMb: number;
    floorRssMb: number;
    floorPeakMb: number;
    variants: { label: string; rssMb: number; anonMb: number; peakMb: number }[];
  };
  scaling: ScalingResult[] | null;
  importRate: ImportRate | null;
}

export function machine(): BenchResult['machine'] {
  return {
    // All of the machine's: this process is pinned, and availableParallelism() would count its CPU only.
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
/** Requests per second: a decimal for the slow pages. */
const rate = (n: number) => (Number.isFinite(n) && n < 100 ? n.toFixed(1) : int(n));

function rows(result: BenchResult): string[][] {
  return result.workloads.flatMap((w) => [
    ...[{ ...w.api, ratio: w.ratio }, ...w.variants].map((side, i) => [
      i === 0 ? w.name : `${w.name} [${side.label}]`,
      rate(side.rps),
      rate(w.floor.rps),
      side.ratio.toFixed(2),
      String(side.rate),
      `${ms(side.p50)} / ${ms(side.p99)}`,
      `${ms(w.floor.p50)} / ${ms(w.floor.p99)}`,
      `${side.statements.toFixed(1)} / ${w.floor.statements.toFixed(1)}`,
      `${int(side.peakOwnMb)} (${int(side.peakRssMb)}) / ${int(w.floor.peakOwnMb)} (${int(w.floor.peakRssMb)})`,
    ]),
    ...w.failedVariants.map((f) => [`${w.name} [${f.label}]`, 'fails the check', '', '', '', '', '', '', '']),
  ]);
}

const HEADER = ['workload', 'API req/s', 'floor req/s', 'API/floor', 'rate req/s', 'API p50 / p99 ms', 'floor p50 / p99 ms', 'SQL/request API / floor', 'peak own memory (RSS) MB API / floor'];

export function markdown(result: BenchResult): string {
  const table = [HEADER, HEADER.map(() => '---'), ...rows(result)].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const lines = [
    `## ${result.date}${result.label ? ` (${result.label})` : ''}: ${result.corpus.papers.toLocaleString('en-US')} papers`,
    '',
    `Machine: ${result.machine.cpus} cores (${result.machine.model}), ${result.machine.memoryGb} GB, Node ${result.machine.node}, ` +
      `load average at the end ${result.machine.loadAverage.join(' ')}. Corpus: ${result.corpus.papers.toLocaleString('en-US')} papers, ` +
      `${result.corpus.authors.toLocaleString('en-US')} authors, ${result.corpus.authorships.toLocaleString('en-US')} authorships ` +
      `(${int(result.corpus.sizeMb)} MB). Servers on CPU ${result.settings.serverCpus}, load generator on CPU ${result.settings.loadCpus}; ` +
      `${result.settings.rounds} alternating rounds of ${result.settings.seconds} s per side, ${result.settings.connections} connections` +
      (Object.keys(result.settings.apiEnv).length ? `; API environment ${JSON.stringify(result.settings.apiEnv)}` : '') +
      '.',
    '',
    table,
    '',
  ];
  const against = variantRatios(result);
  if (against.length > 0) lines.push(...against, '');
  if (result.coldStart) lines.push(`Cold start to the first answer: API ${int(result.coldStart.apiMs)} ms, floor ${int(result.coldStart.floorMs)} ms.`);
  lines.push(
    `Memory after the run: API ${int(result.memory.apiRssMb)} MB resident of which ${int(result.memory.apiAnonMb)} MB its own ` +
      `(the rest mapped file pages), peak ${int(result.memory.apiPeakMb)} MB; floor ${int(result.memory.floorRssMb)} MB (peak ${int(result.memory.floorPeakMb)} MB)` +
      result.memory.variants.map((v) => `; ${v.label} ${int(v.rssMb)} MB resident of which ${int(v.anonMb)} MB its own, peak ${int(v.peakMb)} MB`).join('') +
      '.',
  );
  if (result.importRate) {
    lines.push(
      `Import: ${result.importRate.papers.toLocaleString('en-US')} generated arXiv records into an empty database in ` +
        `${result.importRate.seconds.toFixed(1)} s (${int(result.importRate.recordsPerSecond)} records/s` +
        (result.importRate.peakRssMb !== undefined ? `, peak RSS ${int(result.importRate.peakRssMb)} MB` : '') +
        ')' +
        (result.importRate.floor
          ? `; the floor importer ${result.importRate.floor.seconds.toFixed(1)} s (${int(result.importRate.floor.recordsPerSecond)} records/s), ` +
            `API/floor ${(result.importRate.recordsPerSecond / result.importRate.floor.recordsPerSecond).toFixed(2)}`
          : '') +
        (result.importRate.reimport
          ? `; the same file again (nothing changes) ${result.importRate.reimport.seconds.toFixed(1)} s (${int(result.importRate.reimport.recordsPerSecond)} records/s)`
          : '') +
        '.',
    );
  }
  if (result.scaling) {
    lines.push('', '| cluster | 1 worker req/s | 2 workers req/s | speedup | own memory (peak RSS) per worker MB |', '| --- | --- | --- | --- | --- |');
    for (const s of result.scaling) {
      lines.push(`| ${s.workload} | ${rate(s.workers1)} | ${rate(s.workers2)} | ${s.speedup.toFixed(2)} | ${s.workerMemory.map((m) => `${int(m.ownMb)} (${int(m.peakRssMb)})`).join(', ')} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** This checkout's throughput against each variant's (a baseline's: a change's effect), per workload. */
function variantRatios(result: BenchResult): string[] {
  const labels = [...new Set(result.workloads.flatMap((w) => w.variants.map((v) => v.label)))];
  return labels.map(
    (label) =>
      `API / ${label} throughput: ` +
      result.workloads
        .flatMap((w) => w.variants.filter((v) => v.label === label).map((v) => `${w.name} ${(w.api.rps / v.rps).toFixed(2)}`))
        .join(', ') +
      '.',
  );
}

export function printTable(result: BenchResult): void {
  const all = [HEADER, ...rows(result)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  for (const [i, r] of all.entries()) {
    console.log(r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const line of variantRatios(result)) console.log(line);
}

export function writeResults(result: BenchResult, dir: string): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = result.date.replace(/:/g, '-').replace(/\..*$/, '');
  const base = path.join(dir, `${stamp}${result.label ? `-${result.label.replace(/[^\w.-]+/g, '-')}` : ''}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, markdown(result));
  return { json: `${base}.json`, md: `${base}.md` };
}
