// Whether a write changes a paper: the fields that differ from the stored row, and whether its
// author list moved. Pure and generic over the fields, so that the API's writes and the importer
// call a record "unchanged" by the same rule, whatever fields a paper gains.

// SQLite keeps booleans as 0/1, and a field without a value reads as null where a record may
// leave it out: both sides are compared in one form.
function comparable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * The fields of `incoming` whose values differ from `stored`'s. A field left undefined in
 * `incoming` is not given, so it is no change; a field `stored` lacks counts as null.
 */
export function changedPaperFields<T extends object>(stored: { readonly [K in keyof T]?: unknown }, incoming: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(incoming) as (keyof T)[]) {
    const value = incoming[key];
    if (value !== undefined && comparable(stored[key]) !== comparable(value)) changed[key] = value;
  }
  return changed;
}

/** The same authors in the same order: positions are part of an author list. */
export function sameAuthorList(before: readonly number[], after: readonly number[]): boolean {
  return before.length === after.length && before.every((id, i) => id === after[i]);
}

/** The authors on one list and not the other: those whose paper set a new list changes. */
export function movedAuthors(before: readonly number[], after: readonly number[]): { added: number[]; removed: number[] } {
  const [was, is] = [new Set(before), new Set(after)];
  return { added: after.filter((id) => !was.has(id)), removed: before.filter((id) => !is.has(id)) };
}

// author_metrics never reads these (src/metrics, PaperFacts); a new title or abstract matters
// only through the novelty it rescores, which the write reports apart. Any field not listed
// here may feed the metrics, so a new one refreshes them until it is known not to.
const NOT_METRIC_INPUTS: ReadonlySet<string> = new Set(['externalId', 'title', 'abstract', 'score', 'hasCode', 'codeUrl', 'workType', 'doi', 'arxivId']);

/** Whether changing these fields of a paper can change its authors' metrics. */
export function changesAuthorMetrics(changed: object): boolean {
  return Object.keys(changed).some((field) => !NOT_METRIC_INPUTS.has(field));
}
