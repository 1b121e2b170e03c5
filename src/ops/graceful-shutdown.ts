// Stops the server on SIGTERM or SIGINT without cutting requests short: no new connections, the
// requests in flight answered within a grace period, then the database closed (which checkpoints
// the WAL into the file and removes it). A second signal exits at once.
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type FastifyInstance } from 'fastify';
import { type Db } from '../db/client';

export interface GracefulShutdownOptions {
  /** How long the requests in flight may take; then their connections are closed. */
  graceMs: number;
  /** Ends the process (process.exit). */
  exit?: (code: number) => void;
  /** Where SIGTERM and SIGINT come from: the process, or in a cluster worker the primary (src/ops/cluster.ts). */
  signals?: NodeJS.EventEmitter;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Call before app.listen: it adds a hook. */
export function installGracefulShutdown(app: FastifyInstance, db: Db, { graceMs, exit = process.exit, signals = process }: GracefulShutdownOptions): void {
  let draining = false;

  // A keep-alive connection whose response has just ended would otherwise stay open until its
  // client closes it, holding the drain up to the grace period.
  app.addHook('onResponse', async () => {
    if (draining) app.server.closeIdleConnections();
  });

  async function drain(signal: NodeJS.Signals): Promise<void> {
    const started = performance.now();
    app.log.info({ signal, graceSeconds: graceMs / 1000 }, 'shutting down: refusing new connections, finishing the requests in flight');
    const grace = setTimeout(() => {
      app.log.warn({ graceSeconds: graceMs / 1000 }, 'grace period exceeded: closing the connections still open');
      app.server.closeAllConnections();
    }, graceMs);
    let code = 0;
    try {
      // Fastify stops listening, answers 503 to new requests on open connections, and resolves
      // once the requests in flight have been answered.
      await app.close();
    } catch (error) {
      app.log.error({ err: error }, 'closing the server failed');
      code = 1;
    } finally {
      clearTimeout(grace);
    }
    const drainMs = Math.round(performance.now() - started);
    db.close();
    app.log.info({ drainMs }, 'server drained and database closed');
    exit(code);
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    if (draining) {
      // The WAL keeps every committed write: the next open recovers it.
      app.log.warn({ signal }, 'second signal: exiting without waiting for the requests in flight');
      exit(128 + constants.signals[signal]);
      return;
    }
    draining = true;
    void drain(signal);
  };
  for (const signal of SIGNALS) signals.on(signal, onSignal);
}
