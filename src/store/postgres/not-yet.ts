// TEMPORARY (issue 19): methods of the PostgreSQL store not written yet, each throwing.
export function notYet<T>(names: readonly (keyof T & string)[]): T {
  return Object.fromEntries(
    names.map((name) => [name, async () => Promise.reject(new Error(`${name} is not yet implemented on PostgreSQL`))]),
  ) as T;
}
