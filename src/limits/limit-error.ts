// The errors of the request limits: each has its own extensions.code and an HTTP status, and a
// message that names the limit, the value found and how to fix the request.
import { type GraphQLFormattedError, GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { countTokens } from './tokens';

/** The limits of the document itself, checked when it is parsed and validated. */
export const DOCUMENT_LIMIT_CODES = [
  'DEPTH_LIMIT_EXCEEDED',
  'ALIAS_LIMIT_EXCEEDED',
  'TOKEN_LIMIT_EXCEEDED',
  'DIRECTIVE_LIMIT_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
] as const;

/** Every limit: the document's, and those of the HTTP request and the rate limit. */
export const LIMIT_CODES = [...DOCUMENT_LIMIT_CODES, 'DOCUMENT_TOO_LARGE', 'BATCH_LIMIT_EXCEEDED', 'RATE_LIMITED'] as const;

export type LimitCode = (typeof LIMIT_CODES)[number];

export class LimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
    http: { status: number; headers?: Record<string, string> } = { status: 400 },
  ) {
    super(message, {
      extensions: { code, http: { status: http.status, headers: new HeaderMap(Object.entries(http.headers ?? {})) } },
    });
  }

  /** The answer for a request refused before Apollo saw it. */
  toBody(): { errors: GraphQLFormattedError[] } {
    return { errors: [{ message: this.message, extensions: { code: this.code } }] };
  }
}

// graphql-js's own message when `parse(source, { maxTokens })` stops ("more that" in graphql 16).
const TOKEN_LIMIT = /Document contains more th(?:at|an) (\d+) tokens/;

/**
 * Apollo's formatError: Apollo files every error of the validation phase under
 * GRAPHQL_VALIDATION_FAILED and every parse error under GRAPHQL_PARSE_FAILED; a limit's own
 * code is put back here.
 */
export function formatLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof LimitError) {
    return { ...formatted, extensions: { ...formatted.extensions, code: original.code } };
  }
  const tokens = original instanceof GraphQLError ? TOKEN_LIMIT.exec(original.message) : null;
  if (original instanceof GraphQLError && tokens) {
    const max = Number(tokens[1]);
    const found = countTokens(original.source?.body ?? '');
    const value = found.complete ? `${found.count}` : `more than ${Math.max(found.count, max)}`;
    return {
      message:
        `The document has ${value} tokens, over the maximum of ${max} (MAX_TOKENS). ` +
        'Send a shorter document: ask for fewer fields, and reuse selections with fragments.',
      extensions: { ...formatted.extensions, code: 'TOKEN_LIMIT_EXCEEDED' },
    };
  }
  return formatted;
}
