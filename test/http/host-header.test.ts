// A request /graphql cannot read the Host of (none over HTTP/1.0, `a b`, `[::1`) is the client's
// mistake: 400 with a code and how to fix it, and a warning in the log, not a 500 and a stack.
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { prepareDatabase } from '../../src/bootstrap';
import { loadLimits, type TrustProxy } from '../../src/config';
import { createServer } from '../../src/http/server';
import { tempDir } from '../support/server';

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/** One request written byte for byte over TCP, as no fetch() would send it. */
function rawRequest(port: number, head: string, body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(`${head}\r\n\r\n${body}`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.split(' ', 2)[1]), headers: text.slice(0, split), body: text.slice(split + 4) });
    });
  });
}

const BODY = JSON.stringify({ query: '{ __typename }' });

/** A GraphQL POST and a GET of `{__typename}`, with the given protocol version and Host line (none when null). */
function bothMethods(port: number, version: string, host: string | null): Promise<RawResponse>[] {
  const hostLine = host === null ? '' : `\r\nHost: ${host}`;
  return [
    rawRequest(
      port,
      `POST /graphql HTTP/${version}${hostLine}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\nConnection: close`,
      BODY,
    ),
    rawRequest(port, `GET /graphql?query={__typename} HTTP/${version}${hostLine}\r\nApollo-Require-Preflight: true\r\nConnection: close`),
  ];
}

async function logged(trustProxy: TrustProxy = false) {
  const dir = tempDir();
  const { db } = prepareDatabase(path.join(dir, 'host.db'), { seedDemoData: false });
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (chunk) => (log += chunk));
  const app = await createServer({ db, logLevel: 'info', logStream: stream, limits: loadLimits({}), trustProxy });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    lines: () => log.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>),
    async close() {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the Host header', () => {
  it.each([
    ['no Host over HTTP/1.0', '1.0', null, /has no Host header/],
    ['Host: a b', '1.1', 'a b', /Host header, "a b", is not a valid host/],
    ['Host: [::1', '1.1', '[::1', /Host header, "\[::1", is not a valid host/],
  ])('%s: 400 BAD_REQUEST saying to send a valid Host, logged as a warning without a stack', async (_name, version, host, problem) => {
    const server = await logged();
    const responses = await Promise.all(bothMethods(server.port, version, host));
    const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    await server.close();
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(response.headers).toMatch(/^content-type: application\/json/im);
      const { errors } = JSON.parse(response.body);
      expect(errors).toHaveLength(1);
      expect(errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
      expect(errors[0].message).toMatch(problem);
      expect(errors[0].message).toContain("Send the server's name or address");
    }
    const lines = server.lines();
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(2);
    for (const warning of warnings) {
      expect(warning).toMatchObject({ msg: 'refused: missing or malformed Host header', host: host ?? '' });
      expect(warning.err).toBeUndefined();
    }
    expect(JSON.stringify(lines)).not.toMatch(/stack|ERR_INVALID_URL/);
    expect(metrics).toMatch(/^scholargraph_refused_requests_total\{reason="BAD_REQUEST"\} 2$/m);
  });

  it('answers requests with a valid Host, over HTTP/1.1 and HTTP/1.0, by name, IPv4 and IPv6 address', async () => {
    const server = await logged();
    const responses = await Promise.all([
      ...bothMethods(server.port, '1.1', `127.0.0.1:${server.port}`),
      ...bothMethods(server.port, '1.1', `[::1]:${server.port}`),
      ...bothMethods(server.port, '1.1', 'localhost'),
      ...bothMethods(server.port, '1.0', 'localhost'),
    ]);
    await server.close();
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ data: { __typename: 'Query' } });
    }
    expect(server.lines().filter((line) => line.level >= 40)).toEqual([]);
  });

  it('is not needed by the health check, which probes may send without one', async () => {
    const server = await logged();
    const response = await rawRequest(server.port, 'GET /healthz HTTP/1.0');
    await server.close();
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('names X-Forwarded-Host when a trusted proxy forwards a malformed one', async () => {
    const server = await logged(true);
    const response = await rawRequest(
      server.port,
      `GET /graphql?query={__typename} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Forwarded-Host: a b\r\nApollo-Require-Preflight: true\r\nConnection: close`,
    );
    await server.close();
    expect(response.status).toBe(400);
    const { errors } = JSON.parse(response.body);
    expect(errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/X-Forwarded-Host header, "a b"/) });
  });
});
