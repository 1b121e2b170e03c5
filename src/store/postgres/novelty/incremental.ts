// STUB (issue 19, being written): the novelty of papers the API just wrote, in its transaction.
import type { Queryable } from '../db';

/**
 * Scores these papers (those whose novelty is supplied are skipped) against the papers published
 * before each, in the caller's transaction, as ../../sqlite/novelty/incremental.ts scoreWrittenPapers.
 */
export async function scoreWrittenPapers(_tx: Queryable, _paperIds: readonly number[]): Promise<void> {
  // Not written yet: the papers keep no computed novelty.
}
