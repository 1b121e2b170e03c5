// Keys never reach the log, whatever the request does with them.
import { PassThrough } from 'node:stream';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { createKey } from '../../src/auth/keys';
import { sqliteStore } from '../../src/store';
import { prepareDatabase } from '../../src/bootstrap';
import { createServer } from '../../src/http/server';
import { tempDir } from '../support/server';

describe('logs', () => {
  it('carry requests at info level but never the API key, valid or not', async () => {
    const dir = tempDir();
    const { db } = prepareDatabase(path.join(dir, 'log.db'));
    const stream = new PassThrough();
    let log = '';
    stream.on('data', (chunk) => (log += chunk));
    const app = await createServer({ db, logLevel: 'trace', logStream: stream });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
    const { key } = await createKey(sqliteStore(db), { name: 'secret', role: 'writer' });
    const send = (authorization: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: 'mutation { createAuthor(name: "Logged Person") { author { id } } }' }),
      });
    expect((await send(`Bearer ${key}`)).status).toBe(200);
    expect((await send('Bearer sg_wrong-key-that-must-not-leak')).status).toBe(401);
    await app.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(log).toContain('"url":"/graphql"');
    expect(log).not.toContain(key);
    expect(log).not.toContain(key.slice(3, 20));
    expect(log).not.toContain('sg_wrong-key-that-must-not-leak');
    expect(log.toLowerCase()).not.toContain('authorization');
  });
});
