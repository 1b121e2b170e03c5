// Beside the workloads: the time from spawn to the first answer, and how the API scales from one
// worker to two (WORKERS).
import os from 'node:os';
import path from 'node:path';
import { runLoad } from './load';
import { assertClean, median, type Settings } from './measure';
import { type ScalingResult } from './report';
import { memoryOf, startServer } from './servers';
import { type Workload } from './workloads';

/** Spawn to the first answer of a profile page, three times each; the median. */
export async function coldStart(database: string, workload: Workload, env: NodeJS.ProcessEnv, cpus: string, logs: string): Promise<{ apiMs: number; floorMs: number }> {
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

export async function scaling(database: string, workloads: Workload[], env: NodeJS.ProcessEnv, s: Settings, logs: string): Promise<ScalingResult[]> {
  // Both on every CPU, the load generator's included: only the number of workers differs.
  const cpus = `0-${os.cpus().length - 1}`;
  const one = await startServer({ kind: 'api', database, cpus, env: { ...env, WORKERS: '1' }, logFile: path.join(logs, 'api-1-worker.log') });
  const two = await startServer({ kind: 'api', database, cpus, env: { ...env, WORKERS: '2' }, logFile: path.join(logs, 'api-2-workers.log') }).catch(async (error) => {
    await one.stop();
    throw error;
  });
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
        workerMemory: (workers.length > 0 ? workers : [two.pid]).map((pid) => {
          const memory = memoryOf(pid);
          return { ownMb: memory?.anonMb ?? NaN, peakRssMb: memory?.peakMb ?? NaN };
        }),
      });
    }
    return results;
  } finally {
    await one.stop();
    await two.stop();
  }
}

