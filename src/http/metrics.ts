// GET /metrics in the Prometheus text format, with prom-client: process metrics plus the
// running total of SQL statements this process ran.
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { type FastifyInstance } from 'fastify';
import { type StatementCounter } from '../db/statement-counter';

/** `registry` also holds the request metrics of ./telemetry when the server made them there. */
export function metricsRoute(app: FastifyInstance, statements: StatementCounter, registry: Registry = new Registry()): void {
  collectDefaultMetrics({ register: registry });
  let reported = 0;
  new Counter({
    name: 'scholargraph_sql_statements_total',
    help: 'SQL statements run against the database since the process started.',
    registers: [registry],
    // Counted where statements run (a hot path); handed to prom-client only when scraped.
    collect() {
      this.inc(statements.total - reported);
      reported = statements.total;
    },
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
