// Our own export format: one JSON object per line and per paper, versioned ("scholargraph": 1)
// and self-describing, with the paper's authors in author-list order. npm run import reads it
// back (see import/scholargraph-record).
//
// Papers are read from the store in keyset pages of ascending row id (Store.exportPage: two
// statements a page on SQLite, the papers, then the authors of all of them; a third for their
// OpenAlex topics when they have any), each read whole. An open iterator would keep the
// connection, which the server shares with every request, busy across the awaits: every other
// statement would fail until the export ended. The price is that an export is no snapshot:
// a paper written while it runs is exported as its page finds it, and new papers come last.
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { toGlobalId } from '../graphql/ids';
import { type PaperFilter } from '../pagination/paper-filter';
import { type PaperWithAuthors, type Store, type TopicRecord } from '../store';
import { EXPORT_FORMAT_VERSION, type ExportedPaper, type ExportedTopic } from './export-format';

function exportedTopic(topic: TopicRecord): ExportedTopic {
  const level = (id: string | null, name: string | null) => (id === null ? null : { id, name });
  return {
    id: topic.id,
    name: topic.name,
    subfield: level(topic.subfieldId, topic.subfieldName),
    field: level(topic.fieldId, topic.fieldName),
    domain: level(topic.domainId, topic.domainName),
  };
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

function exported({ paper, authors, topics }: PaperWithAuthors): ExportedPaper {
  // Built field by field: the key order of the line is part of the format.
  return {
    scholargraph: EXPORT_FORMAT_VERSION,
    id: toGlobalId('Paper', paper.id),
    externalId: paper.externalId,
    title: paper.title,
    abstract: paper.abstract,
    category: paper.category,
    topics: topics.map(exportedTopic),
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
    authors: authors.map((author) => ({ position: author.position, id: toGlobalId('Author', author.id), name: author.name, externalId: author.externalId })),
  };
}

export interface ExportPage {
  papers: ExportedPaper[];
  /** Row id of the page's last paper: the next page starts after it. */
  lastId: number;
}

/** One page of papers after `afterId`, with their authors (and topics): two statements, three with topics. */
export async function readExportPage(store: Store, filter: PaperFilter | null | undefined, afterId: number, size: number): Promise<ExportPage> {
  const page = await store.exportPage(filter, afterId, size);
  if (page.length === 0) return { papers: [], lastId: afterId };
  return { papers: page.map(exported), lastId: page[page.length - 1].paper.id };
}

/** The exported papers, page by page, in row id order; other work runs between pages. */
export async function* exportPaperPages(store: Store, options: PaperExportOptions = {}): AsyncGenerator<ExportedPaper[]> {
  const pageSize = options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE;
  let remaining = options.limit ?? Infinity;
  let afterId = options.afterId ?? 0;
  while (remaining > 0) {
    const size = Math.min(pageSize, remaining);
    const { papers, lastId } = await readExportPage(store, options.filter, afterId, size);
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
export function paperExportStream(store: Store, options: PaperExportOptions = {}, onPage?: (papers: number) => void): Readable {
  async function* chunks(): AsyncGenerator<string> {
    for await (const page of exportPaperPages(store, options)) {
      onPage?.(page.length);
      yield toLines(page);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
