// Aggregates of a set of papers read as grouped rows, so that a set of any size costs two small
// result sets: one row per (category, year), one per distinct citation count.

export interface CategoryYearGroup {
  category: string;
  year: number;
  papers: number;
  citations: number;
  noveltySum: number;
  noveltyCount: number;
}

export interface CitationBucket {
  citations: number;
  papers: number;
}

export interface PaperSetStats {
  paperCount: number;
  citationCount: number;
  hIndex: number;
  i10Index: number;
  novelty: number | null;
  byCategory: { category: string; count: number }[];
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

function counted<K>(entries: Map<K, number>): { key: K; count: number }[] {
  return [...entries].map(([key, count]) => ({ key, count }));
}

export function paperSetStats(groups: readonly CategoryYearGroup[], buckets: readonly CitationBucket[]): PaperSetStats {
  const categories = new Map<string, number>();
  const years = new Map<number, number>();
  let paperCount = 0;
  let citationCount = 0;
  let noveltySum = 0;
  let noveltyCount = 0;
  for (const g of groups) {
    categories.set(g.category, (categories.get(g.category) ?? 0) + g.papers);
    years.set(g.year, (years.get(g.year) ?? 0) + g.papers);
    paperCount += g.papers;
    citationCount += g.citations;
    noveltySum += g.noveltySum;
    noveltyCount += g.noveltyCount;
  }
  return {
    paperCount,
    citationCount,
    hIndex: hIndexOfHistogram(buckets),
    i10Index: buckets.reduce((n, b) => n + (b.citations >= 10 ? b.papers : 0), 0),
    novelty: noveltyCount === 0 ? null : noveltySum / noveltyCount,
    // Most papers first (ties by code): the order a facet list shows.
    byCategory: counted(categories)
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .map(({ key, count }) => ({ category: key, count })),
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
