// Aggregates of a set of papers read as grouped rows, so that a set of any size costs two small
// result sets: one row per (category, topic, year), one per distinct citation count.

export interface CategoryYearGroup {
  /** arXiv category; null for papers without one. */
  category: string | null;
  /** OpenAlex topic id; null for papers without one. */
  topicId?: string | null;
  year: number;
  papers: number;
  citations: number;
  noveltySum: number;
  noveltyCount: number;
  aiScoreSum: number;
  aiScoreCount: number;
}

/** `papers` papers published in `year` with `citations` citations each. */
export interface CitationBucket {
  citations: number;
  papers: number;
  year: number;
}

export interface PaperSetStats {
  paperCount: number;
  citationCount: number;
  hIndex: number;
  i10Index: number;
  gIndex: number;
  /** h-index of the papers published in the five complete years before `referenceYear`. */
  h5Index: number;
  /** Median citations of the papers of the h5-core (the h5 most cited of those years); null when h5 is 0. */
  h5Median: number | null;
  novelty: number | null;
  aiScore: number | null;
  firstYear: number | null;
  lastYear: number | null;
  /** Papers per arXiv category (papers without one are not counted). */
  byCategory: { category: string; count: number }[];
  /** Papers per OpenAlex topic, most first (papers without one are not counted): rolled up to any level by the caller. */
  byTopic: { topicId: string; count: number }[];
  byYear: { year: number; count: number }[];
}

/** h-index from a histogram: for the papers with at least v citations (N of them), min(N, v). */
export function hIndexOfHistogram(buckets: readonly CitationBucket[]): number {
  let h = 0;
  let atLeast = 0;
  for (const { citations, papers } of [...buckets].sort((a, b) => b.citations - a.citations)) {
    atLeast += papers;
    h = Math.max(h, Math.min(atLeast, citations));
  }
  return h;
}

function descending(buckets: readonly CitationBucket[]): CitationBucket[] {
  return [...buckets].sort((a, b) => b.citations - a.citations);
}

/**
 * g-index from a histogram: the largest g such that the g most cited papers have at least g²
 * citations together, capped at the number of papers (as gIndexOfSorted).
 */
export function gIndexOfHistogram(buckets: readonly CitationBucket[]): number {
  let g = 0;
  let rank = 0;
  let sum = 0;
  for (const { citations, papers } of descending(buckets)) {
    for (let k = 0; k < papers; k++) {
      rank += 1;
      sum += citations;
      if (sum >= rank * rank) g = rank;
      // sum - rank² only falls from here on: the rest of the papers add fewer citations than rank grows.
      else if (citations <= 2 * rank) return g;
    }
  }
  return g;
}

/** The citations of the `n` most cited papers of a histogram, most first. */
export function topCitations(buckets: readonly CitationBucket[], n: number): number[] {
  const top: number[] = [];
  for (const { citations, papers } of descending(buckets)) {
    for (let k = 0; k < papers && top.length < n; k++) top.push(citations);
    if (top.length >= n) break;
  }
  return top;
}

export function median(sortedValues: readonly number[]): number | null {
  const n = sortedValues.length;
  if (n === 0) return null;
  const middle = Math.floor(n / 2);
  return n % 2 === 1 ? sortedValues[middle] : (sortedValues[middle - 1] + sortedValues[middle]) / 2;
}

/** Google Scholar's h5: over the papers of the five complete years before `referenceYear`. */
export function h5(buckets: readonly CitationBucket[], referenceYear: number): { h5Index: number; h5Median: number | null } {
  const recent = buckets.filter((b) => b.year >= referenceYear - 5 && b.year <= referenceYear - 1);
  const h5Index = hIndexOfHistogram(recent);
  return { h5Index, h5Median: h5Index === 0 ? null : median([...topCitations(recent, h5Index)].reverse()) };
}

function counted<K>(entries: Map<K, number>): { key: K; count: number }[] {
  return [...entries].map(([key, count]) => ({ key, count }));
}

export function paperSetStats(groups: readonly CategoryYearGroup[], buckets: readonly CitationBucket[], referenceYear: number): PaperSetStats {
  const categories = new Map<string, number>();
  const topics = new Map<string, number>();
  const years = new Map<number, number>();
  let paperCount = 0;
  let citationCount = 0;
  let noveltySum = 0;
  let noveltyCount = 0;
  let aiScoreSum = 0;
  let aiScoreCount = 0;
  for (const g of groups) {
    if (g.category !== null) categories.set(g.category, (categories.get(g.category) ?? 0) + g.papers);
    if (g.topicId != null) topics.set(g.topicId, (topics.get(g.topicId) ?? 0) + g.papers);
    years.set(g.year, (years.get(g.year) ?? 0) + g.papers);
    paperCount += g.papers;
    citationCount += g.citations;
    noveltySum += g.noveltySum;
    noveltyCount += g.noveltyCount;
    aiScoreSum += g.aiScoreSum;
    aiScoreCount += g.aiScoreCount;
  }
  const yearList = [...years.keys()];
  return {
    paperCount,
    citationCount,
    hIndex: hIndexOfHistogram(buckets),
    i10Index: buckets.reduce((n, b) => n + (b.citations >= 10 ? b.papers : 0), 0),
    gIndex: gIndexOfHistogram(buckets),
    ...h5(buckets, referenceYear),
    novelty: noveltyCount === 0 ? null : noveltySum / noveltyCount,
    aiScore: aiScoreCount === 0 ? null : aiScoreSum / aiScoreCount,
    firstYear: yearList.length === 0 ? null : Math.min(...yearList),
    lastYear: yearList.length === 0 ? null : Math.max(...yearList),
    // Most papers first (ties by code): the order a facet list shows.
    byCategory: counted(categories)
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .map(({ key, count }) => ({ category: key, count })),
    byTopic: counted(topics)
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .map(({ key, count }) => ({ topicId: key, count })),
    byYear: counted(years)
      .sort((a, b) => a.key - b.key)
      .map(({ key, count }) => ({ year: key, count })),
  };
}

/** A yearly series from its first to its last year, with the years between filled with 0. */
export function contiguousYears(points: readonly { year: number; count: number }[]): { year: number; count: number }[] {
  if (points.length === 0) return [];
  const byYear = new Map(points.map((p) => [p.year, p.count]));
  const years = points.map((p) => p.year);
  const series = [];
  for (let year = Math.min(...years); year <= Math.max(...years); year += 1) series.push({ year, count: byYear.get(year) ?? 0 });
  return series;
}
