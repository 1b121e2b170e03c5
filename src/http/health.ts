// GET /healthz: 200 when the database answers a query, 503 when it does not.
import { type FastifyInstance } from 'fastify';
import type Database from 'better-sqlite3';

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
}
