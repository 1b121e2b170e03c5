// The line format of our export: one JSON object per paper, `scholargraph` its version. What
// export/paper-export writes and import/scholargraph-record reads back; kept apart so that the
// importer's mapping worker loads this and not the export's database code.
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportedAuthor {
  /** 1-based place in the author list. */
  position: number;
  /** Global Author id in the exporting database. */
  id: string;
  name: string;
  externalId: string | null;
}

export interface ExportedPaper {
  scholargraph: typeof EXPORT_FORMAT_VERSION;
  /** Global Paper id in the exporting database: pass it as `after` to resume after this paper. */
  id: string;
  externalId: string | null;
  title: string;
  abstract: string;
  category: string;
  publishedAt: string;
  citationCount: number;
  score: number;
  novelty: number | null;
  aiScore: number | null;
  hasCode: boolean;
  codeUrl: string | null;
  authors: ExportedAuthor[];
}
