// Imports an arXiv metadata snapshot (JSON lines, plain or gzipped) into the database: the
// machinery shared by every format is in ./import-file, the mapping of a line in ./arxiv-record.
import { mapArxivLine } from './arxiv-record';
import { importLines, type ImportOptions, type ImportSummary, type ImportTarget } from './import-file';

export type { ImportOptions, ImportProgress, ImportSummary, ImportTarget, SkippedLine } from './import-file';

/**
 * Imports an arXiv metadata snapshot file (JSON lines, gzip detected by its magic bytes) into a
 * SQLite file, whose search indexing is suspended for the run and rebuilt once at the end (see
 * search/bulk-load), or into any engine's store.
 */
export function importArxivFile(target: ImportTarget, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importLines(target, file, mapArxivLine, options);
}
