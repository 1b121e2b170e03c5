// Authors: lookup by id or external id, their metrics (read from author_metrics) and yearly series.
import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { categoryParts } from '../../domain/arxiv-categories';
import { type AuthorRecord } from '../../db/records';
import { contiguousYears, type AuthorMetrics } from '../../metrics';
import { type Context } from '../context';
import { toGlobalId } from '../ids';
import { missing, oneKey, rowIdOf } from '../node-id';
import { Author } from '../types/author.type';
import { Category } from '../types/category.type';
import { YearCount } from '../types/paper-stats.type';

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
}
