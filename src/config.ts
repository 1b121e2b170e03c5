// Every environment variable the server reads, typed, with its default, in one place.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  seedDemoData: boolean;
  demoCorpusPapers: number;
  logLevel: string;
  production: boolean;
  readsNeedKey: boolean;
}

function integer(name: string, value: string | undefined, fallback: number, max: number, what: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) {
    throw new Error(`${name} must be ${what} between 0 and ${max}, got "${value}"`);
  }
  return parsed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer('PORT', env.PORT, 4000, 65535, 'a port number'),
    host: env.HOST || '0.0.0.0',
    databasePath: path.resolve(env.DATABASE_PATH || path.join('data', 'scholargraph.db')),
    seedDemoData: env.SEED_DEMO_DATA !== 'false',
    demoCorpusPapers: integer('DEMO_CORPUS_PAPERS', env.DEMO_CORPUS_PAPERS, 5000, 1_000_000, 'a number of papers'),
    logLevel: env.LOG_LEVEL || 'info',
    production: env.NODE_ENV === 'production',
    readsNeedKey: env.READS_NEED_KEY === 'true',
  };
}
