// The connections themselves, below any request: how long a request may take to arrive, how long
// an idle keep-alive connection stays, and how many connections one client may hold open. Fastify
// turns Node's request timeout off, so a body sent one byte every few seconds kept its connection
// for good; and nothing stopped one client from opening connections until the process ran out of
// file descriptors.
import { type ServerOptions } from 'node:http';
import { BlockList, isIPv6, type Socket } from 'node:net';
import { type FastifyInstance } from 'fastify';
import { type Limits, type TrustProxy } from '../config';
import { rawAnswer } from '../limits/http-limits';

/**
 * Fastify's options for Node's timeouts. No `connectionTimeout` (Node's inactivity timeout of a
 * socket): a query that computes for a while writes nothing meanwhile, and would be cut.
 */
export function connectionTimeouts(limits: Limits): { requestTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  const requestTimeout = (limits.requestTimeoutSeconds ?? 0) * 1000;
  const headersTimeout = (limits.headersTimeoutSeconds ?? 0) * 1000;
  const shortest = Math.min(...[requestTimeout, headersTimeout].filter((ms) => ms > 0));
  return {
    requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutSeconds * 1000,
    // For http.createServer: Fastify has no option for the headers' timeout. Node looks for
    // requests past their time every connectionsCheckingInterval, 30 s by default, which would
    // cut a request up to 30 s late: a quarter of the shortest timeout, at most a second.
    http: {
      requestTimeout,
      headersTimeout,
      ...(Number.isFinite(shortest) ? { connectionsCheckingInterval: Math.min(1000, shortest / 4) } : {}),
    },
  };
}

/**
 * Answers the requests cut by the timeouts in GraphQL's shape, and caps the connections per
 * client. `onRefused` is told the code of each refusal (for the metrics).
 */
export function limitConnections(app: FastifyInstance, limits: Limits, trustProxy: TrustProxy, onRefused: (code: string) => void): void {
  answerRequestTimeouts(app, limits, onRefused);
  if (limits.maxConnectionsPerClient !== null) capConnectionsPerClient(app, limits.maxConnectionsPerClient, trustProxy, onRefused);
}

/**
 * Node cuts a request that has not arrived in time (headers, or the whole request) with a
 * clientError ERR_HTTP_REQUEST_TIMEOUT, whichever of the two it was; Fastify's own handler would
 * answer `{"error":"Request Timeout","message":"Client Timeout"}`.
 */
function answerRequestTimeouts(app: FastifyInstance, limits: Limits, onRefused: (code: string) => void): void {
  const { requestTimeoutSeconds, headersTimeoutSeconds } = limits;
  const within = [
    requestTimeoutSeconds !== null && `a whole request, headers and body, within ${requestTimeoutSeconds} s (REQUEST_TIMEOUT_SECONDS)`,
    headersTimeoutSeconds !== null && `its headers within ${headersTimeoutSeconds} s (HEADERS_TIMEOUT_SECONDS)`,
  ].filter(Boolean);
  const answer = rawAnswer(408, {
    errors: [
      {
        message:
          `The request did not arrive in time: this server reads ${within.join(' and ')}, and closes the connection. ` +
          'Send the request at once, not in pieces.',
        extensions: { code: 'REQUEST_TIMEOUT' },
      },
    ],
  });
  app.server.prependListener('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code !== 'ERR_HTTP_REQUEST_TIMEOUT' || socket.destroyed) return;
    onRefused('REQUEST_TIMEOUT');
    app.log.info({ remoteAddress: socket.remoteAddress }, 'request timeout: the request did not arrive in time, connection closed');
    // As Node's own handler: no answer in the middle of one already on its way.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } | null })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) socket.write(answer);
    // Destroyed, Fastify's own handler leaves the socket alone.
    socket.destroy();
  });
}

// How long a refused connection may take to send its request and read the answer.
const REFUSED_LINGER_MS = 2000;

/**
 * At most `max` open connections per client address; a proxy we trust is not capped (all its
 * clients come from its address): it has to cap its own clients. Each process counts its own
 * connections: in cluster mode a client may hold up to `max` in each worker.
 */
function capConnectionsPerClient(app: FastifyInstance, max: number, trustProxy: TrustProxy, onRefused: (code: string) => void): void {
  const trusted = trustedPeers(trustProxy);
  if (trusted === 'all') return;
  const server = app.server;
  const open = new Map<string, number>();
  const answer = rawAnswer(429, {
    errors: [
      {
        message:
          `This address already has ${max} connections open to this server, the most one client may have (MAX_CONNECTIONS_PER_CLIENT). ` +
          'Send requests over the connections you have (HTTP keep-alive), or close some before opening more.',
        extensions: { code: 'CONNECTION_LIMIT_EXCEEDED' },
      },
    ],
  });

  const refuse = (socket: Socket, address: string): void => {
    onRefused('CONNECTION_LIMIT_EXCEEDED');
    app.log.info({ remoteAddress: address, maxConnectionsPerClient: max }, 'connection refused: too many open connections from this client');
    // A client that resets: nothing to do.
    socket.on('error', () => undefined);
    const deadline = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    socket.once('close', () => clearTimeout(deadline));
    // Answered once the client has begun its request, so that the answer is one to it. What it
    // sends is read and dropped: unread, closing the socket would reset it, and the client could
    // lose the answer.
    socket.once('data', () => socket.end(answer));
    socket.resume();
  };

  // Node's HTTP server reads a connection in its own 'connection' listener, and nothing stops a
  // listener from running: it is taken out, and called for the connections admitted. A refused one
  // is never an HTTP request, so neither the timeouts nor Fastify ever see it.
  const serve = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address !== undefined && !trusted(address)) {
      const count = open.get(address) ?? 0;
      if (count >= max) return refuse(socket, address);
      open.set(address, count + 1);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left === 0) open.delete(address);
        else open.set(address, left);
      });
    }
    for (const listener of serve) listener.call(server, socket);
  });
}

/** The peers that are proxies we trust, as Fastify's trustProxy says: `all` for `true` or a number of hops. */
function trustedPeers(trustProxy: TrustProxy): 'all' | ((address: string) => boolean) {
  if (trustProxy === true || (typeof trustProxy === 'number' && trustProxy > 0)) return 'all';
  if (typeof trustProxy !== 'string') return () => false;
  // A BlockList matches an IPv4 client seen as IPv4-mapped IPv6 (::ffff:10.0.0.1) too.
  const proxies = new BlockList();
  for (const entry of trustProxy.split(',')) {
    const [address, bits] = entry.trim().split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (bits === undefined) proxies.addAddress(address, type);
    else proxies.addSubnet(address, Number(bits), type);
  }
  return (address) => proxies.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
}
