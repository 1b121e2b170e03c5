// Every environment variable the server reads, typed, with its default, in one place.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  seedDemoData: boolean;
  logLevel: string;
  production: boolean;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got "${value}"`);
  }
  return parsed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer('PORT', env.PORT, 4000),
    host: env.HOST || '0.0.0.0',
    databasePath: path.resolve(env.DATABASE_PATH || path.join('data', 'scholargraph.db')),
    seedDemoData: env.SEED_DEMO_DATA !== 'false',
    logLevel: env.LOG_LEVEL || 'info',
    production: env.NODE_ENV === 'production',
  };
}
