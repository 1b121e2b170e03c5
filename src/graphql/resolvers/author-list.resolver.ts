// Query.authors: author lists and leaderboards over author_metrics, or a name search.
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { type AuthorRecord } from '../../db/records';
import { badUserInput } from '../../errors';
import { authorOrdering, type AuthorFilter, type RankedAuthor } from '../../pagination/author-order';
import { decodeCursor, encodeCursor } from '../../pagination/cursor';
import { pageSize } from '../../pagination/first';
import { cursorOf, decodeAfter } from '../../pagination/order';
import { countListedAuthors, listAuthors } from '../../services/author-list.service';
import { countAuthors, searchAuthors, searchWords, MAX_SEARCH_WORDS } from '../../services/author.service';
import { AFTER_ARG, FIRST_ARG } from '../args';
import { type Context } from '../context';
import { Author } from '../types/author.type';
import { AuthorFilterInput, AuthorOrder } from '../types/author-order.input';
import { once } from '../types/connection.type';
import { AuthorConnection } from '../types/connections.type';

@Resolver(() => Author)
export class AuthorListResolver {
  @Query(() => AuthorConnection, {
    description:
      'Authors narrowed by `filter`, by name unless `orderBy` says otherwise; leaderboards such as the top authors of cs.LG by h-index read an index. ' +
      'With `search`, the authors whose name matches, best match first.',
  })
  authors(
    @Arg('search', () => String, { nullable: true, description: 'Words the name must contain, in any case, e.g. "liu zong".' })
    search: string | null,
    @Arg('filter', () => AuthorFilterInput, { nullable: true }) filter: AuthorFilterInput | null,
    @Arg('orderBy', () => AuthorOrder, { nullable: true }) orderBy: AuthorOrder | null,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Ctx() ctx: Context,
  ): AuthorConnection {
    if (!search?.trim()) return this.list(filter, orderBy, first, after, ctx);
    const words = searchWords(search);
    if (words.length > MAX_SEARCH_WORDS) {
      throw badUserInput(`\`search\` has ${words.length} words; use at most ${MAX_SEARCH_WORDS}.`, 'search');
    }
    const size = pageSize(first);
    const afterKey = after ? (decodeCursor(after, 'NAME', ['string', 'number']) as [string, number]) : null;
    return new AuthorConnection({
      page: once(async () => searchAuthors(ctx.sqlite, { words, first: size, after: afterKey })),
      count: async () => countAuthors(ctx.sqlite, words),
      edge: (author: AuthorRecord) => ({ cursor: encodeCursor('NAME', [author.name, author.id]), node: author }),
      node: (author: AuthorRecord) => author,
      hasPreviousPage: afterKey !== null,
    });
  }

  private list(filter: AuthorFilter | null, orderBy: AuthorOrder | null, first: number | null, after: string | null, ctx: Context) {
    const ordering = authorOrdering(orderBy ?? undefined);
    const size = pageSize(first);
    const afterKey = after ? decodeAfter(ordering, after) : null;
    return new AuthorConnection({
      page: once(async () => listAuthors(ctx.sqlite, { first: size, after: afterKey, ordering, filter })),
      count: async () => countListedAuthors(ctx.sqlite, filter),
      edge: (author: RankedAuthor) => ({ cursor: cursorOf(ordering, author), node: author }),
      node: (author: RankedAuthor) => author,
      hasPreviousPage: afterKey !== null,
    });
  }
}
