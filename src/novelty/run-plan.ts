// How a run scores a number of papers, and about how long it takes: one at a time from the
// database's indexes when they are few, in one pass over the whole corpus when they are many (the
// scores are the same either way), and the authors' metrics after them.

// Past this share of the corpus one pass over all of it (0.5-1.1 ms a corpus paper) is cheaper
// than the index lookups of each paper (20-40 ms).
const BULK_SHARE = 0.025;
const BULK_FROM = 100;

// What a run costs on one core, from the measures above and of the bulk run on this machine
// (20,000 papers, all scored: 8.4 s): for the estimates below, which only tell a few seconds
// from minutes.
const BULK_SECONDS_PER_PAPER_READ = 0.000_05;
const BULK_SECONDS_PER_PAPER_SCORED = 0.001;
const INCREMENTAL_SECONDS_PER_PAPER = 0.03;
// 12,204 authors refreshed in 1.2 s on this machine.
const SECONDS_PER_AUTHOR = 0.000_1;

/** Whether the corpus's size can matter: fewer papers than this are always scored one at a time (no need to count the corpus). */
export function mayRunInBulk(papers: number): boolean {
  return papers >= BULK_FROM;
}

/** Whether `papers` of a corpus of `corpusPapers` are scored in one pass over the corpus. */
export function runsInBulk(papers: number, corpusPapers: number): boolean {
  return mayRunInBulk(papers) && papers >= BULK_SHARE * corpusPapers;
}

/**
 * About how long scoring `papers` takes, in seconds (on an up to date search index);
 * `corpusPapers` may be null when mayRunInBulk says it does not matter.
 */
export function expectedNoveltySeconds(papers: number, corpusPapers: number | null): number {
  if (corpusPapers === null || !runsInBulk(papers, corpusPapers)) return papers * INCREMENTAL_SECONDS_PER_PAPER;
  return corpusPapers * BULK_SECONDS_PER_PAPER_READ + papers * BULK_SECONDS_PER_PAPER_SCORED;
}

/** About how long scoring `papers`, then recomputing the metrics of `authors`, takes (see expectedNoveltySeconds). */
export function expectedPendingSeconds(papers: number, authors: number, corpusPapers: number | null): number {
  return expectedNoveltySeconds(papers, corpusPapers) + authors * SECONDS_PER_AUTHOR;
}
