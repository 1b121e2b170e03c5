// GET /healthz (alive): 200 when the database answers a query, 503 when it does not.
// GET /readyz (ready to serve): 200 when the database also has every migration of this build,
// with the leftovers of an unfinished bulk load as information; 503 with the reason otherwise.
import { type FastifyInstance } from 'fastify';
import type Database from 'better-sqlite3';
import { readiness, shippedMigrations } from '../ops/readiness';

export function healthRoute(app: FastifyInstance, sqlite: Database.Database): void {
  app.get('/healthz', async (request, reply) => {
    try {
      sqlite.prepare('SELECT 1').get();
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable', reason: 'the database does not answer' });
    }
  });

  // Read once: the journal is part of the build, not of the database.
  const shipped = shippedMigrations();
  app.get('/readyz', async (request, reply) => {
    try {
      const state = readiness(sqlite, shipped);
      if (state.ready) {
        return { status: 'ready', pendingAuthorMetrics: state.pendingAuthorMetrics, pendingNovelty: state.pendingNovelty, suspendedIndexes: state.suspendedIndexes };
      }
      request.log.warn({ reason: state.reason, pendingMigrations: state.pendingMigrations }, 'not ready');
      return reply.code(503).send({ status: 'unavailable', reason: state.reason, pendingMigrations: state.pendingMigrations });
    } catch (error) {
      request.log.error({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', reason: 'the database does not answer' });
    }
  });
}
