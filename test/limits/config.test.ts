// The limits come from the environment, checked at start with a message that says what is wrong.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, loadLimits } from '../../src/config';
import { tempDir } from '../support/server';

describe('limit settings', () => {
  it('has defaults that a front end never reaches', () => {
    expect(loadLimits({})).toEqual({
      maxDepth: 20,
      maxAliases: 30,
      maxTokens: 5000,
      maxDirectives: 50,
      maxCost: 50_000,
      maxBodyBytes: 512 * 1024,
      maxBatch: 10,
      rateLimitPoints: 100_000,
      rateLimitWindowSeconds: 60,
      requestTimeoutSeconds: 30,
      headersTimeoutSeconds: 10,
      keepAliveTimeoutSeconds: 72,
      maxConnectionsPerClient: 256,
    });
    expect(loadConfig({}).limits).toEqual(loadLimits({}));
  });

  it('takes each from its variable', () => {
    const limits = loadLimits({
      MAX_DEPTH: '8',
      MAX_ALIASES: '5',
      MAX_TOKENS: '300',
      MAX_DIRECTIVES: '4',
      MAX_COST: '1000',
      MAX_BODY_BYTES: '4096',
      MAX_BATCH: '3',
      RATE_LIMIT_POINTS: '2000',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      REQUEST_TIMEOUT_SECONDS: '120',
      HEADERS_TIMEOUT_SECONDS: '5',
      KEEP_ALIVE_TIMEOUT_SECONDS: '5',
      MAX_CONNECTIONS_PER_CLIENT: '500',
    });
    expect(limits).toEqual({
      maxDepth: 8,
      maxAliases: 5,
      maxTokens: 300,
      maxDirectives: 4,
      maxCost: 1000,
      maxBodyBytes: 4096,
      maxBatch: 3,
      rateLimitPoints: 2000,
      rateLimitWindowSeconds: 3600,
      requestTimeoutSeconds: 120,
      headersTimeoutSeconds: 5,
      keepAliveTimeoutSeconds: 5,
      maxConnectionsPerClient: 500,
    });
  });

  it('turns a limit off with 0 or "off"', () => {
    const limits = loadLimits({ MAX_DEPTH: 'off', MAX_ALIASES: '0', MAX_TOKENS: 'OFF', MAX_COST: 'off', MAX_BATCH: 'off', RATE_LIMIT_POINTS: '0' });
    expect(limits).toMatchObject({ maxDepth: null, maxAliases: null, maxTokens: null, maxCost: null, maxBatch: 0, rateLimitPoints: null });
    expect(loadLimits({ REQUEST_TIMEOUT_SECONDS: 'off', HEADERS_TIMEOUT_SECONDS: '0', MAX_CONNECTIONS_PER_CLIENT: 'off' })).toMatchObject({
      requestTimeoutSeconds: null,
      headersTimeoutSeconds: null,
      maxConnectionsPerClient: null,
    });
  });

  it.each([
    ['MAX_DEPTH', 'deep', 'MAX_DEPTH must be a number of levels between 0 and 1000, or "off" (0 and "off" turn the limit off), got "deep"'],
    ['MAX_ALIASES', '-1', 'MAX_ALIASES must be a number of aliases between 0 and 100000, or "off"'],
    ['MAX_TOKENS', '1.5', 'MAX_TOKENS must be a number of tokens between 0 and 10000000, or "off"'],
    ['MAX_COST', '1e12', 'MAX_COST must be a cost between 0 and 1000000000, or "off"'],
    ['MAX_BODY_BYTES', '1mb', 'MAX_BODY_BYTES must be a number of bytes between 0 and 1073741824, or "off"'],
    ['MAX_BATCH', '5000', 'MAX_BATCH must be a number of operations between 0 and 1000, or "off"'],
    ['RATE_LIMIT_POINTS', 'lots', 'RATE_LIMIT_POINTS must be a number of cost points between 0 and 1000000000, or "off"'],
    ['RATE_LIMIT_WINDOW_SECONDS', 'hour', 'RATE_LIMIT_WINDOW_SECONDS must be a number of seconds between 0 and 86400, got "hour"'],
    ['REQUEST_TIMEOUT_SECONDS', '30s', 'REQUEST_TIMEOUT_SECONDS must be a number of seconds between 0 and 3600, or "off" (0 and "off" turn the limit off), got "30s"'],
    ['REQUEST_TIMEOUT_SECONDS', '0.5', 'REQUEST_TIMEOUT_SECONDS must be a number of seconds between 0 and 3600, or "off"'],
    ['HEADERS_TIMEOUT_SECONDS', '-1', 'HEADERS_TIMEOUT_SECONDS must be a number of seconds between 0 and 3600, or "off"'],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', 'off', 'KEEP_ALIVE_TIMEOUT_SECONDS must be a number of seconds between 0 and 3600, got "off"'],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', '0', 'KEEP_ALIVE_TIMEOUT_SECONDS must be at least 1: an idle keep-alive connection has to close some time'],
    ['MAX_CONNECTIONS_PER_CLIENT', 'many', 'MAX_CONNECTIONS_PER_CLIENT must be a number of connections between 0 and 100000, or "off"'],
  ])('refuses %s=%s, saying what it wants', (name, value, message) => {
    expect(() => loadLimits({ [name]: value })).toThrow(message);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('refuses a cost limit that the rate limit could never pay, and a window of 0 s', () => {
    expect(() => loadLimits({ MAX_COST: '5000', RATE_LIMIT_POINTS: '1000' })).toThrow(
      'MAX_COST (5000) must not exceed RATE_LIMIT_POINTS (1000): a query within the cost limit would never fit the rate limit',
    );
    expect(loadLimits({ MAX_COST: 'off', RATE_LIMIT_POINTS: '1000' }).rateLimitPoints).toBe(1000);
    expect(() => loadLimits({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow('RATE_LIMIT_WINDOW_SECONDS must be at least 1 while RATE_LIMIT_POINTS is on');
    expect(loadLimits({ RATE_LIMIT_WINDOW_SECONDS: '0', RATE_LIMIT_POINTS: 'off' }).rateLimitPoints).toBeNull();
  });

  it('refuses a headers timeout longer than the request timeout: the headers are part of the request', () => {
    expect(() => loadLimits({ HEADERS_TIMEOUT_SECONDS: '60' })).toThrow(
      'HEADERS_TIMEOUT_SECONDS (60) must not exceed REQUEST_TIMEOUT_SECONDS (30): the headers are part of the request',
    );
    expect(loadLimits({ HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: 'off' }).headersTimeoutSeconds).toBe(60);
    expect(loadLimits({ HEADERS_TIMEOUT_SECONDS: '30' }).headersTimeoutSeconds).toBe(30);
  });
});

describe('the server with a bad limit', () => {
  it('does not start, and says which setting is wrong', () => {
    const dir = tempDir();
    const run = spawnSync('npx', ['tsx', 'src/main.ts'], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, MAX_DEPTH: 'deep', DATABASE_PATH: path.join(dir, 'never.db') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('MAX_DEPTH must be a number of levels between 0 and 1000, or "off"');
  });
});
