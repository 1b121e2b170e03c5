// Long reads off the event loop. better-sqlite3 runs a statement on the calling thread, so an
// aggregate over a hundred thousand rows (a count, a page's stats, a search's ranking) blocks
// every other request of the process, /healthz included, for as long as it runs. The statements
// that scan a set rather than look rows up by key go through `Reads`: in a server, a pool of
// worker threads, each with its own read-only connection to the same file (as better-sqlite3
// recommends for slow queries; WAL lets them read while the main connection writes), so the
// main thread keeps answering while they run. Elsewhere (CLIs, an in-memory database) they run
// inline, as before. Either way a statement counts once in the request's statement tally.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import { countStatement } from './statement-counter';

export interface Reads {
  /** The rows of `sql` bound to `params`. */
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** The first row of `sql`, or undefined. */
  get<T>(sql: string, params: readonly unknown[]): Promise<T | undefined>;
  /** Threads reading apart from the main thread; 0 when statements run inline. */
  readonly threads: number;
}

type Mode = 'all' | 'get';

interface Job {
  id: number;
  sql: string;
  params: readonly unknown[];
  mode: Mode;
  resolve(rows: unknown): void;
  reject(error: Error): void;
}

/** The answer of a read thread: rows, or the error SQLite gave (its message and code). */
export type ReadAnswer = { id: number; rows: unknown } | { id: number; error: { message: string; code?: string } };

function inlineReads(sqlite: Database.Database): Reads {
  return {
    threads: 0,
    async all<T>(sql: string, params: readonly unknown[]) {
      return prepared(sqlite, sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: readonly unknown[]) {
      return prepared(sqlite, sql).get(...params) as T | undefined;
    },
  };
}

class ReadThread {
  readonly worker: Worker;
  job: Job | null = null;

  constructor(file: string, mmapMb: number | undefined, onAnswer: (thread: ReadThread, answer: ReadAnswer) => void, onExit: (thread: ReadThread, error: Error) => void) {
    // From src (tsx, ts-jest) the worker is TypeScript and needs tsx's loader; from dist it is JS.
    const typescript = __filename.endsWith('.ts');
    const script = path.join(__dirname, typescript ? 'read-worker.ts' : 'read-worker.js');
    const workerData = { file, mmapMb };
    this.worker = typescript
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData })
      : new Worker(script, { workerData });
    // A pool nobody closed does not keep a CLI or a test process alive.
    this.worker.unref();
    let failure: Error | null = null;
    this.worker.on('message', (answer: ReadAnswer) => onAnswer(this, answer));
    this.worker.on('error', (error) => {
      failure = error;
    });
    this.worker.on('exit', (code) => onExit(this, failure ?? new Error(`a read thread stopped (exit code ${code})`)));
  }
}

export interface ReadPoolOptions {
  /** Reading threads; each holds one connection and runs one statement at a time. */
  threads: number;
  /** The memory map of each thread's connection, MiB (SQLITE_MMAP_MB's by default). */
  mmapMb?: number;
}

/** Statements queue here while every thread is busy, oldest first. */
export class ReadPool implements Reads {
  private readonly idle: ReadThread[] = [];
  private readonly live: ReadThread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly options: ReadPoolOptions,
  ) {
    for (let i = 0; i < options.threads; i++) this.start();
  }

  get threads(): number {
    return this.options.threads;
  }

  private start(): void {
    const thread = new ReadThread(this.file, this.options.mmapMb, (t, answer) => this.answered(t, answer), (t, error) => this.exited(t, error));
    this.live.push(thread);
    this.idle.push(thread);
    this.dispatch();
  }

  private answered(thread: ReadThread, answer: ReadAnswer): void {
    const job = thread.job;
    thread.job = null;
    this.idle.push(thread);
    if (job && job.id === answer.id) {
      if ('error' in answer) job.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      else job.resolve(answer.rows);
    }
    this.dispatch();
  }

  // A thread that died takes its statement with it; another takes its place.
  private exited(thread: ReadThread, error: Error): void {
    this.live.splice(this.live.indexOf(thread), 1);
    const idle = this.idle.indexOf(thread);
    if (idle >= 0) this.idle.splice(idle, 1);
    thread.job?.reject(error);
    thread.job = null;
    if (!this.closed) this.start();
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const thread = this.idle.pop()!;
      const job = this.queue.shift()!;
      thread.job = job;
      thread.worker.postMessage({ id: job.id, sql: job.sql, params: job.params, mode: job.mode });
    }
  }

  private run<T>(sql: string, params: readonly unknown[], mode: Mode): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the read pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, sql, params, mode, resolve: resolve as (rows: unknown) => void, reject });
      this.dispatch();
    });
  }

  all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.run<T[]>(sql, params, 'all');
  }

  get<T>(sql: string, params: readonly unknown[]): Promise<T | undefined> {
    return this.run<T | undefined>(sql, params, 'get');
  }

  /** Stops the threads; statements still queued or running are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the read pool is closed'));
    await Promise.all(this.live.map((thread) => thread.worker.terminate()));
  }
}

const pools = new WeakMap<Database.Database, Reads>();

/**
 * The reads of `sqlite`'s file: its pool when the server opened one (openReadPool), inline on
 * `sqlite` otherwise. Each read counts as one statement of `sqlite` (its total and the
 * request's tally), wherever it runs.
 */
export function readsOf(sqlite: Database.Database): Reads {
  const reads = pools.get(sqlite) ?? inlineReads(sqlite);
  if (reads.threads === 0) return reads;
  return {
    threads: reads.threads,
    all(sql, params) {
      countStatement(sqlite);
      return reads.all(sql, params);
    },
    get(sql, params) {
      countStatement(sqlite);
      return reads.get(sql, params);
    },
  };
}

/**
 * Opens `threads` read connections to `sqlite`'s file in worker threads; its set reads go to
 * them from now on. An in-memory database has no file to share: its reads stay inline.
 */
export function openReadPool(sqlite: Database.Database, options: ReadPoolOptions): ReadPool | null {
  if (sqlite.memory || options.threads === 0) return null;
  const pool = new ReadPool(sqlite.name, options);
  pools.set(sqlite, pool);
  return pool;
}

/** Closes `sqlite`'s pool, if it has one; its reads run inline again. */
export async function closeReadPool(sqlite: Database.Database): Promise<void> {
  const pool = pools.get(sqlite);
  pools.delete(sqlite);
  if (pool instanceof ReadPool) await pool.close();
}
