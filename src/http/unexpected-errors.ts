// Errors the server did not expect (a bug, a broken database) reach the client as
// INTERNAL_SERVER_ERROR with the request id and nothing else in production: no stack, no SQL, no
// file path. The log has the details under the same request id (`reqId`, Fastify's).
import { type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { type GraphQLFormattedError } from 'graphql';
import { formatLimitError } from '../limits/limit-error';
import { type Context } from '../graphql/context';
import { isDatabaseUnavailable } from '../store';

const INTERNAL = 'INTERNAL_SERVER_ERROR';

function codeOf(error: { extensions?: Record<string, unknown> }): unknown {
  return error.extensions?.code;
}

/**
 * Apollo's formatError: the limits' own codes, and an Apollo quirk put right: a malformed
 * `extensions.persistedQuery` is answered as an internal error although the client sent it; a
 * mutation sent over GET is told to use POST.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return withoutClientStack(clientCodes(formatted, error));
}

/**
 * Outside production Apollo puts a stack on every error; it belongs only on the unexpected ones
 * (INTERNAL_SERVER_ERROR), where it helps the developer chase a bug. A client's mistake (any
 * other code: NOT_FOUND, BAD_USER_INPUT, a validation error, a CSRF refusal) is answered by its
 * code and message, without the server's file paths.
 */
function withoutClientStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.stacktrace === undefined || codeOf(formatted) === INTERNAL) return formatted;
  const { stacktrace: _stack, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** The code of an answer the database could not give now (src/store/errors.ts): retry later. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
/** What an unavailable database's answer suggests waiting before a retry. */
export const RETRY_AFTER_SECONDS = 5;

function clientCodes(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown } | null)?.originalError;
  if (isDatabaseUnavailable(original)) {
    // Not a bug, and not the client's: the database (its primary, for a write) is down. Said as
    // it is, with when to retry, in production too.
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: `Service unavailable: ${original.message}.`, extensions: { ...extensions, code: DATABASE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS } };
  }
  const limited = formatLimitError(formatted, error);
  const status = httpStatusOf(error);
  if (status === 405 && /^GET requests only support query operations/.test(limited.message)) {
    return { ...limited, message: `${limited.message}: send a mutation with POST and content-type application/json.` };
  }
  if (codeOf(limited) !== INTERNAL) return limited;
  // Apollo marks a request it refused by an HTTP 400 but leaves the code to INTERNAL_SERVER_ERROR
  // (a malformed persistedQuery, a hash that is not the query's): those are the client's.
  if (/persisted ?query|sha does not match/i.test(limited.message)) {
    return {
      message:
        `${limited.message}: send extensions.persistedQuery as {"version": 1, "sha256Hash": "<hex sha-256 of the query text>"}, ` +
        'or leave it out.',
      extensions: { ...limited.extensions, code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
    };
  }
  if (status !== undefined && status >= 400 && status < 500) return { ...limited, extensions: { ...limited.extensions, code: 'BAD_REQUEST' } };
  // graphql-js stops coercing variables after 50 errors with an error of no code: the variables
  // are the client's, as are the 50 BAD_USER_INPUT errors before it.
  if (/^Too many errors processing variables/.test(limited.message)) {
    return { ...limited, message: `${limited.message} Fix the variables named above and send the request again.`, extensions: { ...limited.extensions, code: 'BAD_USER_INPUT' } };
  }
  return limited;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null | undefined)?.extensions?.http?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Logs every unexpected error with its request id, and in production answers only that id. */
export function unexpectedErrorsPlugin(production: boolean): ApolloServerPlugin<Context> {
  // Nothing of its own per request: every request gets this one listener.
  const listener: GraphQLRequestListener<Context> = {
    async didEncounterErrors({ errors, contextValue, operationName }) {
      for (const error of errors) {
        if (isDatabaseUnavailable(error.originalError)) {
          contextValue.log?.warn({ err: error.originalError, operationName }, 'database unavailable');
          continue;
        }
        const code = codeOf(error);
        if (code !== undefined && code !== INTERNAL) continue;
        // Apollo refuses some client mistakes (a persisted-query version it does not know, a
        // hash that is not the query's) with a 4xx status but no code: the client's, a warning.
        const status = httpStatusOf(error) ?? httpStatusOf(error.originalError);
        if (status !== undefined && status >= 400 && status < 500) {
          contextValue.log?.warn({ status, message: error.message, operationName }, 'client error');
          continue;
        }
        contextValue.log?.error({ err: error.originalError ?? error, operationName, path: error.path }, 'unexpected error');
      }
    },
    async willSendResponse({ response, contextValue }) {
      if (!production || response.body.kind !== 'single') return;
      const { errors } = response.body.singleResult;
      if (!errors) return;
      response.body.singleResult.errors = errors.map((error) =>
        codeOf(error) !== INTERNAL
          ? error
          : {
              message: `Unexpected error on the server. It is logged; quote request id ${contextValue.requestId} when you report it.`,
              ...(error.path ? { path: error.path } : {}),
              extensions: { code: INTERNAL, requestId: contextValue.requestId },
            },
      );
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
