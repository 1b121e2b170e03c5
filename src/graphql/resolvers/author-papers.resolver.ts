// Author.papers: an author's papers, filtered, ordered and paged, with the stats of the set.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { type AuthorPaperItem, type AuthorRecord } from '../../store';
import { pageSize } from '../../pagination/first';
import { cursorOf, decodeAfter } from '../../pagination/order';
import { paperOrdering } from '../../pagination/paper-order';
import { AFTER_ARG, FIRST_ARG, PAPER_FILTER_ARG, PAPER_ORDER_ARG } from '../args';
import { type Context } from '../context';
import { listOrder, toPaperFilter } from '../paper-filter';
import { toStatsType } from '../paper-stats';
import { Author } from '../types/author.type';
import { AuthorPaperConnection } from '../types/connections.type';
import { PaperFilterInput } from '../types/paper-filter.input';
import { PaperOrder } from '../types/paper-order.input';

@Resolver(() => Author)
export class AuthorPapersResolver {
  @FieldResolver(() => AuthorPaperConnection, { description: "The author's papers, narrowed by `filter`; newest first unless `orderBy` says otherwise." })
  papers(
    @Root() author: AuthorRecord,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Arg('orderBy', () => PaperOrder, PAPER_ORDER_ARG) orderBy: PaperOrder | null,
    @Arg('filter', () => PaperFilterInput, PAPER_FILTER_ARG) filterInput: PaperFilterInput | null,
    @Ctx() ctx: Context,
  ): AuthorPaperConnection {
    const ordering = paperOrdering(listOrder(orderBy));
    const size = pageSize(first);
    const afterKey = after ? decodeAfter(ordering, after) : null;
    const filter = toPaperFilter(filterInput);
    const loader = ctx.loaders.authorPapers({ first: size, after: afterKey, order: ordering.order, filter });
    const connection = new AuthorPaperConnection({
      page: () => loader.load(author.id),
      count: () => ctx.loaders.authorPaperCount(filter).load(author.id),
      edge: (item: AuthorPaperItem) => ({ cursor: cursorOf(ordering, item), node: item, position: item.position }),
      node: (item: AuthorPaperItem) => item,
      hasPreviousPage: afterKey !== null,
    });
    connection.statsOf = async () => toStatsType(await ctx.loaders.paperStats({ scope: 'author', filter }).load(author.id));
    return connection;
  }
}
