// Global object identification: any id the API hands out resolves back with node(id:).
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { type AuthorRecord, type PaperRecord } from '../../store';
import { badUserInput, notFound } from '../../errors';
import { type Context } from '../context';
import { fromGlobalId } from '../ids';
import { Node } from '../types/node.type';

export const MAX_NODE_IDS = 100;

function nodeNotFound(id: string): Error {
  return notFound(`No object has id "${id.slice(0, 80)}". Use ids exactly as the API returned them; the object may have been deleted.`);
}

async function load(ctx: Context, id: string): Promise<AuthorRecord | PaperRecord | Error> {
  const decoded = fromGlobalId(id);
  if (decoded?.type === 'Author') return (await ctx.loaders.authorById.load(decoded.rowId)) ?? nodeNotFound(id);
  if (decoded?.type === 'Paper') return (await ctx.loaders.paperById.load(decoded.rowId)) ?? nodeNotFound(id);
  return nodeNotFound(id);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its id; null with a NOT_FOUND error when there is none.' })
  async node(
    @Arg('id', () => ID, { description: 'An id exactly as the API returned it.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<AuthorRecord | PaperRecord> {
    const found = await load(ctx, id);
    if (found instanceof Error) throw found;
    return found;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by id, in the order given (at most ${MAX_NODE_IDS}); each unknown id is null with its own NOT_FOUND error at its index.`,
  })
  nodes(
    @Arg('ids', () => [ID], { description: `Ids exactly as the API returned them, at most ${MAX_NODE_IDS}.` }) ids: string[],
    @Ctx() ctx: Context,
  ): Promise<(AuthorRecord | PaperRecord | Error)[]> {
    if (ids.length > MAX_NODE_IDS) {
      throw badUserInput(`\`ids\` has ${ids.length} ids; ask for at most ${MAX_NODE_IDS} a request.`, 'ids');
    }
    // graphql-js reports an Error in a list as a field error at that index: the others still answer.
    return Promise.all(ids.map((id) => load(ctx, id)));
  }
}
