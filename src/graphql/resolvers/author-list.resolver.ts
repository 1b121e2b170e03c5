// Query.authors: author lists and leaderboards over author_metrics, or a name search.
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badUserInput } from '../../errors';
import { authorOrdering, validateAuthorFilter, type AuthorFilter, type RankedAuthor } from '../../pagination/author-order';
import { storedMetricsOf } from '../../store';
import { decodeCursor, encodeCursor } from '../../pagination/cursor';
import { pageSize } from '../../pagination/first';
import { cursorOf, decodeAfter } from '../../pagination/order';
import {
  AUTHOR_SEARCH_KEY_TYPES,
  AUTHOR_SEARCH_ORDERING,
  authorSearchCursorKey,
  toNameQuery,
  type AuthorSearchHit,
  type AuthorSearchKey,
} from '../../store';
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
    @Arg('search', () => String, {
      nullable: true,
      description:
        'Words that start words of the name, in any order, case and accents ignored: "liu z", "Liu, Zongkai" and "zongkai" all find Zongkai Liu. ' +
        'Exact names first, then names that start with the text, then the rest; most cited first within each. Words past the 8th are ignored.',
    })
    search: string | null,
    @Arg('filter', () => AuthorFilterInput, {
      nullable: true,
      description: 'Conditions the authors must meet, all of them; every author when left out. Not with `search`.',
    })
    filter: AuthorFilterInput | null,
    @Arg('orderBy', () => AuthorOrder, { nullable: true, description: 'The order of the authors; by name, A to Z, when left out. Not with `search`.' })
    orderBy: AuthorOrder | null,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Ctx() ctx: Context,
  ): AuthorConnection {
    const query = toNameQuery(search);
    if (query === null) return this.list(filter, orderBy, first, after, ctx);
    if (filter || orderBy) {
      throw badUserInput('`search` ranks authors by how well the name matches: leave out `filter` and `orderBy`, or the search.', 'search');
    }
    const size = pageSize(first);
    const afterKey = after ? (decodeCursor(after, AUTHOR_SEARCH_ORDERING, AUTHOR_SEARCH_KEY_TYPES) as AuthorSearchKey) : null;
    return new AuthorConnection({
      page: once(async () => ctx.store.searchAuthors({ query, first: size, after: afterKey })),
      count: async () => ctx.store.countAuthorNameMatches(query),
      edge: (hit: AuthorSearchHit) => ({ cursor: encodeCursor(AUTHOR_SEARCH_ORDERING, authorSearchCursorKey(hit)), node: hit }),
      node: (hit: AuthorSearchHit) => hit,
      hasPreviousPage: afterKey !== null,
    });
  }

  private list(filter: AuthorFilter | null, orderBy: AuthorOrder | null, first: number | null, after: string | null, ctx: Context) {
    const ordering = authorOrdering(orderBy ?? undefined);
    const size = pageSize(first);
    const afterKey = after ? decodeAfter(ordering, after) : null;
    return new AuthorConnection({
      page: once(async () => {
        const page = await ctx.store.listAuthors({ first: size, after: afterKey, order: ordering.order, filter: validateAuthorFilter(filter) });
        // The page read the stored metrics: the metric fields of these authors need no statement of their own.
        for (const author of page.items) ctx.loaders.authorMetrics.prime(author.id, storedMetricsOf(author));
        return page;
      }),
      count: async () => ctx.store.countAuthors(validateAuthorFilter(filter)),
      edge: (author: RankedAuthor) => ({ cursor: cursorOf(ordering, author), node: author }),
      node: (author: RankedAuthor) => author,
      hasPreviousPage: afterKey !== null,
    });
  }
}
