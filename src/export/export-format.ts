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

/** An OpenAlex topic with its subfield, field and domain (ids in OpenAlex's short form). */
export interface ExportedTopic {
  id: string;
  name: string;
  subfield: { id: string; name: string | null } | null;
  field: { id: string; name: string | null } | null;
  domain: { id: string; name: string | null } | null;
}

export interface ExportedPaper {
  scholargraph: typeof EXPORT_FORMAT_VERSION;
  /** Global Paper id in the exporting database: pass it as `after` to resume after this paper. */
  id: string;
  externalId: string | null;
  title: string;
  abstract: string;
  /** arXiv category code; null when the paper has none. */
  category: string | null;
  /** OpenAlex topics, the primary first; empty when none. Left out by exports from before subjects: read as none. */
  topics: ExportedTopic[];
  /** article, preprint, book-chapter, ...; null when unknown. */
  workType: string | null;
  doi: string | null;
  arxivId: string | null;
  publishedAt: string;
  citationCount: number;
  score: number;
  novelty: number | null;
  aiScore: number | null;
  hasCode: boolean;
  codeUrl: string | null;
  authors: ExportedAuthor[];
}
