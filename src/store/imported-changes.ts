// What a bulk record changes of the stored paper: one rule for every engine's load sessions
// (./sqlite/paper-writer.ts, ./postgres/paper-writes.ts), so that an import gives the same paper
// on either.
import { changedPaperFields } from '../domain/paper-diff';
import type { PaperFields, PaperRecord, SourceFields } from './types';
import type { PaperWriteRecord } from './write-types';

/** A stored paper as an engine reads it (has_code and the computed flag as 0/1 or booleans). */
export type StoredForImport = Omit<PaperRecord, 'hasCode'> & { hasCode: boolean | 0 | 1; noveltyComputed: boolean | 0 | 1 };

export interface ImportedChanges {
  changes: Partial<PaperFields>;
  /** The title, abstract or date changed: a computed novelty is scored again. */
  textChanged: boolean;
  /** The paper's novelty after the record. */
  novelty: number | null;
}

/**
 * What the record does not know (null or left out) keeps what is stored, unless it knows all. A
 * record that found the paper by DOI or arXiv id is another source's record of it: it adds what
 * it knows (subjects, ids, type, citations) and leaves the text and date to the paper's own
 * source, so that importing both, in any order and again, changes nothing the second time. A
 * record without a novelty keeps a computed one (an export carries none for a paper that had no
 * score, and a re-import must change nothing); it replaces or removes a supplied one.
 */
export function importedChanges(existing: StoredForImport, record: PaperWriteRecord): ImportedChanges {
  const f = record.fields;
  const all = record.knows === 'all';
  const known = <K extends SourceFields | 'category'>(key: K): PaperRecord[K] => (all ? (f[key] ?? null) : (f[key] ?? existing[key])) as PaperRecord[K];
  const own = existing.externalId === f.externalId;
  const novelty = all && !(f.novelty === null && existing.noveltyComputed) ? f.novelty : existing.novelty;
  const incoming: Partial<PaperFields> = {
    title: own ? f.title : existing.title,
    abstract: (own && (all || f.abstract !== '')) || existing.abstract === '' ? f.abstract : existing.abstract,
    category: known('category'),
    topicId: known('topicId'),
    topicIds: known('topicIds'),
    workType: known('workType'),
    doi: known('doi'),
    arxivId: known('arxivId'),
    publishedAt: own ? f.publishedAt : existing.publishedAt,
    ...(record.knows === undefined ? {} : { citationCount: f.citationCount }),
    ...(all ? { score: f.score, novelty, aiScore: f.aiScore, hasCode: f.hasCode, codeUrl: f.codeUrl } : {}),
  };
  // What differs, by the rule the API's writes use (src/domain/paper-diff).
  const changes = changedPaperFields(existing, incoming);
  const textChanged = 'title' in changes || 'abstract' in changes || 'publishedAt' in changes;
  return { changes, textChanged, novelty };
}
