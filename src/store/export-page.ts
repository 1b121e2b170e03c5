// An export page put together from its reads, the same on both engines (./sqlite/export.ts,
// ./postgres/export.ts): each paper with its authors in author-list order and its OpenAlex topics,
// the primary first, those known.
import type { PaperAuthorEntry, PaperRecord, PaperWithAuthors, TopicRecord } from './types';

/** An author of one of the page's papers, as the engines read them (by paper, then position). */
export interface ExportAuthorship extends PaperAuthorEntry {
  paperId: number;
}

/** The paper's topic ids, the primary first. */
export function topicIdsOf(paper: PaperRecord): string[] {
  return paper.topicIds === null ? [] : (JSON.parse(paper.topicIds) as string[]);
}

/** The distinct ids of the page's topics (each paper's, topicIdsOf): what its topics statement reads. */
export function distinctTopicIds(topicIds: readonly string[][]): string[] {
  return [...new Set(topicIds.flat())];
}

/** `topicIds`: each paper's (topicIdsOf), in the papers' order. */
export function assembleExportPage(
  papers: readonly PaperRecord[],
  topicIds: readonly string[][],
  authorships: readonly ExportAuthorship[],
  topicRows: readonly TopicRecord[],
): PaperWithAuthors[] {
  const byPaper = new Map<number, PaperAuthorEntry[]>(papers.map((p) => [p.id, []]));
  for (const entry of authorships) {
    byPaper.get(entry.paperId)!.push({ position: entry.position, id: entry.id, name: entry.name, externalId: entry.externalId });
  }
  const topics = new Map(topicRows.map((topic) => [topic.id, topic]));
  return papers.map((paper, i) => ({
    paper,
    authors: byPaper.get(paper.id)!,
    topics: topicIds[i].flatMap((id) => {
      const topic = topics.get(id);
      return topic ? [topic] : [];
    }),
  }));
}
