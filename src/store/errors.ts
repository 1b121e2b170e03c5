// Errors of the store that the layers above answer in their own words: the database (or the part
// of it a request needs) does not answer. Engine-neutral: the API maps them to a 503-class
// answer (src/http/unexpected-errors.ts), whichever engine threw.

/** The database server a request needs does not answer: its primary for a write, every server for a read. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(
    /** What did not answer: the primary (writes, and reads after a write), or every server a read could go to. */
    readonly unavailable: 'primary' | 'all',
    options?: { cause?: unknown },
  ) {
    super(
      unavailable === 'primary'
        ? "the database's primary server does not answer: writes are refused until it is back (reads are still answered from the replicas, if any); retry the request later"
        : 'no database server answers: retry the request later',
      options,
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/** Duck-typed: errors cross module realms under jest. */
export function isDatabaseUnavailable(error: unknown): error is DatabaseUnavailableError {
  return (error as { code?: unknown } | null)?.code === 'DATABASE_UNAVAILABLE';
}
