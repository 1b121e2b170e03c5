// A secret a client puts in the URL (a key as `?access_token=`, a token in a GET's variables)
// never reaches the log: the request lines keep the method, the path and the names of the
// GraphQL parameters, and the request is answered as before.
import fs from 'node:fs';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createKey } from '../../src/auth/keys';
import { sqliteStore } from '../../src/store';
import { prepareDatabase } from '../../src/bootstrap';
import { loadLimits } from '../../src/config';
import { createServer } from '../../src/http/server';
import { redactUrl } from '../../src/http/request-log';
import { tempDir } from '../support/server';

describe('request log lines', () => {
  it('never carry a query string value, while the requests still succeed', async () => {
    const dir = tempDir();
    const { db } = prepareDatabase(path.join(dir, 'redact.db'), { seedDemoData: false });
    const { key } = await createKey(sqliteStore(db), { name: 'misplaced', role: 'reader' });
    const stream = new PassThrough();
    let log = '';
    stream.on('data', (chunk) => (log += chunk));
    const app = await createServer({ db, logLevel: 'trace', logStream: stream, limits: loadLimits({}) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const get = (query: string) => fetch(`${base}${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    const variables = encodeURIComponent(JSON.stringify({ token: 'variable-secret-1234' }));
    const persisted = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }));

    const typename = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}&access_token=${key}`);
    const withVariables = await get(
      `/graphql?query=${encodeURIComponent('query Q($token: String) { authors(search: $token) { totalCount } }')}&variables=${variables}&operationName=Q`,
    );
    const bare = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}&${key}`);
    const posted = await fetch(`${base}/graphql?access_token=${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const persistedGet = await get(`/graphql?extensions=${persisted}&api_key=${key}`);
    const health = await fetch(`${base}/healthz?token=${key}`);
    await app.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });

    for (const response of [typename, bare, posted]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    }
    expect(await withVariables.json()).toEqual({ data: { authors: { totalCount: 0 } } });
    expect(((await persistedGet.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(health.status).toBe(200);

    expect(log).not.toContain(key);
    expect(log).not.toContain(key.slice(3, 20));
    expect(log).not.toContain('variable-secret-1234');
    expect(log).not.toContain('access_token');
    expect(log).not.toContain('api_key');
    const requests = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((line) => line.req)
      .map((line) => `${line.req.method} ${line.req.url}`);
    expect(requests).toEqual([
      'GET /graphql?query=[redacted]&[redacted]',
      'GET /graphql?query=[redacted]&variables=[redacted]&operationName=[redacted]',
      'GET /graphql?query=[redacted]&[redacted]',
      'POST /graphql?[redacted]',
      'GET /graphql?extensions=[redacted]&[redacted]',
      'GET /healthz?[redacted]',
    ]);
  });
});

describe('redactUrl', () => {
  it.each([
    ['/graphql', '/graphql'],
    ['/graphql?', '/graphql'],
    ['/graphql?query={__typename}', '/graphql?query=[redacted]'],
    ['/graphql?%71uery=x&operationName=Q', '/graphql?query=[redacted]&operationName=[redacted]'],
    ['/graphql?sg_secret', '/graphql?[redacted]'],
    ['/graphql?access_token=sg_secret&&query=x', '/graphql?[redacted]&query=[redacted]'],
    ['/graphql?%E0%A4%A=x', '/graphql?[redacted]'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
