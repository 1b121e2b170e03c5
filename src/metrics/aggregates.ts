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

/**
 * The most frequent subject of a set of papers, by the key `subjectOf` gives (an arXiv category,
 * an OpenAlex subfield, ...); papers without one are not counted. A tie goes to the subject of
 * the most recent paper, then to the smaller key.
 */
export function primarySubject<P extends { publishedAt: string }>(papers: readonly P[], subjectOf: (paper: P) => string | null): string | null {
  const stats = new Map<string, { count: number; latest: string }>();
  for (const paper of papers) {
    const subject = subjectOf(paper);
    if (subject === null) continue;
    const s = stats.get(subject);
    if (!s) stats.set(subject, { count: 1, latest: paper.publishedAt });
    else {
      s.count++;
      if (paper.publishedAt > s.latest) s.latest = paper.publishedAt;
    }
  }
  let best: string | null = null;
  let bestCount = 0;
  let bestLatest = '';
  for (const [subject, { count, latest }] of stats) {
    const better = best === null || count > bestCount || (count === bestCount && (latest > bestLatest || (latest === bestLatest && subject < best)));
    if (better) {
      best = subject;
      bestCount = count;
      bestLatest = latest;
    }
  }
  return best;
}

/** The most frequent arXiv category of a set of papers (see primarySubject). */
export function primaryCategory(papers: readonly { category: string | null; publishedAt: string }[]): string | null {
  return primarySubject(papers, (p) => p.category);
}
