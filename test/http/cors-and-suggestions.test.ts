// Third-party front ends (CORS, an allow-list of origins) and field suggestions that can be off.
import fs from 'node:fs';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { loadConfig, loadLimits } from '../../src/config';
import { createServer, type ServerOptions } from '../../src/http/server';
import { tempDir } from '../support/server';

async function serve(options: Partial<ServerOptions>) {
  const dir = tempDir();
  const { db } = prepareDatabase(path.join(dir, 'cors.db'), { seedDemoData: true });
  const app = await createServer({ db, logLevel: 'silent', limits: loadLimits({}), ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`,
    async close() {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const QUERY = JSON.stringify({ query: '{ papers(first: 1) { totalCount } }' });

describe('CORS', () => {
  it('lets a listed origin call from a browser: preflight, then the answer with its headers exposed', async () => {
    const server = await serve({ corsOrigins: ['https://app.example.org', 'http://localhost:5173'] });
    try {
      const preflight = await fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);

      const answer = await fetch(server.url, { method: 'POST', headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' }, body: QUERY });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(answer.headers.get('access-control-expose-headers')).toMatch(/X-RateLimit-Remaining/);
      expect(((await answer.json()) as { data: { papers: { totalCount: number } } }).data.papers.totalCount).toBeGreaterThan(0);

      const stranger = await fetch(server.url, { method: 'POST', headers: { origin: 'https://evil.example.com', 'content-type': 'application/json' }, body: QUERY });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('sends no CORS header when no origin is configured', async () => {
    const server = await serve({});
    try {
      const answer = await fetch(server.url, { method: 'POST', headers: { origin: 'https://app.example.org', 'content-type': 'application/json' }, body: QUERY });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('answers a browser preflight without CORS_ORIGINS by naming the setting that lets the page in', async () => {
    const server = await serve({});
    try {
      const preflight = await fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const body = (await preflight.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('CORS_ORIGIN_NOT_ALLOWED');
      expect(body.errors[0].message).toContain('CORS_ORIGINS=http://localhost:5173');
      expect(body.errors[0].message).not.toMatch(/CSRF/);
      // A request that is no preflight is answered as before.
      const answer = await fetch(server.url, { method: 'POST', headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' }, body: QUERY });
      expect(answer.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses a malformed origin list at start, saying what an origin looks like', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.org/' })).toThrow(/CORS_ORIGINS must list origins such as https:\/\/app.example.org/);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.org' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.org, http://localhost:3000' }).corsOrigins).toEqual(['https://a.example.org', 'http://localhost:3000']);
    expect(() => loadConfig({ FIELD_SUGGESTIONS: 'maybe' })).toThrow(/FIELD_SUGGESTIONS must be true or false, got "maybe"/);
    expect(() => loadConfig({ READS_NEED_KEY: 'yes' })).toThrow(/READS_NEED_KEY must be true or false/);
  });
});

describe('field suggestions', () => {
  const typo = JSON.stringify({ query: '{ papers(first: 1) { nodes { titel } } }' });
  const messageOf = async (url: string) =>
    ((await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: typo })).json()) as { errors: { message: string }[] }).errors[0].message;

  it('say "did you mean" by default, and nothing of the schema when turned off', async () => {
    const on = await serve({});
    const off = await serve({ fieldSuggestions: false });
    try {
      expect(await messageOf(on.url)).toMatch(/Did you mean "title"/);
      const hidden = await messageOf(off.url);
      expect(hidden).toMatch(/Cannot query field "titel"/);
      expect(hidden).not.toMatch(/Did you mean|"title"/);
    } finally {
      await on.close();
      await off.close();
    }
  });
});
