// Citation indices (h, i10, g) over a list of per-paper citation counts.

const byDescending = (a: number, b: number): number => b - a;

export function sortedDescending(citations: readonly number[]): number[] {
  return [...citations].sort(byDescending);
}

// Expects citations sorted descending; lets callers share a single sort.
export function hIndexOfSorted(sorted: readonly number[]): number {
  let h = 0;
  while (h < sorted.length && sorted[h] >= h + 1) h++;
  return h;
}

// Expects citations sorted descending. g is capped at the paper count: Egghe's
// variant that pads with zero-citation papers would credit papers that don't exist.
export function gIndexOfSorted(sorted: readonly number[]): number {
  let g = 0;
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i];
    if (sum >= (i + 1) * (i + 1)) g = i + 1;
  }
  return g;
}

export function hIndex(citations: readonly number[]): number {
  return hIndexOfSorted(sortedDescending(citations));
}

export function gIndex(citations: readonly number[]): number {
  return gIndexOfSorted(sortedDescending(citations));
}

export function i10Index(citations: readonly number[]): number {
  let count = 0;
  for (const c of citations) if (c >= 10) count++;
  return count;
}

export function citationTotal(citations: readonly number[]): number {
  let total = 0;
  for (const c of citations) total += c;
  return total;
}
