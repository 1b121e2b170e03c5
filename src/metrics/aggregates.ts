// Aggregates over an author's papers: mean score and primary category.

export function mean(values: readonly (number | null | undefined)[]): number | null {
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v == null) continue;
    sum += v;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return null;
  // Clamp because float rounding can push sum/count just outside the data range
  // (e.g. [0.1, 0.1, 0.1] would otherwise average to 0.10000000000000002).
  return Math.min(max, Math.max(min, sum / count));
}

export function primaryCategory(
  papers: readonly { category: string; publishedAt: string }[],
): string | null {
  const stats = new Map<string, { count: number; latest: string }>();
  for (const { category, publishedAt } of papers) {
    const s = stats.get(category);
    if (!s) stats.set(category, { count: 1, latest: publishedAt });
    else {
      s.count++;
      if (publishedAt > s.latest) s.latest = publishedAt;
    }
  }
  let best: string | null = null;
  let bestCount = 0;
  let bestLatest = '';
  for (const [category, { count, latest }] of stats) {
    const better =
      best === null ||
      count > bestCount ||
      (count === bestCount &&
        (latest > bestLatest || (latest === bestLatest && category < best)));
    if (better) {
      best = category;
      bestCount = count;
      bestLatest = latest;
    }
  }
  return best;
}
