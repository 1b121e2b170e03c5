// The HTTP server: Fastify, with Apollo Server on /graphql, and the operational endpoints.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import { type GraphQLSchema } from 'graphql';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticate, requireReadAccess } from '../auth/authenticate';
import { defaultReadThreads, type Limits, loadLimits, type TrustProxy } from '../config';
import { sqliteEngine, type Db, type ServingEngine } from '../store';
import { type RequestScope, type StatementTally, type Store } from '../store';
import { type Context } from '../graphql/context';
import { createSchema } from '../graphql/schema';
// Types only: graphql-jit loads when GRAPHQL_EXECUTOR=jit chooses it (jitGatewayOf below).
import type * as JitExecutor from '../graphql/executor';
import { type Executor } from '../graphql/executors';
import { documentRules, parseOptions } from '../limits/document-rules';
import { answerOversizedHeaders, bodyLimit, limitHttpRequests } from '../limits/http-limits';
import { formatError, unexpectedErrorsPlugin } from './unexpected-errors';
import { responseStatusPlugin } from './response-status';
import { countDoorRefusal, createTelemetry, observeRequestStatements, telemetryPlugin } from './telemetry';
import { Registry } from 'prom-client';
import { limitsPlugin, openBudget } from '../limits/limits.plugin';
import { type Client, clientOf, CostRateLimiter } from '../limits/rate-limit';
import { createLoaders } from '../loaders';
import { connectionTimeouts, limitConnections } from './connections';
import { exportRoute } from './export';
import { healthRoute } from './health';
import { requireValidHost } from './host-header';
import { refusePreflightsWithoutCors } from './preflight';
import { PersistedQueryTable } from './persisted-queries';
import { serializeRequest } from './request-log';
import { metricsRoute } from './metrics';
import { playgroundRoutes } from './playground';
import { cacheControlOf, cacheHeaders, clientHasIt, etagOf, type HttpCachePolicy, notModified } from './http-cache';

/**
 * A GET whose Accept names GraphQL's own media type (urql's and graphql-request's default) is
 * let through Apollo's CSRF prevention, as its preflight header would be. The prevention stops a
 * browser on another site from running a request it cannot read (a link, an image, a form);
 * those never ask for application/graphql-response+json. Our credentials are API keys in a
 * header, which no such request can carry, and a GET runs only queries: what could a page on
 * another site still do with one? Spend the visitor's address's rate limit, which an image could
 * already do. Everything else (POSTs of forms and text, GETs without that Accept) is judged by
 * Apollo as before.
 */
function asksForGraphQL(request: FastifyRequest): boolean {
  return request.method === 'GET' && /application\/graphql-response\+json/i.test(request.headers.accept ?? '');
}

export interface ServerOptions {
  /** The SQLite database this process holds open; or `engine`, either engine (src/store/engine.ts). */
  db?: Db;
  engine?: ServingEngine;
  logLevel?: string;
  production?: boolean;
  /** When true, every request needs a key (of any role); by default reads are public. */
  readsNeedKey?: boolean;
  /** Where pino writes the log's JSON lines: standard output by default; src/ops/log-format.ts's pretty printer on a terminal. */
  logStream?: { write(line: string): unknown };
  /** Request limits and the rate limit; by default those of the environment (src/config.ts). */
  limits?: Limits;
  /** Origins allowed to call from a browser (CORS); none by default. */
  corsOrigins?: string[];
  /** "Did you mean ...?" in validation errors; on by default. */
  fieldSuggestions?: boolean;
  /** Which proxies' X-Forwarded-For gives the client's address (Fastify's trustProxy); none by default. */
  trustProxy?: TrustProxy;
  /** GraphiQL at /playground, and at /graphql for browsers (src/http/playground.ts); on by default. */
  playground?: boolean;
  /** In cluster mode (src/ops/cluster.ts), this worker's id: answered in X-Served-By, and the rate limit's buckets are the primary's. */
  worker?: number;
  /**
   * Each request's own SQL statements counted, for its log line and the per-request histogram; on
   * by default. Off, both say nothing of them (sqlStatements: null). On SQLite the count costs a
   * request handle of the store (src/store/tally.ts); on PostgreSQL it rides on an
   * AsyncLocalStorage, a hook on every promise (BENCHMARKS.md, levers).
   */
  statementTally?: boolean;
  /**
   * Threads that run the long reads (counts, stats, searches, large batches) off the event loop,
   * each with its own connection (src/store/sqlite/read-pool.ts); 0 runs them inline. Two by default.
   */
  readThreads?: number;
  /**
   * GET answers' caching (src/http/http-cache.ts): an ETag of the data version, 304 when the
   * client's copy is current, and Cache-Control's max-age; null answers no-store. 5 s by default.
   */
  httpCache?: HttpCachePolicy;
  /** What runs a request's operation (src/graphql/executor.ts): graphql-js by default, or graphql-jit (each document compiled once). */
  executor?: Executor;
}

/**
 * graphql-jit's gateway (src/graphql/executor.ts), loaded only when chosen: graphql-jit takes
 * 45-70 ms to load (measured on this machine), which every start and every cluster worker would
 * otherwise pay for an executor off by default. (require: under `module: node16` a CommonJS
 * file's import() stays an ECMAScript import; see src/store/index.ts.)
 */
function jitGatewayOf(schema: GraphQLSchema): ReturnType<typeof JitExecutor.jitGateway> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../graphql/executor') as typeof JitExecutor).jitGateway(schema);
}

export async function createServer({
  db,
  engine = sqliteEngine(db!),
  logLevel = 'info',
  production = false,
  readsNeedKey = false,
  logStream,
  limits = loadLimits(),
  corsOrigins = [],
  fieldSuggestions = true,
  trustProxy = false,
  playground = true,
  worker,
  statementTally = true,
  readThreads = defaultReadThreads(),
  httpCache = { maxAgeSeconds: 5 },
  executor = 'graphql-js',
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // A number of hops as proxy-addr's function (Fastify's types take no number).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // Every request line goes through serializeRequest: a query string's values never reach the log.
    logger: { level: logLevel, serializers: { req: serializeRequest }, ...(logStream ? { stream: logStream } : {}) },
    // How long a request may take to arrive, and an idle connection stay (src/http/connections.ts).
    ...connectionTimeouts(limits),
  });
  if (worker !== undefined) {
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('x-served-by', `worker-${worker}`);
    });
  }
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
  const { store } = engine;
  limitConnections(app, limits, trustProxy, (reason) => telemetry.refused.inc({ reason }));
  const rateLimiter =
    limits.rateLimitPoints === null
      ? null
      : new CostRateLimiter(limits.rateLimitPoints, limits.rateLimitWindowSeconds, worker !== undefined, (options, insurance) => engine.sharedBuckets(options, insurance));
  const schema = await createSchema();
  const apollo = new ApolloServer<Context>({
    ...(executor === 'jit' ? { gateway: jitGatewayOf(schema) } : { schema }),
    introspection: true,
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: !fieldSuggestions,
    // Signals are src/ops/graceful-shutdown's: Apollo's own handlers would close the server
    // behind the drain's back and cut connections after 10 s whatever the grace period.
    stopOnTerminationSignals: false,
    parseOptions: parseOptions(limits),
    validationRules: documentRules(limits),
    allowBatchedHttpRequests: limits.maxBatch > 0,
    // In the database, so that every worker knows the queries any of them registered.
    persistedQueries: { cache: new PersistedQueryTable(store) },
    formatError,
    plugins: [
      fastifyApolloDrainPlugin(app),
      limitsPlugin(limits, rateLimiter),
      unexpectedErrorsPlugin(production),
      telemetryPlugin(telemetry),
      responseStatusPlugin(),
      // Apollo's own landing page loads from a CDN; src/http/playground.ts serves GraphiQL instead.
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache-control plugin wraps every resolver to collect @cacheControl hints, and the
      // schema has none: all it did was answer `cache-control: no-store`, which this does for a
      // tenth of a profile page's time (BENCHMARKS.md, levers).
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              response.http.headers.set('cache-control', 'no-store');
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  // Who each request turned out to be, for its rate-limit headers.
  const clients = new WeakMap<FastifyRequest, Client>();
  // A request refused before its context was built (body too large, too many operations) is
  // looked up here, so that it still gets its own bucket's headers; a bad key gets none.
  const knownClient = async (request: FastifyRequest): Promise<Client | null> => {
    const known = clients.get(request);
    if (known) return known;
    try {
      return clientOf(await authenticate(store, request.headers.authorization), request.ip);
    } catch {
      return null;
    }
  };
  const playgroundHooks = playgroundRoutes(app, store, playground);
  await app.register(async (scope) => {
    requireValidHost(scope, (reason) => telemetry.refused.inc({ reason }));
    if (corsOrigins.length === 0) refusePreflightsWithoutCors(scope, (reason) => telemetry.refused.inc({ reason }));
    limitHttpRequests(scope, limits, rateLimiter, knownClient, (reason) => telemetry.refused.inc({ reason }));
    // Each request counts its own SQL statements, for its log line and the per-request histogram.
    const tallies = new WeakMap<FastifyRequest, StatementTally>();
    // Each request's scope: the store its work calls (counting in its tally), and how it runs.
    const scopes = new WeakMap<FastifyRequest, RequestScope>();
    scope.addHook('onResponse', async (request, reply) => {
      const tally = tallies.get(request);
      if (tally) observeRequestStatements(telemetry, request, reply, statementTally ? tally : null);
    });
    // A GET's ETag and Cache-Control, for its 200 answer; any other keeps Apollo's no-store.
    const cacheable = new WeakMap<FastifyRequest, Record<string, string>>();
    // Apollo refuses some requests before any plugin sees them (CSRF, a bad key, no query): counted here.
    scope.addHook('onSend', async (request, reply, payload) => {
      if (tallies.has(request) && !clients.has(request) && reply.statusCode >= 400) countDoorRefusal(telemetry, payload);
      const headers = cacheable.get(request);
      if (headers && reply.statusCode === 200) reply.headers(headers);
      return payload;
    });
    /**
     * A GET: its ETag is the data version read first (on PostgreSQL, from the replica the rest of
     * the request reads from, src/store/postgres/db.ts), so that an answer is never labelled with a
     * version newer than its data. When the client's copy has that ETag, 304: nothing runs, no
     * rate-limit point is spent. A key is still checked: a wrong one gets its error from Apollo.
     */
    type Answer = string | void | Promise<string | void>;
    const answerGet = async (request: FastifyRequest, reply: FastifyReply, requestStore: Store, policy: NonNullable<HttpCachePolicy>, run: () => Answer): Promise<string | void> => {
      const etag = etagOf(await requestStore.dataVersion(), request);
      const headers = cacheHeaders(etag, cacheControlOf(policy, readsNeedKey || request.headers.authorization !== undefined));
      if (clientHasIt(request, etag) && (await keyLetsRead(request, requestStore))) {
        notModified(reply, headers);
        return;
      }
      cacheable.set(request, headers);
      return run();
    };
    const keyLetsRead = async (request: FastifyRequest, requestStore: Store): Promise<boolean> => {
      if (!readsNeedKey && request.headers.authorization === undefined) return true;
      try {
        requireReadAccess(await authenticate(requestStore, request.headers.authorization), readsNeedKey);
        return true;
      } catch {
        return false;
      }
    };
    const graphqlHandler = fastifyApolloHandler(apollo, {
      // The key is checked before anything runs; it is never logged (Fastify logs no headers).
      context: async (request) => {
        const requestStore = scopes.get(request)?.store ?? store;
        const auth = await authenticate(requestStore, request.headers.authorization);
        requireReadAccess(auth, readsNeedKey);
        const context: Context = {
          store: requestStore,
          auth,
          loaders: createLoaders(requestStore),
          requestId: request.id,
          log: request.log,
          statements: statementTally ? tallies.get(request) : undefined,
          batched: Array.isArray(request.body),
        };
        const client = clientOf(auth, request.ip);
        clients.set(request, client);
        openBudget(context, client);
        return context;
      },
    });
    scope.route<{ Reply: string }>({
      method: ['GET', 'POST', 'OPTIONS'],
      url: '/graphql',
      bodyLimit: bodyLimit(limits),
      // A browser's GET gets the playground page; every GraphQL request goes on to Apollo.
      onRequest: playgroundHooks,
      handler(request, reply) {
        if (asksForGraphQL(request)) request.headers['apollo-require-preflight'] = 'accept';
        const tally: StatementTally = { count: 0 };
        tallies.set(request, tally);
        const scope = engine.request(statementTally ? tally : null);
        scopes.set(request, scope);
        const run = (): Answer => graphqlHandler.call(this, request, reply);
        const work: () => Answer = httpCache && request.method === 'GET' ? () => answerGet(request, reply, scope.store, httpCache, run) : run;
        return scope.run(work);
      },
    });
  });
  answerOversizedHeaders(app, limits);
  engine.startServing({ readThreads });
  app.addHook('onClose', async () => engine.stopServing());
  healthRoute(app, store);
  exportRoute(app, store, readsNeedKey);
  metricsRoute(app, engine.statements, registry);
  return app;
}
