// The import formats by name, and how a line tells which one it is. Kept apart from the import
// engine so that the mapping worker (./map-worker) loads the mappers and nothing else.
import { mapArxivLine } from './arxiv-record';
import { mapOpenAlexLine } from './openalex-record';
import { RecordError, type MappedRecord, type RecordMapper } from './record';
import { isScholarGraphRecord, mapScholarGraphLine } from './scholargraph-record';

/** arXiv metadata snapshot, OpenAlex works, and our own export (`npm run export`). */
export type ImportFormat = 'arxiv' | 'openalex' | 'scholargraph';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['arxiv', 'openalex', 'scholargraph'];

export const MAPPERS: Record<ImportFormat, RecordMapper> = { arxiv: mapArxivLine, openalex: mapOpenAlexLine, scholargraph: mapScholarGraphLine };

/**
 * The format of one record: ours by its `scholargraph` version key, OpenAlex by its
 * `https://openalex.org/W` id or `authorships`, arXiv by `authors_parsed` or `versions`.
 */
export function detectFormatOfLine(line: string): ImportFormat | null {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return null;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  if (isScholarGraphRecord(r)) return 'scholargraph';
  if ((typeof r.id === 'string' && r.id.startsWith('https://openalex.org/W')) || 'authorships' in r) return 'openalex';
  if ('authors_parsed' in r || 'versions' in r) return 'arxiv';
  return null;
}

export interface Line {
  number: number;
  text: string;
}

export interface MappedLines {
  records: Array<{ line: number; record: MappedRecord }>;
  skipped: Array<{ line: number; reason: string }>;
}

/** Maps a batch of lines: the records, and the lines to skip with their reasons. */
export function mapLines(map: RecordMapper, lines: readonly Line[]): MappedLines {
  const mapped: MappedLines = { records: [], skipped: [] };
  for (const line of lines) {
    try {
      mapped.records.push({ line: line.number, record: map(line.text) });
    } catch (error) {
      mapped.skipped.push({ line: line.number, reason: error instanceof RecordError ? error.message : String(error) });
    }
  }
  return mapped;
}
