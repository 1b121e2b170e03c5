// GET /export/papers.ndjson: the export of npm run export over HTTP, streamed, narrowed by the
// filters of papers(filter:), resumable after any paper. Reads need what GraphQL reads need.
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { authenticate, requireReadAccess } from '../auth/authenticate';
import { badUserInput } from '../errors';
import { paperExportStream, type PaperExportOptions } from '../export/paper-export';
import { fromGlobalId, type NodeType } from '../graphql/ids';
import { validatePaperFilter } from '../pagination/paper-filter';
import { type Store } from '../store';
import { exportQuerySchema, queryProblem, type ExportQuery, type QueryProblem, type RawQuery } from './export-schema';

export { MAX_EXPORT_LIMIT } from './export-schema';

function rowId(value: string | undefined, name: string, type: NodeType, how: string): number | null {
  if (value === undefined) return null;
  const decoded = fromGlobalId(value);
  if (decoded?.type !== type) throw badUserInput(`\`${name}\` "${value.slice(0, 80)}" is not the id of ${type === 'Author' ? 'an' : 'a'} ${type}. ${how}`, name);
  return decoded.rowId;
}

/**
 * The export a query string asks for, once the schema has checked it; BAD_USER_INPUT naming the
 * parameter and the fix. A parameter the schema refused is answered in the order the checks have
 * always had: the ids and the filter as papers(filter:) checks it come before `after` and `limit`,
 * the schema's last parameters (ajv stops at the first refusal: those before it passed).
 */
export function exportOptions(query: ExportQuery, refused: QueryProblem | null = null): PaperExportOptions {
  if (refused && refused.parameter !== 'after' && refused.parameter !== 'limit') throw refused.error;
  const filter = validatePaperFilter(
    {
      categories: query.categories?.flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c) ?? null,
      publishedFrom: query.publishedFrom ?? null,
      publishedTo: query.publishedTo ?? null,
      hasCode: query.hasCode ?? null,
      minCitations: query.minCitations ?? null,
      minScore: query.minScore ?? null,
      authorId: rowId(query.authorId, 'authorId', 'Author', 'Pass the `id` of an Author exactly as the API returned it.'),
    },
    'query',
  );
  if (refused?.parameter === 'after') throw refused.error;
  const afterId = rowId(query.after, 'after', 'Paper', 'Pass the `id` of the last line you received to resume after it.');
  if (refused) throw refused.error;
  return { filter, afterId, limit: query.limit ?? null };
}

/** The JSON error body of GraphQL, with the HTTP status the error asks for (400 by default). */
function errorReply(error: GraphQLError): { status: number; body: unknown } {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } };
  return { status: http?.status ?? 400, body: { errors: [{ message: error.message, extensions }] } };
}

export function exportRoute(app: FastifyInstance, store: Store, readsNeedKey: boolean): void {
  // Each request's query string as parsed, before ajv coerces it in place: what a message quotes.
  const rawQueries = new WeakMap<FastifyRequest, RawQuery>();
  const route = {
    schema: { querystring: exportQuerySchema },
    // The handler answers a refused query string itself, after the key is checked.
    attachValidation: true,
    preValidation: async (request: FastifyRequest) => {
      rawQueries.set(request, { ...(request.query as RawQuery) });
    },
  };
  app.get<{ Querystring: ExportQuery }>('/export/papers.ndjson', route, async (request, reply) => {
    let options: PaperExportOptions;
    try {
      requireReadAccess(await authenticate(store, request.headers.authorization), readsNeedKey);
      const refused = request.validationError ? queryProblem(request.validationError, rawQueries.get(request) ?? {}) : null;
      options = exportOptions(request.query, refused);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const { status, body } = errorReply(error);
      return reply.code(status).send(body);
    }
    return reply.type('application/x-ndjson; charset=utf-8').send(paperExportStream(store, options));
  });
}
