// A worker thread that maps batches of lines (JSON parsing, TeX and markup cleaning, name keys)
// while the main thread writes the previous batch: on two cores the import does both at once.
// Messages: { id, lines } in, { id, records, skipped } (MappedLines) out.
import { parentPort, workerData } from 'node:worker_threads';
import { MAPPERS, mapLines, type ImportFormat, type Line } from './formats';

const map = MAPPERS[(workerData as { format: ImportFormat }).format];

parentPort?.on('message', ({ id, lines }: { id: number; lines: Line[] }) => {
  parentPort?.postMessage({ id, ...mapLines(map, lines) });
});
