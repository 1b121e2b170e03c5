// One thread of the read pool (./read-pool.ts): a read-only connection to the database file
// that runs the statements the main thread sends, one at a time, and answers their rows.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './client';
import { prepared } from './prepared';
import { type ReadAnswer } from './read-pool';

const { file, mmapMb } = workerData as { file: string; mmapMb?: number };
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
configureConnection(sqlite, { readonly: true, mmapMb });

parentPort!.on('message', ({ id, sql, params, mode }: { id: number; sql: string; params: unknown[]; mode: 'all' | 'get' }) => {
  let answer: ReadAnswer;
  try {
    const statement = prepared(sqlite, sql);
    answer = { id, rows: mode === 'get' ? statement.get(...params) : statement.all(...params) };
  } catch (error) {
    const { message, code } = error as Error & { code?: string };
    answer = { id, error: { message, code } };
  }
  parentPort!.postMessage(answer);
});
