// A client that sends its request slowly, or opens connection after connection, holds what other
// clients need. A request has REQUEST_TIMEOUT_SECONDS to arrive, its headers
// HEADERS_TIMEOUT_SECONDS: then it is answered 408 REQUEST_TIMEOUT and its connection closed, while
// the other connections are answered as ever. One address may hold MAX_CONNECTIONS_PER_CLIENT
// connections open: the next ones are answered 429 CONNECTION_LIMIT_EXCEEDED and closed, until
// some of the first ones close. (src/http/connections.ts)
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { type Limits, loadLimits } from '../../src/config';
import { createServer } from '../../src/http/server';
import { startServer, tempDir, type TestServer } from '../support/server';

const QUERY = JSON.stringify({ query: '{ __typename }' });

interface Answer {
  status: number;
  headers: string;
  body: string;
}

/** A raw TCP connection to the server: requests written byte for byte, answers read one by one. */
class Connection {
  private readonly socket: net.Socket;
  private received = '';
  private waiting: (() => void) | null = null;
  readonly connected: Promise<void>;
  /** When the server closed the connection, in ms after it opened; null while open. */
  closedAfter: number | null = null;
  readonly closed: Promise<void>;
  private readonly opened = Date.now();

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    // A write into a connection the server closed fails: the tests look at what was answered.
    this.socket.on('error', () => undefined);
    this.socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.waiting?.();
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', () => {
        this.closedAfter = Date.now() - this.opened;
        this.waiting?.();
        resolve();
      }),
    );
  }

  write(text: string): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return false;
    this.socket.write(text);
    return true;
  }

  /** The next whole answer (its Content-Length read), or null when the connection closes first. */
  async answer(): Promise<Answer | null> {
    for (;;) {
      const split = this.received.indexOf('\r\n\r\n');
      if (split >= 0) {
        const headers = this.received.slice(0, split);
        const length = Number(/^content-length: *(\d+)/im.exec(headers)?.[1] ?? 0);
        if (this.received.length >= split + 4 + length) {
          const body = this.received.slice(split + 4, split + 4 + length);
          this.received = this.received.slice(split + 4 + length);
          return { status: Number(headers.split(' ', 2)[1]), headers, body };
        }
      }
      if (this.closedAfter !== null) return null;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = null;
    }
  }

  /** A keep-alive GET of /healthz on this connection, and its answer. */
  async healthz(): Promise<Answer | null> {
    this.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    return this.answer();
  }

  close(): void {
    this.socket.destroy();
  }
}

function portOf(server: TestServer): number {
  return Number(new URL(server.url).port);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`, or rejects after `ms`: without a timeout a slow client is never cut. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))),
  ]);
}

async function refusals(server: TestServer): Promise<Record<string, number>> {
  // Over a connection of its own, closed at once: it counts against the cap like any other.
  const response = await fetch(`${server.url}/metrics`, { headers: { connection: 'close' } });
  const counts: Record<string, number> = {};
  for (const match of (await response.text()).matchAll(/^scholargraph_refused_requests_total\{reason="([^"]+)"\} (\d+)$/gm)) {
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

describe('a request that arrives slowly', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seedDemoData: false, limits: { requestTimeoutSeconds: 2, headersTimeoutSeconds: 1 } });
  });
  afterAll(() => server.close());

  it('a body trickled a byte every 500 ms is cut after REQUEST_TIMEOUT_SECONDS with 408 REQUEST_TIMEOUT, while another connection is answered', async () => {
    const slow = new Connection(portOf(server));
    await slow.connected;
    slow.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${QUERY.length}\r\n\r\n`);
    let sent = 0;
    const trickle = setInterval(() => slow.write(QUERY[sent++]), 500);
    try {
      await sleep(700);
      // Meanwhile, another client is answered as ever.
      const other = await server.graphql('{ __typename }');
      expect(other.status).toBe(200);
      expect(other.body).toEqual({ data: { __typename: 'Query' } });

      const answer = await within(6000, slow.answer(), 'the trickled request was not cut');
      await within(1000, slow.closed, 'the connection stayed open after its 408');
      expect(sent).toBeLessThan(QUERY.length);
      expect(slow.closedAfter).toBeGreaterThanOrEqual(2000);
      expect(slow.closedAfter).toBeLessThan(4000);
      expect(answer).not.toBeNull();
      expect(answer!.status).toBe(408);
      expect(answer!.headers).toMatch(/^content-type: application\/json/im);
      expect(answer!.headers).toMatch(/^connection: close/im);
      const { errors } = JSON.parse(answer!.body);
      expect(errors).toEqual([{ message: expect.stringContaining('within 2 s (REQUEST_TIMEOUT_SECONDS)'), extensions: { code: 'REQUEST_TIMEOUT' } }]);
    } finally {
      clearInterval(trickle);
      slow.close();
    }
    // Counted as a timeout, and not as a bad request too (the body that never came).
    const counts = await refusals(server);
    expect(counts.REQUEST_TIMEOUT).toBe(1);
    expect(counts.BAD_REQUEST).toBeUndefined();
  });

  it('headers trickled a byte every 300 ms, or none at all, are cut after HEADERS_TIMEOUT_SECONDS', async () => {
    const head = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'x'.repeat(40) + '\r\n\r\n';
    const slow = new Connection(portOf(server));
    const silent = new Connection(portOf(server));
    await Promise.all([slow.connected, silent.connected]);
    let sent = 0;
    const trickle = setInterval(() => slow.write(head[sent++]), 300);
    try {
      const [slowAnswer, silentAnswer] = await within(5000, Promise.all([slow.answer(), silent.answer()]), 'the slow headers were not cut');
      await within(1000, Promise.all([slow.closed, silent.closed]), 'a connection stayed open after its 408');
      for (const connection of [slow, silent]) {
        // Cut by the headers' timeout (1 s), not the request's (2 s).
        expect(connection.closedAfter).toBeGreaterThanOrEqual(1000);
        expect(connection.closedAfter).toBeLessThan(2000);
      }
      expect(sent).toBeLessThan(head.length);
      for (const answer of [slowAnswer, silentAnswer]) {
        expect(answer?.status).toBe(408);
        expect(JSON.parse(answer!.body).errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
      }
    } finally {
      clearInterval(trickle);
      slow.close();
      silent.close();
    }
  });
});

describe('a request whose body has arrived', () => {
  it('runs longer than REQUEST_TIMEOUT_SECONDS without being cut: the timeout is for receiving it', async () => {
    const dir = tempDir();
    const { db } = prepareDatabase(path.join(dir, 'slow.db'), { seedDemoData: false });
    const limits: Limits = { ...loadLimits({}), requestTimeoutSeconds: 1, headersTimeoutSeconds: 1 };
    const app = await createServer({ db, logLevel: 'silent', limits });
    // An answer that takes 2.5 s to compute, as a heavy query could.
    app.post('/test/slow-answer', async (request) => {
      await sleep(2500);
      return { received: request.body };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/test/slow-answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: QUERY,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: JSON.parse(QUERY) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    } finally {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('connections per client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ seedDemoData: false, limits: { maxConnectionsPerClient: 4 } });
  });
  afterAll(() => server.close());

  it('refuses the connections over MAX_CONNECTIONS_PER_CLIENT with 429 CONNECTION_LIMIT_EXCEEDED while the first ones still work, and accepts new ones once some close', async () => {
    const port = portOf(server);
    const first = Array.from({ length: 4 }, () => new Connection(port));
    const extra: Connection[] = [];
    try {
      // Each answered: the server has counted it.
      for (const connection of first) expect((await connection.healthz())?.status).toBe(200);

      extra.push(new Connection(port), new Connection(port));
      const refused = await within(3000, Promise.all(extra.map((connection) => connection.healthz())), 'the extra connections were not answered');
      await within(3000, Promise.all(extra.map((connection) => connection.closed)), 'a refused connection stayed open');
      for (const answer of refused) {
        expect(answer?.status).toBe(429);
        expect(answer!.headers).toMatch(/^content-type: application\/json/im);
        expect(answer!.headers).toMatch(/^connection: close/im);
        expect(JSON.parse(answer!.body)).toEqual({
          errors: [{ message: expect.stringContaining('already has 4 connections open'), extensions: { code: 'CONNECTION_LIMIT_EXCEEDED' } }],
        });
      }

      // The first ones are served as before, over keep-alive.
      for (const connection of first) expect((await connection.healthz())?.status).toBe(200);

      // Two closed: two new ones are accepted (once the server has seen them close).
      first[0].close();
      first[1].close();
      await Promise.all([first[0].closed, first[1].closed]);
      await sleep(100);
      const again = [new Connection(port), new Connection(port)];
      first.push(...again);
      for (const connection of again) expect((await connection.healthz())?.status).toBe(200);
    } finally {
      for (const connection of [...first, ...extra]) connection.close();
    }
    await sleep(100);
    expect((await refusals(server)).CONNECTION_LIMIT_EXCEEDED).toBe(2);
  });

  it('does not cap a proxy that TRUST_PROXY trusts: its connections are all its clients', async () => {
    const proxied = await startServer({ seedDemoData: false, limits: { maxConnectionsPerClient: 2 }, trustProxy: '10.0.0.0/8,127.0.0.1' });
    const connections = Array.from({ length: 5 }, () => new Connection(portOf(proxied)));
    try {
      for (const connection of connections) expect((await connection.healthz())?.status).toBe(200);
    } finally {
      for (const connection of connections) connection.close();
      await proxied.close();
    }
  });
});
