// Turns zod's findings into one BAD_USER_INPUT that names every offending field and why, so a
// client fixes a request in one round trip.
import { type z } from 'zod';
import { GraphQLError } from 'graphql';
import { type DuplicateExternalId } from '../store';

export interface FieldProblem {
  field: string;
  problem: string;
}

export function invalidInput(problems: FieldProblem[]): GraphQLError {
  const list = problems.map((p) => `\`${p.field}\`: ${p.problem}`).join('; ');
  return new GraphQLError(`The input was not written, fix these fields: ${list}.`, {
    extensions: { code: 'BAD_USER_INPUT', fields: problems },
  });
}

/** The parsed value, or a BAD_USER_INPUT naming each field (prefixed with `argument`). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argument: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(
    result.error.issues.map((issue) => ({
      field: [argument, ...issue.path.map(String)].join('.'),
      problem: issue.message,
    })),
  );
}

/**
 * A write's outcome, or a BAD_USER_INPUT about `problem` when the store refused the write because
 * another row has its external id (they are unique): the client's to fix, not a 500.
 */
export function unlessDuplicate<T>(outcome: T | DuplicateExternalId, problem: FieldProblem): T {
  if (isDuplicate(outcome)) throw invalidInput([problem]);
  return outcome;
}

function isDuplicate(outcome: unknown): outcome is DuplicateExternalId {
  return typeof outcome === 'object' && outcome !== null && 'kind' in outcome && outcome.kind === 'duplicate';
}
