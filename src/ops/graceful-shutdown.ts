// Stops the server on SIGTERM or SIGINT without cutting requests short: no new connections, the
// requests in flight answered within a grace period, each connection closed as its response ends
// (which says so: `Connection: close`), the pending work running beside the server stopped between
// two of its transactions, then the database closed (which checkpoints the WAL into the file and
// removes it). A second signal exits at once.
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type FastifyInstance } from 'fastify';

export interface GracefulShutdownOptions {
  /** How long the requests in flight may take; then their connections are closed. */
  graceMs: number;
  /** Ends the process (process.exit). */
  exit?: (code: number) => void;
  /**
   * Where SIGTERM and SIGINT come from: the process, or in a cluster worker the primary
   * (src/ops/cluster.ts), whose 'stop-listening' comes first: from then on, too, a connection is
   * closed as its response ends.
   */
  signals?: NodeJS.EventEmitter;
  /**
   * Stops the work running beside the server, if any (src/novelty/background.ts), resolving once it
   * has: asked at the signal, awaited (within the grace period) before the database closes.
   */
  stopBackgroundWork?: () => Promise<void>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Call before app.listen: it adds hooks. */
export function installGracefulShutdown(app: FastifyInstance, closeDatabase: () => unknown, { graceMs, exit = process.exit, signals = process, stopBackgroundWork }: GracefulShutdownOptions): void {
  let draining = false;
  // Set at the signal, or in a cluster worker at the primary's "stop listening", which comes first.
  let closingConnections = false;
  signals.on('stop-listening', () => (closingConnections = true));

  // A response written during the drain tells its client that the connection closes after it
  // (Node then closes it): told nothing, the client would send its next request on a connection
  // the server is closing, and see it cut, not knowing whether the request was run.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closingConnections) reply.header('connection', 'close');
    return payload;
  });
  // A response whose headers went out before the signal said keep-alive: its connection would
  // stay open until its client closes it, holding the drain up to the grace period.
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
    // Asked to stop now: it ends its transaction under way while the requests drain.
    const background = stopBackgroundWork?.().catch((error: unknown) => app.log.error({ err: error }, 'stopping the background work failed'));
    let code = 0;
    try {
      // Fastify stops listening and closes the idle connections (Node's server.close), would answer
      // 503 with Connection: close to a request that still arrives on an open connection (only a
      // client that pipelines could send one), and resolves once the requests in flight have been
      // answered and their connections closed.
      await app.close();
    } catch (error) {
      app.log.error({ err: error }, 'closing the server failed');
      code = 1;
    } finally {
      clearTimeout(grace);
    }
    if (background) {
      let timer: NodeJS.Timeout | undefined;
      const left = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, Math.max(0, graceMs - (performance.now() - started)), false)));
      const inTime = await Promise.race([background.then(() => true), left]);
      clearTimeout(timer);
      if (!inTime) app.log.warn({ graceSeconds: graceMs / 1000 }, 'grace period exceeded: exiting while the background work still runs');
    }
    const drainMs = Math.round(performance.now() - started);
    await closeDatabase();
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
    closingConnections = true;
    void drain(signal);
  };
  for (const signal of SIGNALS) signals.on(signal, onSignal);
}
