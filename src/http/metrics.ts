// GET /metrics in the Prometheus text format, with prom-client: process metrics plus the
// running total of SQL statements this process ran. In cluster mode (src/ops/cluster.ts) a scrape
// answers for the whole server, whichever worker receives it: counters and histograms summed over
// the workers, process metrics labelled with each worker's id.
import cluster from 'node:cluster';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { type FastifyInstance } from 'fastify';
import { type StatementCounter } from '../store';
import { shareMetrics } from '../ops/cluster';

/** `registry` also holds the request metrics of ./telemetry when the server made them there. */
export function metricsRoute(app: FastifyInstance, statements: StatementCounter, registry: Registry = new Registry()): void {
  // Summed over workers, one process's memory or event-loop lag would mean little: each keeps its own series.
  const worker = cluster.isWorker ? cluster.worker!.id : undefined;
  collectDefaultMetrics({ register: registry, ...(worker === undefined ? {} : { labels: { worker: String(worker) } }) });
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
  if (worker === undefined) {
    app.get('/metrics', async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
    return;
  }
  const gather = shareMetrics(registry);
  app.get('/metrics', async (request, reply) => {
    try {
      const text = await gather();
      reply.header('content-type', registry.contentType);
      return text;
    } catch (error) {
      const reason = (error as Error).message;
      request.log.warn({ reason }, 'cluster metrics unavailable');
      // Partial sums would make the counters go backwards: the scrape fails instead.
      return reply.code(503).send({
        status: 'unavailable',
        reason,
        hint: 'Retry the scrape. /metrics sums every worker, so it fails while one of them cannot answer (starting, restarting, or busy for over 5 s); if it keeps failing, look in the server log for a worker that died or is stuck.',
      });
    }
  });
}
