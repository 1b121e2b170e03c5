// Our own export format: one JSON object per line and per paper, versioned ("scholargraph": 1)
// and self-describing, with the paper's authors in author-list order. npm run import reads it
// back (see import/scholargraph-record).
//
// Papers are read in keyset pages of ascending row id, two statements a page (the papers, then
// the authors of all of them; a third for their OpenAlex topics when they have any), each run to completion. An open better-sqlite3 iterator would
// keep the connection, which the server shares with every request, busy across the awaits: every
// other statement would fail until the export ended. The price is that an export is no snapshot:
// a paper written while it runs is exported as its page finds it, and new papers come last.
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { PAPER_COLUMNS, TOPICS_BY_ID, toPaper, type PaperRecord } from '../db/records';
import { toGlobalId } from '../graphql/ids';
import { type PaperFilter } from '../pagination/paper-filter';
import { paperFilterSql, whereClause } from '../store/sqlite/conditions';
import { type OpenAlexTopicRow } from '../db/schema';
import { EXPORT_FORMAT_VERSION, type ExportedAuthor, type ExportedPaper, type ExportedTopic } from './export-format';

function exportedTopic(topic: OpenAlexTopicRow): ExportedTopic {
  const level = (id: string | null, name: string | null) => (id === null ? null : { id, name });
  return {
    id: topic.id,
    name: topic.name,
    subfield: level(topic.subfieldId, topic.subfieldName),
    field: level(topic.fieldId, topic.fieldName),
    domain: level(topic.domainId, topic.domainName),
  };
}

/** The paper's topic ids, the primary first. */
function topicIdsOf(paper: PaperRecord): string[] {
  return paper.topicIds === null ? [] : (JSON.parse(paper.topicIds) as string[]);
}

export interface PaperExportOptions {
  /** The filters of `papers(filter:)`; null for every paper. */
  filter?: PaperFilter | null;
  /** Row id of a paper: only the papers after it (in row id order) are exported. */
  afterId?: number | null;
  /** At most this many papers; every paper when not given. */
  limit?: number | null;
  pageSize?: number;
}

export const DEFAULT_EXPORT_PAGE_SIZE = 1_000;

interface AuthorshipRow {
  paperId: number;
  position: number;
  id: number;
  name: string;
  externalId: string | null;
}

const AUTHORS_OF_PAPERS =
  'SELECT s.paper_id AS paperId, s.position AS position, au.id AS id, au.name AS name, au.external_id AS externalId ' +
  'FROM authorships s JOIN authors au ON au.id = s.author_id ' +
  'WHERE s.paper_id IN (SELECT value FROM json_each(?)) ORDER BY s.paper_id, s.position';

function exported(paper: PaperRecord, topics: Map<string, OpenAlexTopicRow>, authors: ExportedAuthor[]): ExportedPaper {
  // Built field by field: the key order of the line is part of the format.
  return {
    scholargraph: EXPORT_FORMAT_VERSION,
    id: toGlobalId('Paper', paper.id),
    externalId: paper.externalId,
    title: paper.title,
    abstract: paper.abstract,
    category: paper.category,
    topics: topicIdsOf(paper).flatMap((id) => {
      const topic = topics.get(id);
      return topic ? [exportedTopic(topic)] : [];
    }),
    workType: paper.workType,
    doi: paper.doi,
    arxivId: paper.arxivId,
    publishedAt: paper.publishedAt,
    citationCount: paper.citationCount,
    score: paper.score,
    novelty: paper.novelty,
    aiScore: paper.aiScore,
    hasCode: paper.hasCode,
    codeUrl: paper.codeUrl,
    authors,
  };
}

export interface ExportPage {
  papers: ExportedPaper[];
  /** Row id of the page's last paper: the next page starts after it. */
  lastId: number;
}

/** One page of papers after `afterId`, with their authors (and topics): two statements, three with topics. */
export function readExportPage(sqlite: Database.Database, filter: PaperFilter | null | undefined, afterId: number, size: number): ExportPage {
  const conditions = paperFilterSql(filter);
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${whereClause([...conditions.sql, 'p.id > ?'])} ORDER BY p.id LIMIT ?`;
  const papers = (prepared(sqlite, sql).all(...conditions.params, afterId, size) as PaperRecord[]).map(toPaper);
  if (papers.length === 0) return { papers: [], lastId: afterId };
  const byPaper = new Map<number, ExportedAuthor[]>(papers.map((p) => [p.id, []]));
  const rows = prepared(sqlite, AUTHORS_OF_PAPERS).all(keyList(papers.map((p) => p.id))) as AuthorshipRow[];
  for (const row of rows) {
    byPaper.get(row.paperId)!.push({ position: row.position, id: toGlobalId('Author', row.id), name: row.name, externalId: row.externalId });
  }
  const topicIds = [...new Set(papers.flatMap(topicIdsOf))];
  const topics = new Map<string, OpenAlexTopicRow>();
  if (topicIds.length > 0) for (const topic of prepared(sqlite, TOPICS_BY_ID).all(JSON.stringify(topicIds)) as OpenAlexTopicRow[]) topics.set(topic.id, topic);
  return { papers: papers.map((paper) => exported(paper, topics, byPaper.get(paper.id)!)), lastId: papers[papers.length - 1].id };
}

/** The exported papers, page by page, in row id order; other work runs between pages. */
export async function* exportPaperPages(sqlite: Database.Database, options: PaperExportOptions = {}): AsyncGenerator<ExportedPaper[]> {
  const pageSize = options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE;
  let remaining = options.limit ?? Infinity;
  let afterId = options.afterId ?? 0;
  while (remaining > 0) {
    const size = Math.min(pageSize, remaining);
    const { papers, lastId } = readExportPage(sqlite, options.filter, afterId, size);
    if (papers.length > 0) yield papers;
    if (papers.length < size) return;
    remaining -= papers.length;
    afterId = lastId;
    await nextTurn();
  }
}

/** Each paper as one line of JSON, newline-terminated. */
export function toLines(papers: readonly ExportedPaper[]): string {
  let text = '';
  for (const paper of papers) text += JSON.stringify(paper) + '\n';
  return text;
}

/**
 * The export as a byte stream of whole lines, one chunk per page. It reads the next page only
 * when the consumer asks for more (backpressure), and stops reading when destroyed.
 */
export function paperExportStream(sqlite: Database.Database, options: PaperExportOptions = {}, onPage?: (papers: number) => void): Readable {
  async function* chunks(): AsyncGenerator<string> {
    for await (const page of exportPaperPages(sqlite, options)) {
      onPage?.(page.length);
      yield toLines(page);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
