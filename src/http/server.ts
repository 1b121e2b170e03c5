// The HTTP server: Fastify, with Apollo Server on /graphql, and the operational endpoints.
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Db } from '../db/client';
import { type Context } from '../graphql/context';
import { createSchema } from '../graphql/schema';
import { createLoaders } from '../loaders';
import { healthRoute } from './health';
import { metricsRoute } from './metrics';

export interface ServerOptions {
  db: Db;
  logLevel?: string;
  production?: boolean;
}

export async function createServer({ db, logLevel = 'info', production = false }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: logLevel } });
  const apollo = new ApolloServer<Context>({
    schema: await createSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: !production,
    plugins: [fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    context: async () => ({ sqlite: db.sqlite, loaders: createLoaders(db.sqlite) }),
  });
  healthRoute(app, db.sqlite);
  metricsRoute(app, db.statements);
  return app;
}
