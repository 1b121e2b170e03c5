// Imports an arXiv metadata snapshot (JSON lines, plain or gzipped) into the database: the
// machinery shared by every format is in ./import-file, the mapping of a line in ./arxiv-record.
import { type Db } from '../store';
import { mapArxivLine } from './arxiv-record';
import { importLines, type ImportOptions, type ImportSummary } from './import-file';

export type { ImportOptions, ImportProgress, ImportSummary, SkippedLine } from './import-file';

/**
 * Imports an arXiv metadata snapshot file (JSON lines, gzip detected by its magic bytes).
 * Search indexing is suspended for the run and rebuilt once at the end (see search/bulk-load).
 */
export function importArxivFile(db: Db, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importLines(db, file, mapArxivLine, options);
}
