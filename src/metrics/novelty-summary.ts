// Aggregates of the novelty of a set of papers: what the "Novelty 53 %" of a profile card is,
// with its working shown.

export interface NoveltyPoint {
  novelty: number;
  citations: number;
  year: number;
}

export interface NoveltySummary {
  /** Papers with a novelty. */
  papers: number;
  mean: number | null;
  /** Weighted by citation count; null when those papers have no citation at all. */
  citationWeightedMean: number | null;
  max: number | null;
  threshold: number;
  /** Share (0..1) of the papers whose novelty is above the threshold. */
  shareAbove: number | null;
  byYear: { year: number; papers: number; mean: number }[];
}

export function noveltySummary(points: readonly NoveltyPoint[], threshold: number): NoveltySummary {
  let sum = 0;
  let weighted = 0;
  let weights = 0;
  let max = -Infinity;
  let above = 0;
  const years = new Map<number, { papers: number; sum: number }>();
  for (const { novelty, citations, year } of points) {
    sum += novelty;
    weighted += novelty * citations;
    weights += citations;
    max = Math.max(max, novelty);
    if (novelty > threshold) above += 1;
    const y = years.get(year) ?? { papers: 0, sum: 0 };
    y.papers += 1;
    y.sum += novelty;
    years.set(year, y);
  }
  const n = points.length;
  return {
    papers: n,
    mean: n === 0 ? null : sum / n,
    citationWeightedMean: weights === 0 ? null : weighted / weights,
    max: n === 0 ? null : max,
    threshold,
    shareAbove: n === 0 ? null : above / n,
    byYear: [...years]
      .sort((a, b) => a[0] - b[0])
      .map(([year, y]) => ({ year, papers: y.papers, mean: y.sum / y.papers })),
  };
}
