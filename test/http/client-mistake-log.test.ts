// A client's mistake is the client's: answered with its own code, and logged as a warning
// without a stack, not as an unexpected error of the server.
import { PassThrough } from 'node:stream';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { prepareDatabase } from '../../src/bootstrap';
import { createServer } from '../../src/http/server';
import { tempDir } from '../support/server';

describe('client mistakes in the log', () => {
  it.each([
    ['an unsupported persisted-query version', { extensions: { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } } }],
    ['a persisted query whose hash is not its text', { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } }],
    ['a persistedQuery that is no object', { query: '{ __typename }', extensions: { persistedQuery: 'yes' } }],
  ])('logs %s as a warning without a stack', async (_, body) => {
    const dir = tempDir();
    const { db } = prepareDatabase(path.join(dir, 'log.db'));
    const stream = new PassThrough();
    let log = '';
    stream.on('data', (chunk) => (log += chunk));
    const app = await createServer({ db, logLevel: 'info', logStream: stream });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(response.status).toBe(400);
      expect(answer.errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const lines = log.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(log).not.toContain('"stack"');
    expect(lines.filter((l) => l.level === 40 && l.msg === 'client error')).toHaveLength(1);
  });
});
