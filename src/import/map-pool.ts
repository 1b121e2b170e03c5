// Runs ./map-worker and hands it batches of lines, one promise per batch, answered in order.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type ImportFormat, type Line, type MappedLines } from './formats';

export class MapWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (mapped: MappedLines) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failed: Error | null = null;

  constructor(format: ImportFormat) {
    // From src (tsx, ts-jest) the worker is TypeScript and needs tsx's loader; from dist it is JS.
    const typescript = __filename.endsWith('.ts');
    const file = path.join(__dirname, typescript ? 'map-worker.ts' : 'map-worker.js');
    this.worker = typescript
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: { format } })
      : new Worker(file, { workerData: { format } });
    this.worker.on('message', ({ id, records, skipped }: MappedLines & { id: number }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      waiter?.resolve({ records, skipped });
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the mapping worker stopped (exit code ${code})`)));
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const { reject } of this.waiting.values()) reject(this.failed);
    this.waiting.clear();
  }

  map(lines: Line[]): Promise<MappedLines> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, lines });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
