// The paper columns both PostgreSQL writers use (the loads' session, ./paper-writes.ts, and the
// API's writes, ./api-paper-writes.ts): which fields a write sets, in which column and type, what a
// new paper that leaves one out gets, and the stored paper as a write reads it.
import { type PaperFields } from '../types';
import { PAPER_COLUMNS } from './records';

/** Every field a write may set: its column, and its type as unnest's arrays take it. */
export const WRITABLE_PAPER_COLUMNS: ReadonlyArray<readonly [keyof PaperFields, string, string]> = [
  ['externalId', 'external_id', 'text'],
  ['title', 'title', 'text'],
  ['abstract', 'abstract', 'text'],
  ['category', 'category', 'text'],
  ['topicId', 'topic_id', 'text'],
  ['topicIds', 'topic_ids', 'text'],
  ['workType', 'work_type', 'text'],
  ['doi', 'doi', 'text'],
  ['arxivId', 'arxiv_id', 'text'],
  ['publishedAt', 'published_at', 'text'],
  ['score', 'score', 'float8'],
  ['novelty', 'novelty', 'float8'],
  ['aiScore', 'ai_score', 'float8'],
  ['citationCount', 'citation_count', 'int4'],
  ['hasCode', 'has_code', 'bool'],
  ['codeUrl', 'code_url', 'text'],
];

/** The column of each writable field. */
export const WRITABLE_COLUMN: ReadonlyMap<string, string> = new Map(WRITABLE_PAPER_COLUMNS.map(([field, column]) => [field, column]));

/** The writable columns, comma-separated, in WRITABLE_PAPER_COLUMNS' order. */
export const WRITABLE_COLUMN_LIST = WRITABLE_PAPER_COLUMNS.map(([, column]) => column).join(', ');

/** A field's value as written; what a new paper leaves out takes the column's default. */
export function newPaperValue(fields: Partial<PaperFields>, key: keyof PaperFields): unknown {
  const v = fields[key];
  if (v !== undefined && v !== null) return v;
  switch (key) {
    case 'abstract':
      return '';
    case 'score':
    case 'citationCount':
      return 0;
    case 'hasCode':
      return false;
    default:
      return null;
  }
}

/** A new paper's values in WRITABLE_PAPER_COLUMNS' order. */
export function newPaperRow(fields: Partial<PaperFields>): unknown[] {
  return WRITABLE_PAPER_COLUMNS.map(([key]) => newPaperValue(fields, key));
}

/** One new paper, its values bound as $1..$16 (newPaperRow). */
export const INSERT_PAPER = `INSERT INTO papers (${WRITABLE_COLUMN_LIST})
  VALUES (${WRITABLE_PAPER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/** A stored paper as a write reads it (papers AS p), and whether its novelty is a computed one (paper_novelty agrees). */
export const STORED_PAPER_SELECT = `SELECT ${PAPER_COLUMNS},
    EXISTS (SELECT 1 FROM paper_novelty n WHERE n.paper_id = p.id AND n.novelty IS NOT DISTINCT FROM p.novelty) AS "noveltyComputed"
  FROM papers p`;
