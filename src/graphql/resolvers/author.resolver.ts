import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { categoryParts } from '../../domain/arxiv-categories';
import { type AuthorRecord } from '../../db/records';
import { type AuthorMetrics } from '../../metrics';
import { type AuthorPaperItem } from '../../loaders/author-papers.loader';
import { decodeCursor, encodeCursor } from '../../pagination/cursor';
import { pageSize } from '../../pagination/first';
import { cursorOf, decodeAfter } from '../../pagination/order';
import { paperOrdering } from '../../pagination/paper-order';
import { countAuthors, searchAuthors, searchWords, MAX_SEARCH_WORDS } from '../../services/author.service';
import { badUserInput } from '../../errors';
import { AFTER_ARG, FIRST_ARG } from '../args';
import { type Context } from '../context';
import { toGlobalId } from '../ids';
import { missing, oneKey, rowIdOf } from '../node-id';
import { Author } from '../types/author.type';
import { Category } from '../types/category.type';
import { AuthorConnection, AuthorPaperConnection } from '../types/connections.type';
import { once } from '../types/connection.type';
import { PaperFilterInput } from '../types/paper-filter.input';
import { AuthorFilterInput, AuthorOrder } from '../types/author-order.input';
import { authorOrdering, type AuthorFilter, type RankedAuthor } from '../../pagination/author-order';
import { countListedAuthors, listAuthors } from '../../services/author-list.service';
import { PaperOrder } from '../types/paper-order.input';
import { toPaperFilter } from '../paper-filter';
import { toStatsType } from '../paper-stats';
import { YearCount } from '../types/paper-stats.type';
import { contiguousYears } from '../../metrics';

async function metric<K extends keyof AuthorMetrics>(ctx: Context, author: AuthorRecord, name: K): Promise<AuthorMetrics[K]> {
  return (await ctx.loaders.authorMetrics.load(author.id))[name];
}

@Resolver(() => Author)
export class AuthorResolver {
  @Query(() => Author, {
    nullable: true,
    description: 'An author by `id` or by `externalId` (e.g. an ORCID); null with a NOT_FOUND error when there is none.',
  })
  async author(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('externalId', () => String, { nullable: true }) externalId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuthorRecord> {
    const key = oneKey(id, externalId);
    const author = key.id !== undefined
      ? await ctx.loaders.authorById.load(rowIdOf(key.id, 'Author'))
      : await ctx.loaders.authorByExternalId.load(key.externalId);
    if (!author) throw missing('Author', key);
    return author;
  }

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

  @FieldResolver(() => [YearCount], { description: 'Papers per publication year, first to last year, years without papers as 0: for charts.' })
  async papersByYear(@Root() author: AuthorRecord, @Ctx() ctx: Context): Promise<YearCount[]> {
    const points = await ctx.loaders.authorYears.load(author.id);
    return contiguousYears(points.map((p) => ({ year: p.year, count: p.papers })));
  }

  @FieldResolver(() => [YearCount], {
    description: 'Citations of the papers published each year (citation counts are totals, not dated), first to last year: for charts.',
  })
  async citationsByYear(@Root() author: AuthorRecord, @Ctx() ctx: Context): Promise<YearCount[]> {
    const points = await ctx.loaders.authorYears.load(author.id);
    return contiguousYears(points.map((p) => ({ year: p.year, count: p.citations })));
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

  @FieldResolver(() => ID)
  id(@Root() author: AuthorRecord): string {
    return toGlobalId('Author', author.id);
  }

  @FieldResolver(() => Category, { nullable: true })
  async primaryCategory(@Root() author: AuthorRecord, @Ctx() ctx: Context): Promise<Category | null> {
    const code = await metric(ctx, author, 'primaryCategory');
    return code === null ? null : categoryParts(code);
  }

  @FieldResolver(() => Int)
  hIndex(@Root() author: AuthorRecord, @Ctx() ctx: Context) {
    return metric(ctx, author, 'hIndex');
  }

  @FieldResolver(() => Int)
  i10Index(@Root() author: AuthorRecord, @Ctx() ctx: Context) {
    return metric(ctx, author, 'i10Index');
  }

  @FieldResolver(() => Int)
  gIndex(@Root() author: AuthorRecord, @Ctx() ctx: Context) {
    return metric(ctx, author, 'gIndex');
  }

  @FieldResolver(() => Int)
  paperCount(@Root() author: AuthorRecord, @Ctx() ctx: Context) {
    return metric(ctx, author, 'paperCount');
  }

  @FieldResolver(() => Int)
  citationCount(@Root() author: AuthorRecord, @Ctx() ctx: Context) {
    return metric(ctx, author, 'citationCount');
  }

  @FieldResolver(() => Float, { nullable: true })
  novelty(@Root() author: AuthorRecord, @Ctx() ctx: Context) {
    return metric(ctx, author, 'novelty');
  }

  @FieldResolver(() => Float, { nullable: true })
  aiScore(@Root() author: AuthorRecord, @Ctx() ctx: Context) {
    return metric(ctx, author, 'aiScore');
  }

  @FieldResolver(() => AuthorPaperConnection, { description: "The author's papers, narrowed by `filter`; newest first unless `orderBy` says otherwise." })
  papers(
    @Root() author: AuthorRecord,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Arg('orderBy', () => PaperOrder, { nullable: true }) orderBy: PaperOrder | null,
    @Arg('filter', () => PaperFilterInput, { nullable: true }) filterInput: PaperFilterInput | null,
    @Ctx() ctx: Context,
  ): AuthorPaperConnection {
    const ordering = paperOrdering(orderBy ?? undefined);
    const size = pageSize(first);
    const afterKey = after ? decodeAfter(ordering, after) : null;
    const filter = toPaperFilter(filterInput);
    const loader = ctx.loaders.authorPapers({ first: size, after: afterKey, ordering, filter });
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
