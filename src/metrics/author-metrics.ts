// Per-author metrics computed from the facts of the author's papers.
import { mean, primaryCategory, primarySubject } from './aggregates';
import { gIndexOfSorted, hIndexOfSorted, sortedDescending } from './indices';

export interface PaperFacts {
  citationCount: number;
  novelty: number | null;
  aiScore: number | null;
  /** arXiv category; null when none. */
  category: string | null;
  /** OpenAlex primary topic and its subfield, field and domain ids; null when none. */
  topicId?: string | null;
  subfieldId?: string | null;
  fieldId?: string | null;
  domainId?: string | null;
  publishedAt: string;
}

export interface AuthorMetrics {
  paperCount: number;
  citationCount: number;
  hIndex: number;
  i10Index: number;
  gIndex: number;
  novelty: number | null;
  aiScore: number | null;
  primaryCategory: string | null;
  /** The most frequent OpenAlex topic, subfield, field and domain of the author's papers. */
  primaryTopicId: string | null;
  primarySubfieldId: string | null;
  primaryFieldId: string | null;
  primaryDomainId: string | null;
}

export function authorMetrics(papers: readonly PaperFacts[]): AuthorMetrics {
  const citations: number[] = [];
  const novelty: (number | null)[] = [];
  const aiScore: (number | null)[] = [];
  let citationCount = 0;
  let i10 = 0;
  for (const p of papers) {
    citations.push(p.citationCount);
    novelty.push(p.novelty);
    aiScore.push(p.aiScore);
    citationCount += p.citationCount;
    if (p.citationCount >= 10) i10++;
  }
  const sorted = sortedDescending(citations);
  return {
    paperCount: papers.length,
    citationCount,
    hIndex: hIndexOfSorted(sorted),
    i10Index: i10,
    gIndex: gIndexOfSorted(sorted),
    novelty: mean(novelty),
    aiScore: mean(aiScore),
    primaryCategory: primaryCategory(papers),
    primaryTopicId: primarySubject(papers, (p) => p.topicId ?? null),
    primarySubfieldId: primarySubject(papers, (p) => p.subfieldId ?? null),
    primaryFieldId: primarySubject(papers, (p) => p.fieldId ?? null),
    primaryDomainId: primarySubject(papers, (p) => p.domainId ?? null),
  };
}
