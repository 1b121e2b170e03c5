// The rate limit's buckets in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres), so that
// every API node spends from one budget per client: a client cannot multiply its rate by the
// number of nodes behind the load balancer. The table (rate_limits) comes with the migrations.
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { type PgDb } from './db';

export interface SharedBucketOptions {
  points: number;
  duration: number;
  keyPrefix: string;
  /**
   * What a node spends from while the primary does not answer (the node keeps serving reads from
   * the replicas): its own buckets, until the primary is back.
   */
  insuranceLimiter: RateLimiterAbstract;
}

export const RATE_LIMIT_TABLE = 'rate_limits';

export function sharedBuckets(db: PgDb, options: SharedBucketOptions): RateLimiterAbstract {
  return new RateLimiterPostgres({
    ...options,
    storeClient: db.pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    // Created by the migrations, on the primary, once: not by each node as it starts.
    tableCreated: true,
    clearExpiredByTimeout: true,
  });
}
