// Turns zod's findings into one BAD_USER_INPUT that names every offending field and why, so a
// client fixes a request in one round trip.
import { type z } from 'zod';
import { GraphQLError } from 'graphql';

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
 * Runs a write; a UNIQUE violation on `column` (e.g. papers.external_id) becomes a
 * BAD_USER_INPUT about `problem`. Duck-typed: under jest, better-sqlite3's errors come from
 * another realm than the test's Error.
 */
export function rethrowUnique<T>(run: () => T, column: string, problem: FieldProblem): T {
  try {
    return run();
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && String(message).includes(`: ${column}`)) throw invalidInput([problem]);
    throw error;
  }
}
