// The executable schema, built from the decorated classes.
import 'reflect-metadata';
import { type GraphQLInterfaceType, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthorResolver } from './resolvers/author.resolver';
import { AuthorListResolver } from './resolvers/author-list.resolver';
import { AuthorPapersResolver } from './resolvers/author-papers.resolver';
import { CoauthorResolver } from './resolvers/coauthor.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { PaperResolver } from './resolvers/paper.resolver';
import { PaperMutationResolver } from './resolvers/paper-mutation.resolver';
import { AuthorMutationResolver } from './resolvers/author-mutation.resolver';
import { nodeTypeOf } from './types/node.type';
import { RateLimitResolver } from './resolvers/rate-limit.resolver';
import { PaperStatsResolver } from './resolvers/paper-stats.resolver';

const QUERY_DESCRIPTION =
  'The reads: one object by id or external id, lists of papers and authors as Relay connections (filtered, ordered, searched, ' +
  'paged with cursors), co-authorship paths, and the rate limit. Public unless the server needs a key for reads.';
const MUTATION_DESCRIPTION =
  'The writes, each one transaction that also recomputes the metrics of the authors it touches. ' +
  'Each needs an API key with the writer (or admin) role: `Authorization: Bearer <key>`.';

export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: [NodeResolver, AuthorResolver, AuthorListResolver, AuthorPapersResolver, CoauthorResolver, PaperResolver, PaperStatsResolver, PaperMutationResolver, AuthorMutationResolver, RateLimitResolver], validate: false });
  // TypeGraphQL builds the root types without a way to describe them: they are described here.
  schema.getQueryType()!.description = QUERY_DESCRIPTION;
  schema.getMutationType()!.description = MUTATION_DESCRIPTION;
  // TypeGraphQL makes every resolveType async; graphql-jit (src/graphql/executor.ts) needs the
  // type at once, and graphql-js is spared a promise per node.
  (schema.getType('Node') as GraphQLInterfaceType).resolveType = nodeTypeOf;
  return schema;
}
