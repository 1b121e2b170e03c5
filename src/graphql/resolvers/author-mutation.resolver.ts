// Writes to authors: create, rename, delete, and merge duplicates. Each checks the key's role,
// validates first, hands the write to the store (one transaction that also checks the authors it
// names exist), words what it refused, and answers with the changed objects read after the write.
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { z } from 'zod';
import { requireRole } from '../../auth/authenticate';
import { type AuthorRecord } from '../../store';
import { badUserInput } from '../../errors';
import { type FieldProblem, parseInput, unlessDuplicate } from '../../validation/issues';
import { line } from '../../validation/text';
import { freshLoaders, type Context } from '../context';
import { fromGlobalId, toGlobalId } from '../ids';
import { missing, rowIdOf } from '../node-id';
import { AuthorPayload, DeleteAuthorPayload, MergeAuthorsPayload } from '../types/author-write.types';

export const MAX_MERGE = 100;

const authorFields = z.object({
  name: line(300).optional(),
  externalId: line(200).nullish(),
});

/** Another author's external id is the client's to fix, not a 500. */
const EXTERNAL_ID_TAKEN: FieldProblem = { field: 'externalId', problem: 'another author has this externalId; merge the two authors instead' };

function reread(ctx: Context, authorId: number): Promise<AuthorRecord | null> {
  return freshLoaders(ctx).authorById.load(authorId);
}

/**
 * The checked arguments, or their problems; but for an author that does not exist, their absence
 * is answered first, as the write checks the author before anything else.
 */
async function answeringAbsenceFirst<T>(ctx: Context, authorId: number, id: string, check: () => T): Promise<T> {
  try {
    return check();
  } catch (error) {
    const [author] = await ctx.store.authorsById([authorId]);
    // The read follows a merged author's id to the survivor; the write does not.
    if (author?.id !== authorId) throw missing('Author', { id });
    throw error;
  }
}

@Resolver()
export class AuthorMutationResolver {
  @Mutation(() => AuthorPayload, { description: 'A new author without papers. Needs a writer key.' })
  async createAuthor(
    @Arg('name', () => String, { description: 'The name, not blank, at most 300 characters.' }) name: string,
    @Arg('externalId', () => String, { nullable: true, description: 'The identity a source gives the author (e.g. an ORCID), unique; at most 200 characters.' })
    externalId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuthorPayload> {
    requireRole(ctx.auth, 'writer', 'createAuthor');
    const fields = parseInput(authorFields.required({ name: true }), { name, externalId }, 'input');
    const { authorId } = unlessDuplicate(await ctx.store.createAuthor(fields.name, fields.externalId ?? null), EXTERNAL_ID_TAKEN);
    return { author: await reread(ctx, authorId) };
  }

  @Mutation(() => AuthorPayload, { description: 'Renames an author or changes their external id. Needs a writer key.' })
  async updateAuthor(
    @Arg('id', () => ID, { description: 'The id of the author to change.' }) id: string,
    @Arg('name', () => String, { nullable: true, description: 'The new name; left out or null, the name stays.' }) name: string | null,
    @Arg('externalId', () => String, { nullable: true, description: 'The new external id, unique; left out or null, it stays.' }) externalId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuthorPayload> {
    requireRole(ctx.auth, 'writer', 'updateAuthor');
    const authorId = rowIdOf(id, 'Author');
    const fields = await answeringAbsenceFirst(ctx, authorId, id, () =>
      parseInput(authorFields, { name: name ?? undefined, externalId: externalId ?? undefined }, 'input'),
    );
    const outcome = unlessDuplicate(await ctx.store.updateAuthor(authorId, fields), EXTERNAL_ID_TAKEN);
    if (outcome.kind === 'no-such-author') throw missing('Author', { id });
    return { author: await reread(ctx, authorId) };
  }

  @Mutation(() => DeleteAuthorPayload, {
    description: 'Deletes an author. Refused while they have papers, unless `detach: true` removes them from those author lists first. Needs a writer key.',
  })
  async deleteAuthor(
    @Arg('id', () => ID, { description: 'The id of the author to delete.' }) id: string,
    @Arg('detach', () => Boolean, {
      defaultValue: false,
      description: 'true: remove the author from the author lists of their papers first (refused for a paper they are the only author of).',
    })
    detach: boolean,
    @Ctx() ctx: Context,
  ): Promise<DeleteAuthorPayload> {
    requireRole(ctx.auth, 'writer', 'deleteAuthor');
    const authorId = rowIdOf(id, 'Author');
    const outcome = await ctx.store.deleteAuthor(authorId, detach);
    if (outcome.kind === 'no-such-author') throw missing('Author', { id });
    if (outcome.kind === 'has-papers') {
      throw badUserInput('This author still has papers: pass `detach: true` to remove them from those author lists, or merge the author into another.', 'detach');
    }
    if (outcome.kind === 'sole-author') {
      const ids = outcome.paperIds.map((paperId) => toGlobalId('Paper', paperId)).join(', ');
      throw badUserInput(`This author is the only author of ${ids}: give those papers another author or delete them first.`, 'detach');
    }
    const papers = await freshLoaders(ctx).paperById.loadMany(outcome.detachedPaperIds);
    return { deletedAuthorId: toGlobalId('Author', authorId), detachedPapers: papers };
  }

  @Mutation(() => MergeAuthorsPayload, {
    description:
      'Merges duplicate author profiles into `into`: their papers move to it (a paper that had both keeps one, at the better position), ' +
      'their names stay as aliases and their ids resolve to it. Needs a writer key.',
  })
  async mergeAuthors(
    @Arg('into', () => ID, { description: 'The id of the author that stays.' }) into: string,
    @Arg('from', () => [ID], { description: `The ids of the duplicates to fold into it, 1 to ${MAX_MERGE}.` }) from: string[],
    @Ctx() ctx: Context,
  ): Promise<MergeAuthorsPayload> {
    requireRole(ctx.auth, 'writer', 'mergeAuthors');
    if (from.length === 0 || from.length > MAX_MERGE) throw badUserInput(`\`from\` must name 1 to ${MAX_MERGE} authors, got ${from.length}.`, 'from');
    const intoId = rowIdOf(into, 'Author');
    // An id of `from` that is not an author's is answered where it stands: after the ids before it are found.
    const fromIds = from.map((id) => {
      const decoded = fromGlobalId(id);
      return decoded?.type === 'Author' ? decoded.rowId : null;
    });
    const outcome = await ctx.store.mergeAuthors(intoId, fromIds);
    if (outcome.kind === 'no-such-author') {
      if (outcome.of === 'into') throw missing('Author', { id: into });
      const id = from[outcome.position];
      // An id that is no author's: rowIdOf answers what is wrong with it.
      rowIdOf(id, 'Author');
      throw missing('Author', { id });
    }
    if (outcome.kind === 'into-among-from') throw badUserInput('`from` names the author merged into; leave it out of `from`.', 'from');
    return { author: await reread(ctx, intoId), mergedAuthorIds: outcome.fromIds.map((rowId) => toGlobalId('Author', rowId)) };
  }
}
