// Cost points per client per window, GitHub-style: each query spends what it costs, from the
// bucket of its API key, or of its address when it has none. rate-limiter-flexible keeps the
// buckets (fixed windows, in memory): in this process, or in a cluster in the primary's, which
// every worker asks over IPC (RateLimiterCluster; src/ops/cluster.ts starts its master).
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { type Auth } from '../auth/authenticate';
import { LimitError } from './limit-error';

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  used: number;
  resetAt: Date;
}

/** Whose bucket a request spends from. */
export interface Client {
  key: string;
  /** For messages: "this API key", "the address 127.0.0.1". */
  label: string;
}

export function clientOf(auth: Auth | null, address: string): Client {
  return auth?.keyId != null
    ? { key: `key:${auth.keyId}`, label: `the API key "${auth.keyName}"` }
    : { key: `address:${address}`, label: `the address ${address}` };
}

export class CostRateLimiter {
  private readonly buckets: RateLimiterAbstract;

  /**
   * `shared`: in a cluster worker, the buckets are the primary's, one per client for all workers.
   * `acrossNodes`: the database's buckets, one per client for every API node (PostgreSQL: the
   * engine's sharedBuckets), spending from this process's own (or its primary's) while the
   * database does not answer.
   */
  constructor(
    readonly points: number,
    readonly windowSeconds: number,
    shared = false,
    acrossNodes?: (options: { points: number; duration: number; keyPrefix: string }, insurance: RateLimiterAbstract) => RateLimiterAbstract | null,
  ) {
    const options = { points, duration: windowSeconds, keyPrefix: 'cost' };
    const local = shared ? new RateLimiterCluster({ ...options, timeoutMs: 5000 }) : new RateLimiterMemory(options);
    this.buckets = acrossNodes?.(options, local) ?? local;
  }

  /** Spends `cost` points, or refuses with RATE_LIMITED (spending nothing) when fewer are left. */
  async spend(client: Client, cost: number): Promise<RateLimitStatus> {
    try {
      return this.status(await this.buckets.consume(client.key, cost));
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      // A refused query runs nothing, so it spends nothing: give its points back.
      const left = this.status(await this.buckets.reward(client.key, cost));
      const seconds = Math.max(1, Math.ceil((left.resetAt.getTime() - Date.now()) / 1000));
      throw new LimitError(
        'RATE_LIMITED',
        `Rate limit: this query costs ${cost} points and ${left.remaining} of the ${this.points} points per ` +
          `${this.windowSeconds} s are left for ${client.label}. They are back at ${left.resetAt.toISOString()}, ` +
          `in ${seconds} s: retry then (Retry-After), or ask for smaller pages to spend less.`,
        { status: 429, headers: { 'retry-after': String(seconds) } },
      );
    }
  }

  /** Where the client's bucket stands, spending nothing. */
  async current(client: Client): Promise<RateLimitStatus> {
    return this.status(await this.buckets.get(client.key));
  }

  private status(res: RateLimiterRes | null): RateLimitStatus {
    // No bucket yet: a window would start now.
    const used = Math.min(res?.consumedPoints ?? 0, this.points);
    const msLeft = res && res.msBeforeNext >= 0 ? res.msBeforeNext : this.windowSeconds * 1000;
    return { limit: this.points, used, remaining: this.points - used, resetAt: new Date(Date.now() + msLeft) };
  }
}

/** GitHub's headers; the reset in UTC epoch seconds. */
export function rateLimitHeaders(status: RateLimitStatus): Record<string, string> {
  return {
    'x-ratelimit-limit': String(status.limit),
    'x-ratelimit-remaining': String(status.remaining),
    'x-ratelimit-used': String(status.used),
    'x-ratelimit-reset': String(Math.ceil(status.resetAt.getTime() / 1000)),
  };
}
