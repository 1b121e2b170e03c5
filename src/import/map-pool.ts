// The thread pool (piscina) that runs ./map-worker: run({ format, lines }) maps a batch of lines
// off the main thread; a throw in the worker rejects that batch's promise with the same error.
import path from 'node:path';
import { Piscina } from 'piscina';
import { type MappedLines } from './formats';
import { type MapTask } from './map-worker';

/**
 * One thread, kept for the whole import (destroy() it at the end): it maps the next batch while
 * the main thread writes, which fills two cores; a second one was no faster on two cores.
 */
export function startMapPool(): Piscina<MapTask, MappedLines> {
  // From src (tsx, ts-jest) the worker is TypeScript, loaded through tsx's require hook; from dist it is JS.
  const typescript = __filename.endsWith('.ts');
  return new Piscina<MapTask, MappedLines>({
    filename: path.join(__dirname, typescript ? 'map-worker.ts' : 'map-worker.js'),
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: Infinity,
    recordTiming: false,
    execArgv: typescript ? [...process.execArgv, '--require', require.resolve('tsx/cjs')] : undefined,
  });
}
