// The HTTP server: Fastify, with Apollo Server on /graphql, and the operational endpoints.
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate, requireReadAccess } from '../auth/authenticate';
import { type Db } from '../db/client';
import { type Context } from '../graphql/context';
import { createSchema } from '../graphql/schema';
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
}

export async function createServer({ db, logLevel = 'info', production = false, readsNeedKey = false, logStream }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: logStream ? { level: logLevel, stream: logStream } : { level: logLevel } });
  const apollo = new ApolloServer<Context>({
    schema: await createSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: !production,
    plugins: [fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    // The key is checked before anything runs; it is never logged (Fastify logs no headers).
    context: async (request) => {
      const auth = authenticate(db.sqlite, request.headers.authorization);
      requireReadAccess(auth, readsNeedKey);
      return { db, sqlite: db.sqlite, auth, loaders: createLoaders(db.sqlite) };
    },
  });
  healthRoute(app, db.sqlite);
  exportRoute(app, db.sqlite, readsNeedKey);
  metricsRoute(app, db.statements);
  return app;
}
