import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { categoryParts } from '../../domain/arxiv-categories';
import { type PaperRecord } from '../../db/records';
import { type PaperAuthorItem } from '../../loaders/paper-authors.loader';
import { decodeCursor, encodeCursor } from '../../pagination/cursor';
import { pageSize } from '../../pagination/first';
import { cursorOf, decodeAfter } from '../../pagination/order';
import { paperOrdering } from '../../pagination/paper-order';
import { countPapers, listPapers } from '../../services/paper.service';
import { AFTER_ARG, FIRST_ARG } from '../args';
import { type Context } from '../context';
import { toGlobalId } from '../ids';
import { missing, rowIdOf } from '../node-id';
import { Category } from '../types/category.type';
import { PaperAuthorConnection, PaperConnection } from '../types/connections.type';
import { once } from '../types/connection.type';
import { Paper } from '../types/paper.type';
import { PaperOrder } from '../types/paper-order.input';

@Resolver(() => Paper)
export class PaperResolver {
  @Query(() => Paper, { nullable: true, description: 'A paper by id; null with a NOT_FOUND error when there is none.' })
  async paper(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<PaperRecord> {
    const paper = await ctx.loaders.paperById.load(rowIdOf(id, 'Paper'));
    if (!paper) throw missing('Paper', id);
    return paper;
  }

  @Query(() => PaperConnection, { description: 'All papers; newest first unless `orderBy` says otherwise.' })
  papers(
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Arg('orderBy', () => PaperOrder, { nullable: true }) orderBy: PaperOrder | null,
    @Ctx() ctx: Context,
  ): PaperConnection {
    const ordering = paperOrdering(orderBy ?? undefined);
    const size = pageSize(first);
    const afterKey = after ? decodeAfter(ordering, after) : null;
    return new PaperConnection({
      page: once(async () => listPapers(ctx.sqlite, { first: size, after: afterKey, ordering })),
      count: async () => countPapers(ctx.sqlite),
      edge: (paper: PaperRecord) => ({ cursor: cursorOf(ordering, paper), node: paper }),
      node: (paper: PaperRecord) => paper,
      hasPreviousPage: afterKey !== null,
    });
  }

  @FieldResolver(() => ID)
  id(@Root() paper: PaperRecord): string {
    return toGlobalId('Paper', paper.id);
  }

  @FieldResolver(() => Category)
  category(@Root() paper: PaperRecord): Category {
    return categoryParts(paper.category);
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
