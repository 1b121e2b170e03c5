// The environment's settings (src/config.ts): their defaults, what each takes, and which one an
// error names when several are wrong. The limits have their own cases in ./limits/config.test.ts.
import path from 'node:path';
import { ConfigError, defaultNoveltyThreads, defaultReadThreads, loadConfig, sqliteMmapMb } from '../src/config';
import { usableCpus } from '../src/ops/cpu-quota';

describe('settings', () => {
  it('has a default for every variable, unset or empty alike', () => {
    const defaults = {
      port: 4000,
      host: '0.0.0.0',
      databasePath: path.resolve('data', 'scholargraph.db'),
      databaseUrl: null,
      databaseReadUrls: [],
      seedDemoData: true,
      demoCorpusPapers: 5000,
      logLevel: 'info',
      logFormat: 'auto',
      production: false,
      readsNeedKey: false,
      shutdownGraceSeconds: 10,
      corsOrigins: [],
      trustProxy: false,
      fieldSuggestions: true,
      playground: true,
      workers: usableCpus(),
      sqliteMmapMb: 2047,
      sqlStatementsPerRequest: true,
      readThreads: defaultReadThreads(),
      noveltyThreads: defaultNoveltyThreads(),
      httpCacheMaxAge: { maxAgeSeconds: 5 },
      graphqlExecutor: 'graphql-js',
    };
    expect(loadConfig({})).toEqual({ ...defaults, limits: expect.any(Object) });
    const empty = Object.fromEntries(
      ['PORT', 'HOST', 'DATABASE_PATH', 'SEED_DEMO_DATA', 'DEMO_CORPUS_PAPERS', 'LOG_LEVEL', 'LOG_FORMAT', 'NODE_ENV', 'READS_NEED_KEY']
        .concat(['SHUTDOWN_GRACE_SECONDS', 'CORS_ORIGINS', 'TRUST_PROXY', 'FIELD_SUGGESTIONS', 'PLAYGROUND', 'WORKERS', 'SQLITE_MMAP_MB'])
        .concat(['SQL_STATEMENTS_PER_REQUEST', 'READ_THREADS', 'NOVELTY_THREADS', 'HTTP_CACHE_MAX_AGE', 'GRAPHQL_EXECUTOR', 'MAX_DEPTH', 'KEEP_ALIVE_TIMEOUT_SECONDS', 'DATABASE_URL', 'DATABASE_READ_URLS'])
        .map((name) => [name, '']),
    );
    expect(loadConfig(empty)).toEqual(loadConfig({}));
  });

  it('takes a PostgreSQL database and its replicas, and refuses what is none without showing a password', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://api:s3cret@db.example.org:5432/scholargraph', DATABASE_READ_URLS: 'postgres://r1/scholargraph, postgresql://r2:5433/scholargraph' });
    expect(config.databaseUrl).toBe('postgres://api:s3cret@db.example.org:5432/scholargraph');
    expect(config.databaseReadUrls).toEqual(['postgres://r1/scholargraph', 'postgresql://r2:5433/scholargraph']);
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const wrongScheme = refusal({ DATABASE_URL: 'mysql://api:s3cret@db.example.org/scholargraph' });
    expect(wrongScheme).toMatch(/^DATABASE_URL must be a PostgreSQL connection URL, postgres:\/\//);
    expect(wrongScheme).not.toContain('s3cret');
    expect(refusal({ DATABASE_URL: 'postgres://db/x', DATABASE_READ_URLS: 'postgres://r1/x,http://u:s3cret@r2/x' })).toMatch(/^DATABASE_READ_URLS must list PostgreSQL connection URLs.*got "http:\/\/\*\*\*@r2\/x"$/);
    expect(refusal({ DATABASE_READ_URLS: 'postgres://r1/x' })).toMatch(/^DATABASE_READ_URLS needs DATABASE_URL/);
  });

  it('takes each from its variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_PATH: 'elsewhere/papers.db',
      SEED_DEMO_DATA: 'false',
      DEMO_CORPUS_PAPERS: '10',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      NODE_ENV: 'production',
      READS_NEED_KEY: 'true',
      SHUTDOWN_GRACE_SECONDS: '0',
      CORS_ORIGINS: ' https://app.example.org , http://localhost:5173,',
      TRUST_PROXY: ' 10.0.0.0/8 , ::1 ',
      FIELD_SUGGESTIONS: 'false',
      PLAYGROUND: 'false',
      WORKERS: '3',
      SQLITE_MMAP_MB: '0',
      SQL_STATEMENTS_PER_REQUEST: 'false',
      READ_THREADS: '0',
      HTTP_CACHE_MAX_AGE: '60',
      GRAPHQL_EXECUTOR: 'jit',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databasePath: path.resolve('elsewhere/papers.db'),
      seedDemoData: false,
      demoCorpusPapers: 10,
      logLevel: 'warn',
      logFormat: 'json',
      production: true,
      readsNeedKey: true,
      shutdownGraceSeconds: 0,
      corsOrigins: ['https://app.example.org', 'http://localhost:5173'],
      trustProxy: '10.0.0.0/8,::1',
      fieldSuggestions: false,
      playground: false,
      workers: 3,
      sqliteMmapMb: 0,
      sqlStatementsPerRequest: false,
      readThreads: 0,
      httpCacheMaxAge: { maxAgeSeconds: 60 },
      graphqlExecutor: 'jit',
    });
    expect(sqliteMmapMb({ SQLITE_MMAP_MB: '64' })).toBe(64);
  });

  it('reads numbers as Number() does, and booleans only as true or false', () => {
    expect(loadConfig({ PORT: '8e3', WORKERS: ' 2 ' })).toMatchObject({ port: 8000, workers: 2 });
    expect(() => loadConfig({ SEED_DEMO_DATA: 'TRUE' })).toThrow('SEED_DEMO_DATA must be true or false, got "TRUE"');
    expect(() => loadConfig({ READ_THREADS: '65' })).toThrow('READ_THREADS must be a number of threads between 0 and 64, got "65"');
    expect(() => loadConfig({ NOVELTY_THREADS: '0' })).toThrow(/^NOVELTY_THREADS must be a number of threads between 1 and 64 \(default: one per CPU this process may use, at most 8; here \d+\), got "0"$/);
    expect(loadConfig({ HTTP_CACHE_MAX_AGE: ' OFF ' }).httpCacheMaxAge).toBeNull();
    expect(loadConfig({ HTTP_CACHE_MAX_AGE: '0' }).httpCacheMaxAge).toEqual({ maxAgeSeconds: 0 });
    expect(() => loadConfig({ HTTP_CACHE_MAX_AGE: '-1' })).toThrow('HTTP_CACHE_MAX_AGE must be a number of seconds between 0 and 86400, or "off" (no ETag, no caching), got "-1"');
    expect(() => loadConfig({ GRAPHQL_EXECUTOR: 'fast' })).toThrow(
      'GRAPHQL_EXECUTOR must be graphql-js (the reference executor: the default) or jit (graphql-jit, each document compiled once), got "fast"',
    );
  });

  it('names the entry of a list that it refuses', () => {
    expect(() => loadConfig({ CORS_ORIGINS: '*, https://app.example.org/path' })).toThrow(
      'CORS_ORIGINS must list origins such as https://app.example.org (scheme, host and port only, no path or trailing slash), or *, got "https://app.example.org/path"',
    );
    expect(() => loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/33' })).toThrow(/^TRUST_PROXY must be .*, got "10.0.0.0\/33"$/);
    expect(() => loadConfig({ TRUST_PROXY: '127.0.0.1,' })).toThrow(/, got ""$/);
  });

  it('names the first wrong variable, in the order they are read: the server, then the limits, then the rules between limits', () => {
    const error = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (caught) {
        expect(caught).toBeInstanceOf(ConfigError);
        return (caught as ConfigError).message;
      }
      throw new Error('no error');
    };
    expect(error({ MAX_DEPTH: 'deep', SEED_DEMO_DATA: 'x', PORT: 'x' })).toMatch(/^PORT must/);
    expect(error({ MAX_DEPTH: 'deep', READ_THREADS: 'x', WORKERS: 'x' })).toMatch(/^WORKERS must/);
    expect(error({ HEADERS_TIMEOUT_SECONDS: '60', MAX_DEPTH: 'deep' })).toMatch(/^MAX_DEPTH must/);
    expect(error({ MAX_COST: '5000', RATE_LIMIT_POINTS: '1000', KEEP_ALIVE_TIMEOUT_SECONDS: '0' })).toMatch(/^KEEP_ALIVE_TIMEOUT_SECONDS must be at least 1/);
    expect(error({ MAX_COST: '5000', RATE_LIMIT_POINTS: '1000', RATE_LIMIT_WINDOW_SECONDS: '0' })).toMatch(/^RATE_LIMIT_WINDOW_SECONDS must be at least 1/);
  });
});
