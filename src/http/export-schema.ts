// The query string of GET /export/papers.ndjson as a JSON Schema, which Fastify's ajv checks and
// coerces (numbers, booleans, categories as a list), and the BAD_USER_INPUT that names a refused
// parameter and the fix. Fastify's ajv stops at the first error (allErrors: false) and checks the
// parameters in the order below: the order in which the export always checked them.
import { type FastifySchema } from 'fastify';
import { type GraphQLError } from 'graphql';
import { badUserInput } from '../errors';

export const EXPORT_PARAMETERS = ['categories', 'publishedFrom', 'publishedTo', 'hasCode', 'minCitations', 'minScore', 'authorId', 'after', 'limit'];
export const MAX_EXPORT_LIMIT = 1_000_000;

/** The query string once the schema has passed it. */
export interface ExportQuery {
  categories?: string[];
  publishedFrom?: string;
  publishedTo?: string;
  hasCode?: boolean;
  minCitations?: number;
  minScore?: number;
  authorId?: string;
  after?: string;
  limit?: number;
}

/** The query string as it came (Fastify's parser gives a list for a repeated parameter). */
export type RawQuery = Record<string, string | string[] | undefined>;

// A string of digits first (a repeated parameter, " 5" or "1e3" is refused, not coerced), then
// the number it reads as.
const digits = (pattern: string, number: Record<string, unknown>) => ({ allOf: [{ type: 'string', pattern }, number] });
// ajv-formats' full-date: a real day of a year 0000 to 9999, as GraphQL's Date takes.
const date = { type: 'string', format: 'date' };

export const exportQuerySchema = {
  type: 'object',
  // Not additionalProperties: false, with which Fastify's ajv (removeAdditional) would drop an
  // unknown parameter without a word.
  propertyNames: { enum: EXPORT_PARAMETERS },
  properties: {
    // categories=cs.LG,cs.AI or categories=cs.LG&categories=cs.AI: at least one code in all.
    categories: { type: 'array', items: { type: 'string' }, contains: { type: 'string', pattern: '[^,\\s]' } },
    hasCode: { allOf: [{ type: 'string', enum: ['true', 'false'] }, { type: 'boolean' }] },
    // Up to 100 before the point: ajv skips `maximum` for a number too long to be finite.
    minScore: digits('^0*(\\d{1,2}|100)(\\.\\d+)?$', { type: 'number', maximum: 100 }),
    publishedFrom: date,
    publishedTo: date,
    minCitations: digits('^\\d{1,16}$', { type: 'integer', maximum: Number.MAX_SAFE_INTEGER }),
    // Ids are decoded by the route (src/http/export.ts), after the filter's parameters.
    authorId: { type: 'string', minLength: 1 },
    after: { type: 'string', minLength: 1 },
    limit: digits('^\\d{1,16}$', { type: 'integer', minimum: 1, maximum: MAX_EXPORT_LIMIT }),
  },
} satisfies FastifySchema['querystring'];

const wholeNumber = (name: string, range: string) => (value: string) => `\`${name}\` must be a whole number, ${range}, got "${value}".`;
const realDate = (name: string) => (value: string) => `\`${name}\` "${value}" is not a real date; write it YYYY-MM-DD, e.g. 2024-01-31.`;

/** What a parameter given once and not empty must be, for its message. */
const MUST: Record<string, (value: string) => string> = {
  publishedFrom: realDate('publishedFrom'),
  publishedTo: realDate('publishedTo'),
  hasCode: (value) => `\`hasCode\` must be true or false, got "${value}".`,
  minCitations: wholeNumber('minCitations', '0 or more'),
  minScore: (value) => `\`minScore\` must be a number from 0 to 100, got "${value}".`,
  limit: wholeNumber('limit', `from 1 to ${MAX_EXPORT_LIMIT}`),
};

export interface QueryProblem {
  parameter: string;
  error: GraphQLError;
}

/**
 * The parameter Fastify's validation refused and the BAD_USER_INPUT for it; `raw` is the query
 * string before ajv coerced it, for the value the message quotes. Any other error is thrown.
 */
export function queryProblem(validationError: Error & { validation?: unknown }, raw: RawQuery): QueryProblem {
  const first = (Array.isArray(validationError.validation) ? validationError.validation[0] : undefined) as
    | { instancePath?: string; propertyName?: string }
    | undefined;
  if (first?.propertyName !== undefined) {
    const name = first.propertyName.slice(0, 40);
    return { parameter: name, error: badUserInput(`Unknown query parameter \`${name}\`; the parameters are ${EXPORT_PARAMETERS.join(', ')}.`, name) };
  }
  const parameter = first?.instancePath?.split('/')[1];
  if (parameter === undefined || !EXPORT_PARAMETERS.includes(parameter)) throw validationError;
  const value = raw[parameter];
  let message: string;
  if (parameter === 'categories') message = '`categories` is empty; give arXiv codes separated by commas, e.g. categories=cs.LG,cs.AI.';
  else if (Array.isArray(value)) message = `\`${parameter}\` is given ${value.length} times; give it once.`;
  else if (!value) message = `\`${parameter}\` is empty; give it a value or leave it out.`;
  else if (MUST[parameter]) message = MUST[parameter](value.slice(0, 40));
  else throw validationError;
  return { parameter, error: badUserInput(message, parameter) };
}
