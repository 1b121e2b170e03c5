// The co-author graph: an author's co-authors, and chains of co-authorship between two authors.
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { type AuthorRecord, type CoauthorItem } from '../../store';
import { badUserInput } from '../../errors';
import {
  coauthorOrderTag,
  coauthorSortKey,
  coauthorSortKeyLength,
  coauthorYearsNeeded,
  DEFAULT_COAUTHOR_ORDER,
} from '../../pagination/coauthor-order';
import { decodeCursor, encodeCursor } from '../../pagination/cursor';
import { pageSize } from '../../pagination/first';
import {
  DEFAULT_PATH_LENGTH,
  findCollaborationPath,
  MAX_PATH_LENGTH,
  MIN_PATH_LENGTH,
  stepLinks,
} from '../../services/collaboration-path.service';
import { AFTER_ARG, FIRST_ARG } from '../args';
import { type Context } from '../context';
import { toGlobalId } from '../ids';
import { missing, rowIdOf } from '../node-id';
import { Author } from '../types/author.type';
import { CoauthorConnection, CoauthorOrder } from '../types/coauthor.type';
import { CollaborationPath, CollaborationStep } from '../types/collaboration-path.type';
import { once } from '../types/connection.type';

function checkMaxLength(maxLength: number): void {
  if (!Number.isInteger(maxLength) || maxLength < MIN_PATH_LENGTH || maxLength > MAX_PATH_LENGTH) {
    throw badUserInput(
      `\`maxLength\` must be between ${MIN_PATH_LENGTH} and ${MAX_PATH_LENGTH}, got ${maxLength}. ` +
        `Pass a number of steps from ${MIN_PATH_LENGTH} to ${MAX_PATH_LENGTH}, or leave it out for ${DEFAULT_PATH_LENGTH}.`,
      'maxLength',
    );
  }
}

async function existingAuthor(ctx: Context, id: string, argumentName: string): Promise<AuthorRecord> {
  const author = await ctx.loaders.authorById.load(rowIdOf(id, 'Author', argumentName));
  if (!author) throw missing('Author', { id });
  return author;
}

/**
 * The fields of these selection sets, fragments and inline fragments included. @skip and @include
 * are not evaluated: a field that may be asked for counts as asked for.
 */
function subfields(info: GraphQLResolveInfo, sets: readonly (SelectionSetNode | undefined)[]): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  sets.forEach(visit);
  return fields;
}

const YEAR_FIELDS = new Set(['firstSharedYear', 'lastSharedYear']);

/** Whether the connection's edges ask for a shared year: the only place a CoauthorEdge appears. */
function selectsYears(info: GraphQLResolveInfo): boolean {
  const edges = subfields(info, info.fieldNodes.map((node) => node.selectionSet)).filter((field) => field.name.value === 'edges');
  return subfields(info, edges.map((node) => node.selectionSet)).some((field) => YEAR_FIELDS.has(field.name.value));
}

@Resolver(() => Author)
export class CoauthorResolver {
  @FieldResolver(() => CoauthorConnection, {
    description: 'The people this author wrote papers with; most shared papers first unless `orderBy` says otherwise.',
  })
  coauthors(
    @Root() author: AuthorRecord,
    @Arg('first', () => Int, FIRST_ARG) first: number | null,
    @Arg('after', () => String, AFTER_ARG) after: string | null,
    @Arg('orderBy', () => CoauthorOrder, { nullable: true, description: 'The order of the co-authors; most shared papers first when left out.' })
    orderBy: CoauthorOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): CoauthorConnection {
    // A plain object with a fixed key order: the loader of this argument set is found by its JSON.
    const order = orderBy ? { field: orderBy.field, direction: orderBy.direction } : DEFAULT_COAUTHOR_ORDER;
    const tag = coauthorOrderTag(order);
    const size = pageSize(first);
    const keyTypes = Array.from({ length: coauthorSortKeyLength(order) }, () => 'number' as const);
    const afterKey = after ? (decodeCursor(after, tag, keyTypes) as number[]) : null;
    // The years read every shared paper: only for a selection that shows them or an order on them.
    const withYears = coauthorYearsNeeded(order, selectsYears(info));
    const loader = ctx.loaders.coauthors({ first: size, order, afterKey, withYears });
    return new CoauthorConnection({
      page: () => loader.load(author.id),
      count: () => ctx.loaders.coauthorCount.load(author.id),
      edge: (item: CoauthorItem) => ({
        cursor: encodeCursor(tag, coauthorSortKey(order, item)),
        node: item,
        sharedPaperCount: item.sharedPaperCount,
        firstSharedYear: item.firstSharedYear,
        lastSharedYear: item.lastSharedYear,
      }),
      node: (item: CoauthorItem) => item,
      hasPreviousPage: afterKey !== null,
    });
  }

  @Query(() => CollaborationPath, {
    nullable: true,
    description:
      'The shortest chain of co-authorship from one author to another, of at most `maxLength` steps; null when there is none.',
  })
  async collaborationPath(
    @Arg('from', () => ID, { description: 'The id of the author the chain starts from.' }) from: string,
    @Arg('to', () => ID, { description: 'The id of the author the chain leads to.' }) to: string,
    @Arg('maxLength', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_PATH_LENGTH,
      description: `The longest chain to look for, ${MIN_PATH_LENGTH} to ${MAX_PATH_LENGTH} steps.`,
    })
    maxLength: number | null,
    @Ctx() ctx: Context,
  ): Promise<CollaborationPath | null> {
    const limit = maxLength ?? DEFAULT_PATH_LENGTH;
    checkMaxLength(limit);
    const [start, end] = await Promise.all([existingAuthor(ctx, from, 'from'), existingAuthor(ctx, to, 'to')]);
    const ids = await findCollaborationPath(ctx.store, start.id, end.id, limit);
    if (!ids) return null;
    // The ends are in the loader's cache already: this loads only the authors between them.
    const authors = (await ctx.loaders.authorById.loadMany(ids)).map((author, i) => {
      if (author instanceof Error) throw author;
      // Deleted between the search and this read: asking again finds a path that exists.
      if (!author) throw missing('Author', { id: toGlobalId('Author', ids[i]) });
      return author;
    });
    const links = once(async () => stepLinks(ctx.store, ids));
    const path = new CollaborationPath();
    path.length = ids.length - 1;
    path.authors = authors;
    path.steps = authors.slice(1).map((next, i) => new CollaborationStep(authors[i], next, async () => (await links())[i]));
    return path;
  }
}
