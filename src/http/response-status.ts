// The GraphQL-over-HTTP "watershed": the status code of a request error (a document that does
// not parse or validate, a limit of the document, variables of the wrong type) depends on the
// media type the client accepts. A client of application/graphql-response+json gets 400, which
// the spec makes meaningful; a client of plain application/json gets 200, as the spec says it
// SHOULD, because older clients and proxies treat any other status as a transport failure.
// Refusals of the request itself (401, 403, 413, 429, a body that is not JSON) keep their status.
import { type ApolloServerPlugin, type BaseContext, type GraphQLRequestListener } from '@apollo/server';
import Negotiator from 'negotiator';
import { DOCUMENT_LIMIT_CODES } from '../limits/limit-error';
import { DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS } from './unexpected-errors';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
export const APPLICATION_JSON = 'application/json; charset=utf-8';

// The codes of errors that stop a well-formed GraphQL-over-HTTP request before it executes.
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  ...DOCUMENT_LIMIT_CODES,
]);

/** Apollo's choice between the two media types (its own order and rules), or null for neither. */
export function acceptedMediaType(accept: string | undefined): string | null {
  if (!accept) return APPLICATION_JSON;
  return new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]) ?? null;
}

export function responseStatusPlugin(): ApolloServerPlugin {
  // Nothing of its own per request: every request gets this one listener.
  const listener: GraphQLRequestListener<BaseContext> = {
    async willSendResponse({ request, response }) {
      if (response.body.kind !== 'single') return;
      // Nothing answered because the database is down (its primary, for a write): 503, and
      // when to retry. An answer with some data keeps its status, the errors saying what is missing.
      const { data: answered, errors: raised } = response.body.singleResult;
      if (raised?.some((error) => error.extensions?.code === DATABASE_UNAVAILABLE) && (answered == null || Object.values(answered).every((value) => value === null))) {
        response.http.status = 503;
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        return;
      }
      if (response.http.status !== 400) return;
      const { data, errors } = response.body.singleResult;
      if (data !== undefined || !errors?.length) return;
      if (!errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code)))) return;
      if (acceptedMediaType(request.http?.headers.get('accept')) === APPLICATION_JSON) response.http.status = 200;
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
