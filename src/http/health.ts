// GET /healthz (alive): 200 when the database answers a query, 503 when it does not.
// GET /readyz (ready to serve): 200 when the database also has every migration of this build,
// with the leftovers of an unfinished bulk load as information; 503 with the reason otherwise.
// In cluster mode it also says how many workers serve (the primary's report, src/ops/cluster.ts):
// with some of them dead or given up on it stays 200, "degraded" with the reason, since the
// workers left answer every request (docs/operations.md, "Health and readiness").
import { type FastifyInstance } from 'fastify';
import { followWorkersReport } from '../ops/cluster';
import { readiness, shippedMigrations } from '../ops/readiness';
import { type Store } from '../store';

export function healthRoute(app: FastifyInstance, store: Store): void {
  app.get('/healthz', async (request, reply) => {
    try {
      await store.ping();
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable', reason: 'the database does not answer' });
    }
  });

  // Read once: the journal is part of the build, not of the database.
  const shipped = shippedMigrations();
  const workersReport = followWorkersReport();
  app.get('/readyz', async (request, reply) => {
    const report = workersReport();
    const workers = report ? { workers: report } : {};
    try {
      const state = await readiness(store, shipped);
      if (state.ready) {
        const { pendingAuthorMetrics, pendingNovelty, suspendedIndexes } = state;
        return { status: report?.reason === undefined ? 'ready' : 'degraded', pendingAuthorMetrics, pendingNovelty, suspendedIndexes, ...workers };
      }
      request.log.warn({ reason: state.reason, pendingMigrations: state.pendingMigrations }, 'not ready');
      return reply.code(503).send({ status: 'unavailable', reason: state.reason, pendingMigrations: state.pendingMigrations, ...workers });
    } catch (error) {
      request.log.error({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', reason: 'the database does not answer', ...workers });
    }
  });
}
