// One workload measured on several servers (the API, its variants, the floor) in alternating
// rounds: throughput as fast as each answers, then latency at a fixed moderate rate, and the
// memory each used meanwhile.
import fs from 'node:fs';
import { BENCH_DIR } from './corpus';
import { percentile, runLoad, type LoadResult } from './load';
import { type Side } from './report';
import { memoryOf, type ServerProcess } from './servers';
import { type HttpRequest, type Workload } from './workloads';

export interface Settings {
  seconds: number;
  rounds: number;
  warmSeconds: number;
  connections: number;
  rate: number;
}

/** A server under measurement: the API, a variant of it, or the floor. */
export interface Contender {
  label: string;
  server: ServerProcess;
  request: (i: number) => HttpRequest;
  statements: number;
}

export const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);

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

/**
 * The most memory of its own (RssAnon) each server had while the workload ran, sampled: the
 * kernel keeps a peak of VmRSS only, which counts the mapped database pages too.
 */
function sampleOwnMemory(servers: ServerProcess[]): { stop(): number[] } {
  const peaks = servers.map(() => 0);
  const sample = () =>
    servers.forEach((server, i) => {
      for (const pid of server.pids()) peaks[i] = Math.max(peaks[i], memoryOf(pid)?.anonMb ?? 0);
    });
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

export function assertClean(result: LoadResult, side: string, workload: string): void {
  if (result.failures > 0) {
    throw new Error(`${workload}: ${result.failures} requests to the ${side} failed (errors, timeouts or non-2xx answers); see the logs in ${BENCH_DIR}/logs`);
  }
}

export async function measure(workload: Workload, contenders: Contender[], s: Settings): Promise<Side[]> {
  for (const c of contenders) resetPeak(c.server.pids());
  const ownMemory = sampleOwnMemory(contenders.map((c) => c.server));
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
  const ownPeaks = ownMemory.stop();
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
      peakOwnMb: ownPeaks[i],
    };
  });
}

