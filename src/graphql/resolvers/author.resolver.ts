// Authors: lookup by id or external id, their metrics (read from author_metrics) and yearly series.
import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { categoryParts } from '../../domain/arxiv-categories';
import { type AuthorRecord } from '../../store';
import { badUserInput } from '../../errors';
import { contiguousYears, noveltySummary, type AuthorMetrics } from '../../metrics';
import { validatePaperFilter, type PaperFilter } from '../../pagination/paper-filter';
import { parseSubject, SUBJECT_HELP, subjectProblem } from '../../domain/subjects';
import { arxivSubject, openAlexSubject } from '../subjects';
import { Subject, SubjectLevel } from '../types/subject.type';
import { type Context } from '../context';
import { toGlobalId } from '../ids';
import { missing, oneKey, rowIdOf } from '../node-id';
import { Author } from '../types/author.type';
import { Category } from '../types/category.type';
import { YearCount } from '../types/paper-stats.type';
import { AuthorMetricsType } from '../types/author-metrics.type';

function windowYear(name: string, year: number | null): number | null {
  if (year !== null && !(year >= 1000 && year <= 9999)) throw badUserInput(`\`${name}\` must be a year of four digits, e.g. 2021, got ${year}.`, name);
  return year;
}

/** The papers of a metrics window as a paper filter; null for every paper. */
function windowFilter(since: number | null, until: number | null, category: string | null): PaperFilter | null {
  windowYear('since', since);
  windowYear('until', until);
  if (since !== null && until !== null && since > until) throw badUserInput(`\`since\` (${since}) is after \`until\` (${until}); swap them.`, 'since');
  if (since === null && until === null && category === null) return null;
  // Checked here, so that the message names the argument the client wrote (not the filter's field).
  const problem = category === null ? null : subjectProblem(category);
  if (problem) throw badUserInput(`\`category\` "${category!.slice(0, 40)}" ${problem}; ${SUBJECT_HELP}.`, 'category');
  return validatePaperFilter(
    { categories: category === null ? null : [category], publishedFrom: since === null ? null : `${since}-01-01`, publishedTo: until === null ? null : `${until}-12-31` },
    'metrics',
  );
}

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
    @Arg('id', () => ID, { nullable: true, description: 'The author\'s id. Give `id` or `externalId`, not both.' }) id: string | null,
    @Arg('externalId', () => String, { nullable: true, description: 'The identity the source gave the author, e.g. an ORCID. Give `id` or `externalId`, not both.' })
    externalId: string | null,
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

  @FieldResolver(() => AuthorMetricsType, {
    description:
      "The author's metrics over the papers published from `since` to `until` (inclusive years) in `category`, e.g. the h-index " +
      'of the last five years, or within cs.LG; over every paper when no argument is given. Shows its working: hCore, novelty.',
  })
  async metrics(
    @Root() author: AuthorRecord,
    @Arg('since', () => Int, { nullable: true, description: 'First publication year of the window.' }) since: number | null,
    @Arg('until', () => Int, { nullable: true, description: 'Last publication year of the window.' }) until: number | null,
    @Arg('category', () => String, {
      nullable: true,
      description: 'Only papers in this subject: an arXiv code (cs.LG), or an OpenAlex subject id (subfields/1907) or name (Geology).',
    })
    category: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuthorMetricsType> {
    const filter = windowFilter(since ?? null, until ?? null, category ?? null);
    const [stats, stored] = await Promise.all([ctx.loaders.paperStats({ scope: 'author', filter }).load(author.id), ctx.loaders.authorMetrics.load(author.id)]);
    const currentYear = new Date().getUTCFullYear();
    const end = Math.min(until ?? currentYear, currentYear);
    const metrics = Object.assign(new AuthorMetricsType(), {
      since: since ?? null,
      until: until ?? null,
      category: category && parseSubject(category).kind === 'arxiv' ? categoryParts(category.trim()) : null,
      paperCount: stats.paperCount,
      citationCount: stats.citationCount,
      hIndex: stats.hIndex,
      i10Index: stats.i10Index,
      gIndex: stats.gIndex,
      mQuotient: stats.firstYear === null ? null : stats.hIndex / Math.max(1, end - stats.firstYear + 1),
      noveltyMean: stats.novelty,
      aiScore: stats.aiScore,
      firstYear: stats.firstYear,
      lastYear: stats.lastYear,
      asOf: stored.changedAt === null ? null : new Date(stored.changedAt),
    });
    metrics.hCoreOf = () => ctx.loaders.hCore(filter).load(author.id);
    metrics.noveltyOf = async (threshold: number) => {
      if (!(threshold >= 0 && threshold <= 1)) throw badUserInput(`\`threshold\` must be between 0 and 1, got ${threshold}.`, 'threshold');
      return noveltySummary(await ctx.loaders.noveltyPoints(filter).load(author.id), threshold);
    };
    return metrics;
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

  @FieldResolver(() => Subject, {
    nullable: true,
    description:
      "The author's most frequent subject at a level of either taxonomy: CATEGORY for arXiv (as primaryCategory), DOMAIN, FIELD, " +
      'SUBFIELD or TOPIC for OpenAlex; a tie goes to the subject of the most recent paper. Null when no paper has one.',
  })
  async primarySubject(
    @Root() author: AuthorRecord,
    @Arg('level', () => SubjectLevel, { defaultValue: SubjectLevel.SUBFIELD, description: 'The level; OpenAlex subfields (e.g. Geology) by default.' })
    level: SubjectLevel,
    @Ctx() ctx: Context,
  ): Promise<Subject | null> {
    const stored = await ctx.loaders.authorMetrics.load(author.id);
    if (level === SubjectLevel.CATEGORY) return stored.primaryCategory === null ? null : arxivSubject(stored.primaryCategory);
    const id = { DOMAIN: stored.primaryDomainId, FIELD: stored.primaryFieldId, SUBFIELD: stored.primarySubfieldId, TOPIC: stored.primaryTopicId }[level];
    if (id === null) return null;
    return openAlexSubject(id, (await ctx.loaders.subjectName.load(id))?.name ?? null);
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
