// Load from this process with autocannon: as fast as the server answers (throughput), or at a
// fixed rate (latency). Response times are collected from autocannon's 'response' events at
// their full precision: its own histogram counts whole milliseconds.
import autocannon from 'autocannon';
import { send } from './http';
import { type HttpRequest } from './workloads';

export interface LoadOptions {
  url: string;
  /** The i-th request of the run. */
  request(i: number): HttpRequest;
  seconds: number;
  connections: number;
  /** Requests per second from all connections; none: as fast as the server answers. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  failures: number;
  /** Response times of the 2xx answers, ms, ascending. */
  times: number[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Waits until the server has worked off what the last run left queued (autocannon stops sending
 * at the deadline, but a slow page's queued requests still run): two quick /healthz in a row.
 */
export async function settle(url: string, timeoutMs = 120_000): Promise<void> {
  let quick = 0;
  for (const deadline = Date.now() + timeoutMs; quick < 2 && Date.now() < deadline; ) {
    const started = performance.now();
    await send(`${url}/healthz`);
    quick = performance.now() - started < 20 ? quick + 1 : 0;
  }
}

export async function runLoad({ url, request, seconds, connections, rate }: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const times: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    timeout: 60,
    requests: [
      {
        setupRequest: (sent: object) => {
          const { method, path, headers, body } = request(next++);
          // Copies: autocannon writes content-length into the headers object it is given.
          return { ...sent, method, path, headers: { ...headers }, ...(body ? { body } : {}) };
        },
      },
    ],
  });
  // A 304 (the conditional GET's workload) is an answer too.
  const answered = (statusCode: number) => (statusCode >= 200 && statusCode < 300) || statusCode === 304;
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (answered(statusCode)) times.push(ms);
  });
  const result = await instance;
  await settle(url);
  times.sort((a, b) => a - b);
  const answers = times.length;
  return {
    requests: answers,
    seconds: result.duration,
    rps: answers / result.duration,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    failures: result.errors + result.timeouts + result.non2xx - (answers - result['2xx']),
    times,
  };
}
