// The rules of the per-year document frequencies both stores keep (src/store/*/novelty/term-df):
// a year is counted from its papers, and counted again when its signature (number of papers, sum
// of ids, tokenizer) no longer matches the papers.
import { termCounts, TOKENIZER_VERSION } from './tokenize';

export interface YearSignature {
  papers: number;
  idSum: number;
}

/** The first day of `year`, as the papers' dates are written. */
export function yearStart(year: number): string {
  return `${String(year).padStart(4, '0')}-01-01`;
}

/** Whether a year's counts, as kept (null: none kept), are behind its papers as they are now. */
export function isStale(actual: YearSignature, kept: (YearSignature & { tokenizer: number | null }) | null): boolean {
  return kept ? kept.papers !== actual.papers || kept.idSum !== actual.idSum || kept.tokenizer !== TOKENIZER_VERSION : actual.papers > 0;
}

/** A year's document frequencies and signature, counted from its papers. */
export function tallyYear(papers: Iterable<{ id: number; title: string; abstract: string }>): YearSignature & { df: Map<string, number> } {
  const df = new Map<string, number>();
  let count = 0;
  let idSum = 0;
  for (const { id, title, abstract } of papers) {
    count++;
    idSum += id;
    for (const term of termCounts(title, abstract).keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return { papers: count, idSum, df };
}
