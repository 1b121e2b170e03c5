// The task of the mapping threads (./map-pool, piscina): maps a batch of lines (JSON parsing, TeX
// and markup cleaning, name keys) while the main thread writes the previous batch: on two cores
// the import does both at once.
import { MAPPERS, mapLines, type ImportFormat, type Line, type MappedLines } from './formats';

export interface MapTask {
  format: ImportFormat;
  lines: Line[];
}

export default function mapTask({ format, lines }: MapTask): MappedLines {
  return mapLines(MAPPERS[format], lines);
}
