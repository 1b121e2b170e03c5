// The HTTP server: Fastify, with Apollo Server on /graphql, and the operational endpoints.
import { ApolloServer } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { authenticate, requireReadAccess } from '../auth/authenticate';
import { type Limits, loadLimits } from '../config';
import { type Db } from '../db/client';
import { type Context } from '../graphql/context';
import { createSchema } from '../graphql/schema';
import { documentRules, parseOptions } from '../limits/document-rules';
import { answerOversizedHeaders, bodyLimit, limitHttpRequests } from '../limits/http-limits';
import { formatError, unexpectedErrorsPlugin } from './unexpected-errors';
import { createTelemetry, telemetryPlugin } from './telemetry';
import { Registry } from 'prom-client';
import { limitsPlugin, openBudget } from '../limits/limits.plugin';
import { type Client, clientOf, CostRateLimiter } from '../limits/rate-limit';
import { createLoaders } from '../loaders';
import { exportRoute } from './export';
import { healthRoute } from './health';
import { metricsRoute } from './metrics';

export interface ServerOptions {
  db: Db;
  logLevel?: string;
  production?: boolean;
  /** When true, every request needs a key (of any role); by default reads are public. */
  readsNeedKey?: boolean;
  /** Where the JSON log lines go; standard output by default. */
  logStream?: NodeJS.WritableStream;
  /** Request limits and the rate limit; by default those of the environment (src/config.ts). */
  limits?: Limits;
  /** Origins allowed to call from a browser (CORS); none by default. */
  corsOrigins?: string[];
  /** "Did you mean ...?" in validation errors; on by default. */
  fieldSuggestions?: boolean;
}

export async function createServer({
  db,
  logLevel = 'info',
  production = false,
  readsNeedKey = false,
  logStream,
  limits = loadLimits(),
  corsOrigins = [],
  fieldSuggestions = true,
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: logStream ? { level: logLevel, stream: logStream } : { level: logLevel } });
  if (corsOrigins.length > 0) {
    await app.register(cors, {
      origin: corsOrigins.includes('*') ? '*' : corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
      exposedHeaders: ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Used', 'X-RateLimit-Reset', 'Retry-After'],
      maxAge: 600,
    });
  }
  const registry = new Registry();
  const telemetry = createTelemetry(registry);
  const rateLimiter = limits.rateLimitPoints === null ? null : new CostRateLimiter(limits.rateLimitPoints, limits.rateLimitWindowSeconds);
  const apollo = new ApolloServer<Context>({
    schema: await createSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: !fieldSuggestions,
    // Signals are src/ops/graceful-shutdown's: Apollo's own handlers would close the server
    // behind the drain's back and cut connections after 10 s whatever the grace period.
    stopOnTerminationSignals: false,
    parseOptions: parseOptions(limits),
    validationRules: documentRules(limits),
    allowBatchedHttpRequests: limits.maxBatch > 0,
    formatError,
    plugins: [fastifyApolloDrainPlugin(app), limitsPlugin(limits, rateLimiter), unexpectedErrorsPlugin(production), telemetryPlugin(telemetry)],
  });
  await apollo.start();
  // Who each request turned out to be, for its rate-limit headers.
  const clients = new WeakMap<FastifyRequest, Client>();
  const knownClient = (request: FastifyRequest) =>
    clients.get(request) ?? (request.headers.authorization ? null : clientOf(null, request.ip));
  await app.register(async (scope) => {
    limitHttpRequests(scope, limits, rateLimiter, knownClient, (reason) => telemetry.refused.inc({ reason }));
    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: '/graphql',
      bodyLimit: bodyLimit(limits),
      handler: fastifyApolloHandler(apollo, {
        // The key is checked before anything runs; it is never logged (Fastify logs no headers).
        context: async (request) => {
          const auth = authenticate(db.sqlite, request.headers.authorization);
          requireReadAccess(auth, readsNeedKey);
          const context: Context = { db, sqlite: db.sqlite, auth, loaders: createLoaders(db.sqlite), requestId: request.id, log: request.log };
          const client = clientOf(auth, request.ip);
          clients.set(request, client);
          openBudget(context, client);
          return context;
        },
      }),
    });
  });
  answerOversizedHeaders(app, limits);
  healthRoute(app, db.sqlite);
  exportRoute(app, db.sqlite, readsNeedKey);
  metricsRoute(app, db.statements, registry);
  return app;
}
