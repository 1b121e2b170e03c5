// The executable schema, built from the decorated classes.
import 'reflect-metadata';
import { type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthorResolver } from './resolvers/author.resolver';
import { AuthorListResolver } from './resolvers/author-list.resolver';
import { AuthorPapersResolver } from './resolvers/author-papers.resolver';
import { CoauthorResolver } from './resolvers/coauthor.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { PaperResolver } from './resolvers/paper.resolver';
import { PaperMutationResolver } from './resolvers/paper-mutation.resolver';
import { AuthorMutationResolver } from './resolvers/author-mutation.resolver';
import { RateLimitResolver } from './resolvers/rate-limit.resolver';

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [NodeResolver, AuthorResolver, AuthorListResolver, AuthorPapersResolver, CoauthorResolver, PaperResolver, PaperMutationResolver, AuthorMutationResolver, RateLimitResolver], validate: false });
}
