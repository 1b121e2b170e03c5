import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { categoryParts } from '../../domain/arxiv-categories';
import { type NoveltyExplanationRecord, type PaperAuthorItem, type PaperRecord, type RankedPaper } from '../../store';
import { decodeCursor, encodeCursor } from '../../pagination/cursor';
import { pageSize } from '../../pagination/first';
import { cursorOf, decodeAfter } from '../../pagination/order';
import { paperOrdering, RELEVANCE } from '../../pagination/paper-order';
import { AFTER_ARG, FIRST_ARG, PAPER_FILTER_ARG } from '../args';
import { type Context } from '../context';
import { toGlobalId } from '../ids';
import { missing, oneKey, rowIdOf } from '../node-id';
import { Category } from '../types/category.type';
import { PaperAuthorConnection, PaperConnection, SEARCH_COUNT_BOUND } from '../types/connections.type';
import { once } from '../types/connection.type';
import { NoveltyExplanation, NoveltySource, type NoveltyNeighbor } from '../types/novelty.type';
import { Paper } from '../types/paper.type';
import { OpenAlexTopic, Subject } from '../types/subject.type';
import { legacyCategory, subjectsOf, topicOf } from '../subjects';
import { PaperFilterInput } from '../types/paper-filter.input';
import { PaperOrder } from '../types/paper-order.input';
import { listOrder, toPaperFilter } from '../paper-filter';
import { toStatsType } from '../paper-stats';
import { toFtsFilter, toFtsQuery } from '../../store';
import { PaperOrderField } from '../types/enums';

async function topicOfPaper(ctx: Context, paper: PaperRecord): Promise<OpenAlexTopic | null> {
  if (paper.topicId === null) return null;
  const row = await ctx.loaders.topicById.load(paper.topicId);
  return row ? topicOf(row) : null;
}

@Resolver(() => Paper)
export class PaperResolver {
  @Query(() => Paper, {
    nullable: true,
    description: 'A paper by `id` or by `externalId` (arXiv id or DOI); null with a NOT_FOUND error when there is none.',
  })
  async paper(
    @Arg('id', () => ID, { nullable: true, description: 'The paper\'s id. Give `id` or `externalId`, not both.' }) id: string | null,
    @Arg('externalId', () => String, { nullable: true, description: 'The paper\'s arXiv id (e.g. 2503.07365) or DOI. Give `id` or `externalId`, not both.' })
    externalId: string | null,
    @Ctx() ctx: Context,
  ): Promise<PaperRecord> {
    const key = oneKey(id, externalId);
    const paper = key.id !== undefined
      ? await ctx.loaders.paperById.load(rowIdOf(key.id, 'Paper'))
      : await ctx.loaders.paperByExternalId.load(key.externalId);
    if (!paper) throw missing('Paper', key);
    return paper;
  }

  @Query(() => PaperConnection, {
    description:
      'Papers narrowed by `search`, `filter` and `externalIds`. Newest first unless `orderBy` says otherwise; ' +
      'with a search, best match first (RELEVANCE) unless `orderBy` says otherwise.',
  })
  papers(
    @Arg('search', () => String, {
      nullable: true,
      description: 'Words to find in the title or abstract, all of them; the last word may be unfinished ("neural netw"). Any text is taken as words.',
    })
    search: string | null,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Arg('orderBy', () => PaperOrder, {
      nullable: true,
      description: 'The order of the papers; newest first when left out, best match first with a search.',
    })
    orderBy: PaperOrder | null,
    @Arg('filter', () => PaperFilterInput, PAPER_FILTER_ARG) filterInput: PaperFilterInput | null,
    @Arg('externalIds', () => [String], {
      nullable: true,
      description: 'Only the papers with these arXiv ids or DOIs (at most 100); `missingExternalIds` lists those not found.',
    })
    externalIds: string[] | null,
    @Ctx() ctx: Context,
  ): PaperConnection {
    const match = search == null ? null : toFtsQuery(search);
    const relevance = match !== null && (!orderBy || orderBy.field === PaperOrderField.RELEVANCE);
    const base = toPaperFilter(filterInput, externalIds);
    // Other orders of a search (and the count and stats of any search) take its words as a
    // filter: the same papers, without the phrase that only ranking reads.
    const filter = match === null ? base : { ...base, match: toFtsFilter(search!) };
    const size = pageSize(first);
    const listed = relevance ? null : paperOrdering(listOrder(orderBy));
    const afterKey = after ? decodeAfter(listed ?? RELEVANCE, after) : null;
    // A search's page holds each hit's rank, which its cursor keeps.
    const cursor = (paper: PaperRecord) => (listed ? cursorOf(listed, paper) : cursorOf(RELEVANCE, paper as RankedPaper));
    const page = once(async () =>
      listed
        ? ctx.store.listPapers({ first: size, after: afterKey, order: listed.order, filter })
        : ctx.store.searchPapers({ match: match!, filter: base, first: size, after: afterKey }),
    );
    const highlights = once(async () => {
      const ids = (await page()).items.map((paper) => paper.id);
      return new Map((await ctx.store.paperExcerpts(search!, ids)).map((excerpt) => [excerpt.id, excerpt]));
    });
    // A search counts up to a bound and estimates past it (SEARCH_COUNT_BOUND); a list counts exactly.
    const counted = once(async () =>
      match === null ? { count: await ctx.store.countPapers(filter), exact: true } : ctx.store.countPapersUpTo(filter, SEARCH_COUNT_BOUND),
    );
    const connection = new PaperConnection({
      page,
      count: async () => (await counted()).count,
      edge: (paper: PaperRecord) => ({
        cursor: cursor(paper),
        node: paper,
        // A getter, so that the excerpts are read only when a client selects them.
        get highlight() {
          return match === null ? null : highlights().then((byId) => byId.get(paper.id) ?? null);
        },
      }),
      node: (paper: PaperRecord) => paper,
      hasPreviousPage: afterKey !== null,
    });
    connection.countIsExact = async () => (await counted()).exact;
    connection.missing = async () => (externalIds ? ctx.store.missingExternalIds(externalIds) : []);
    connection.statsOf = async () => toStatsType(await ctx.loaders.paperStats({ scope: 'all', filter }).load(0));
    return connection;
  }

  @FieldResolver(() => ID)
  id(@Root() paper: PaperRecord): string {
    return toGlobalId('Paper', paper.id);
  }

  @FieldResolver(() => Category)
  async category(@Root() paper: PaperRecord, @Ctx() ctx: Context): Promise<Category> {
    return legacyCategory(paper.category, paper.category === null ? await topicOfPaper(ctx, paper) : null);
  }

  @FieldResolver(() => Category, { nullable: true })
  arxivCategory(@Root() paper: PaperRecord): Category | null {
    return paper.category === null ? null : categoryParts(paper.category);
  }

  @FieldResolver(() => OpenAlexTopic, { nullable: true })
  topic(@Root() paper: PaperRecord, @Ctx() ctx: Context): Promise<OpenAlexTopic | null> {
    return topicOfPaper(ctx, paper);
  }

  @FieldResolver(() => [OpenAlexTopic])
  async topics(@Root() paper: PaperRecord, @Ctx() ctx: Context): Promise<OpenAlexTopic[]> {
    if (paper.topicIds === null) return [];
    const rows = await ctx.loaders.topicById.loadMany(JSON.parse(paper.topicIds) as string[]);
    return rows.flatMap((row) => (row && !(row instanceof Error) ? [topicOf(row)] : []));
  }

  @FieldResolver(() => [Subject])
  async subjects(@Root() paper: PaperRecord, @Ctx() ctx: Context): Promise<Subject[]> {
    return subjectsOf(paper.category, await topicOfPaper(ctx, paper));
  }

  @FieldResolver(() => NoveltyExplanation, {
    nullable: true,
    description:
      'How `novelty` came about: supplied, or computed from the corpus (the method and its version, the corpus compared ' +
      'against, the nearest earlier papers with their similarity). Null when the paper has no novelty.',
  })
  async noveltyExplanation(@Root() paper: PaperRecord, @Ctx() ctx: Context): Promise<NoveltyExplanation | null> {
    const record = await ctx.loaders.noveltyExplanation.load(paper.id);
    return record && toNoveltyExplanation(record, ctx);
  }

  @FieldResolver(() => PaperAuthorConnection, { description: 'The authors in author-list order.' })
  authors(
    @Root() paper: PaperRecord,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Ctx() ctx: Context,
  ): PaperAuthorConnection {
    const size = pageSize(first);
    const afterPosition = after ? (decodeCursor(after, 'POSITION', ['number'])[0] as number) : null;
    const loader = ctx.loaders.paperAuthors({ first: size, afterPosition });
    return new PaperAuthorConnection({
      page: () => loader.load(paper.id),
      count: () => ctx.loaders.paperAuthorCount.load(paper.id),
      edge: (item: PaperAuthorItem) => ({ cursor: encodeCursor('POSITION', [item.position]), node: item, position: item.position }),
      node: (item: PaperAuthorItem) => item,
      hasPreviousPage: afterPosition !== null,
    });
  }
}

function toNoveltyExplanation(record: NoveltyExplanationRecord, ctx: Context): NoveltyExplanation {
  const { nearest, source, ...rest } = record;
  return {
    ...rest,
    source: source === 'computed' ? NoveltySource.COMPUTED : NoveltySource.SUPPLIED,
    // A getter: the neighbouring papers are read (in one batch) only when a client selects them.
    get nearest() {
      return ctx.loaders.paperById
        .loadMany(nearest.map((n) => n.paperId))
        .then((papers) =>
          // A neighbour deleted since is left out.
          nearest.flatMap((n, i): NoveltyNeighbor[] => {
            const paper = papers[i];
            return paper && !(paper instanceof Error) ? [{ paper, similarity: n.similarity }] : [];
          }),
        );
    },
  };
}
