// GET /export/papers.ndjson: the export of npm run export over HTTP, streamed, narrowed by the
// filters of papers(filter:), resumable after any paper. Reads need what GraphQL reads need.
import { type FastifyInstance } from 'fastify';
import type Database from 'better-sqlite3';
import { GraphQLError } from 'graphql';
import { authenticate, requireReadAccess } from '../auth/authenticate';
import { badUserInput } from '../errors';
import { paperExportStream, type PaperExportOptions } from '../export/paper-export';
import { fromGlobalId, type NodeType } from '../graphql/ids';
import { ymdDate } from '../import/arxiv-record';
import { validatePaperFilter, type PaperFilter } from '../pagination/paper-filter';

const PARAMETERS = ['categories', 'publishedFrom', 'publishedTo', 'hasCode', 'minCitations', 'minScore', 'authorId', 'after', 'limit'];
export const MAX_EXPORT_LIMIT = 1_000_000;

type Query = Record<string, string | string[] | undefined>;

function one(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw badUserInput(`\`${name}\` is given ${value.length} times; give it once.`, name);
  if (value === '') throw badUserInput(`\`${name}\` is empty; give it a value or leave it out.`, name);
  return value;
}

function date(query: Query, name: string): string | null {
  const value = one(query, name);
  if (value === undefined) return null;
  if (ymdDate(value) !== value) throw badUserInput(`\`${name}\` "${value.slice(0, 40)}" is not a real date; write it YYYY-MM-DD, e.g. 2024-01-31.`, name);
  return value;
}

function wholeNumber(query: Query, name: string, min: number, max: number): number | null {
  const value = one(query, name);
  if (value === undefined) return null;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw badUserInput(`\`${name}\` must be a whole number, ${range}, got "${value.slice(0, 40)}".`, name);
  }
  return n;
}

function rowId(query: Query, name: string, type: NodeType, how: string): number | null {
  const value = one(query, name);
  if (value === undefined) return null;
  const decoded = fromGlobalId(value);
  if (decoded?.type !== type) throw badUserInput(`\`${name}\` "${value.slice(0, 80)}" is not the id of ${type === 'Author' ? 'an' : 'a'} ${type}. ${how}`, name);
  return decoded.rowId;
}

/** The export the query string asks for; BAD_USER_INPUT naming the parameter and the fix. */
export function exportOptions(query: Query): PaperExportOptions {
  const unknown = Object.keys(query).find((name) => !PARAMETERS.includes(name));
  if (unknown !== undefined) {
    throw badUserInput(`Unknown query parameter \`${unknown.slice(0, 40)}\`; the parameters are ${PARAMETERS.join(', ')}.`, unknown.slice(0, 40));
  }
  // categories=cs.LG,cs.AI or categories=cs.LG&categories=cs.AI.
  const categories = query.categories === undefined ? null : [query.categories].flat().flatMap((c) => (c ?? '').split(',')).map((c) => c.trim()).filter((c) => c);
  if (categories?.length === 0) throw badUserInput('`categories` is empty; give arXiv codes separated by commas, e.g. categories=cs.LG,cs.AI.', 'categories');
  const hasCode = one(query, 'hasCode');
  if (hasCode !== undefined && hasCode !== 'true' && hasCode !== 'false') {
    throw badUserInput(`\`hasCode\` must be true or false, got "${hasCode.slice(0, 40)}".`, 'hasCode');
  }
  const minScore = one(query, 'minScore');
  if (minScore !== undefined && !(/^\d+(\.\d+)?$/.test(minScore) && Number(minScore) <= 100)) {
    throw badUserInput(`\`minScore\` must be a number from 0 to 100, got "${minScore.slice(0, 40)}".`, 'minScore');
  }
  const filter: PaperFilter = validatePaperFilter(
    {
      categories,
      publishedFrom: date(query, 'publishedFrom'),
      publishedTo: date(query, 'publishedTo'),
      hasCode: hasCode === undefined ? null : hasCode === 'true',
      minCitations: wholeNumber(query, 'minCitations', 0, Number.MAX_SAFE_INTEGER),
      minScore: minScore === undefined ? null : Number(minScore),
      authorId: rowId(query, 'authorId', 'Author', 'Pass the `id` of an Author exactly as the API returned it.'),
    },
    'query',
  );
  return {
    filter,
    afterId: rowId(query, 'after', 'Paper', 'Pass the `id` of the last line you received to resume after it.'),
    limit: wholeNumber(query, 'limit', 1, MAX_EXPORT_LIMIT),
  };
}

/** The JSON error body of GraphQL, with the HTTP status the error asks for (400 by default). */
function errorReply(error: GraphQLError): { status: number; body: unknown } {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } };
  return { status: http?.status ?? 400, body: { errors: [{ message: error.message, extensions }] } };
}

export function exportRoute(app: FastifyInstance, sqlite: Database.Database, readsNeedKey: boolean): void {
  app.get('/export/papers.ndjson', async (request, reply) => {
    let options: PaperExportOptions;
    try {
      requireReadAccess(authenticate(sqlite, request.headers.authorization), readsNeedKey);
      options = exportOptions(request.query as Query);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const { status, body } = errorReply(error);
      return reply.code(status).send(body);
    }
    return reply.type('application/x-ndjson; charset=utf-8').send(paperExportStream(sqlite, options));
  });
}
