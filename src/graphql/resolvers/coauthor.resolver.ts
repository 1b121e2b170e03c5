// The co-author graph: an author's co-authors.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { type AuthorRecord } from '../../db/records';
import { type CoauthorItem } from '../../loaders/coauthors.loader';
import { decodeCursor, encodeCursor } from '../../pagination/cursor';
import { pageSize } from '../../pagination/first';
import { AFTER_ARG, FIRST_ARG } from '../args';
import { type Context } from '../context';
import { Author } from '../types/author.type';
import { CoauthorConnection } from '../types/coauthor.type';

@Resolver(() => Author)
export class CoauthorResolver {
  @FieldResolver(() => CoauthorConnection)
  coauthors(
    @Root() author: AuthorRecord,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Ctx() ctx: Context,
  ): CoauthorConnection {
    const size = pageSize(first);
    const afterKey = after ? (decodeCursor(after, 'SHARED_PAPERS', ['number', 'number']) as [number, number]) : null;
    const loader = ctx.loaders.coauthors({ first: size, after: afterKey });
    return new CoauthorConnection({
      page: () => loader.load(author.id),
      count: () => ctx.loaders.coauthorCount.load(author.id),
      edge: (item: CoauthorItem) => ({
        cursor: encodeCursor('SHARED_PAPERS', [item.sharedPaperCount, item.id]),
        node: item,
        sharedPaperCount: item.sharedPaperCount,
      }),
      node: (item: CoauthorItem) => item,
      hasPreviousPage: afterKey !== null,
    });
  }
}
