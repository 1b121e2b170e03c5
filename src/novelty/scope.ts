// Which papers a novelty run scores. A paper's novelty is supplied when it is set and is not the
// value last computed for the paper (the store knows which: paper_novelty on SQLite); a supplied
// novelty is never scored over, whatever the scope.

/** `missing`: papers without a novelty (the default); `all`: every paper whose novelty is not supplied; or these papers. */
export type NoveltyScope = 'missing' | 'all' | readonly number[];

/** What a run needs to know of a paper's novelty to decide whether to score it. */
export interface NoveltyState {
  id: number;
  /** The novelty is set (supplied or computed). 0 or 1 as the database gives it. */
  hasValue: boolean | 0 | 1;
  /** The paper's current value is the computed one (which may be none: no earlier paper). */
  computed: boolean | 0 | 1;
}

export function isSupplied(paper: NoveltyState): boolean {
  return !!paper.hasValue && !paper.computed;
}

/** Whether a run over `scope` scores this paper (`ids`: the scope's ids, when it is a list). */
export function inScope(scope: NoveltyScope, ids: ReadonlySet<number> | null, paper: NoveltyState): boolean {
  if (isSupplied(paper)) return false;
  if (scope === 'missing') return !paper.hasValue && !paper.computed;
  if (scope === 'all') return true;
  return ids!.has(paper.id);
}

/** Publication order, ties by id: the order papers are scored in, each against those before it. */
export function byPublication(a: { id: number; date: string }, b: { id: number; date: string }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id;
}
