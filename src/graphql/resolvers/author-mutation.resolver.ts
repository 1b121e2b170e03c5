// Writes to authors: create, rename, delete, and merge duplicates. Each checks the key's role,
// validates first, and answers with the changed objects read after the write.
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { z } from 'zod';
import { requireRole } from '../../auth/authenticate';
import { type AuthorRecord } from '../../store';
import { badUserInput } from '../../errors';
import { deleteAuthor, mergeAuthors, updateAuthor } from '../../store/sqlite/author-writes';
import { insertAuthor } from '../../store/sqlite/paper-writes';
import { parseInput, rethrowUnique } from '../../validation/issues';
import { line } from '../../validation/text';
import { freshLoaders, type Context } from '../context';
import { toGlobalId } from '../ids';
import { missing, rowIdOf } from '../node-id';
import { AuthorPayload, DeleteAuthorPayload, MergeAuthorsPayload } from '../types/author-write.types';

export const MAX_MERGE = 100;

const authorFields = z.object({
  name: line(300).optional(),
  externalId: line(200).nullish(),
});

function existing(ctx: Context, id: string): number {
  const rowId = rowIdOf(id, 'Author');
  if (!ctx.sqlite.prepare('SELECT 1 FROM authors WHERE id = ?').get(rowId)) throw missing('Author', { id });
  return rowId;
}

/** Another author's external id is the client's to fix, not a 500. */
function write<T>(run: () => T): T {
  return rethrowUnique(run, 'authors.external_id', { field: 'externalId', problem: 'another author has this externalId; merge the two authors instead' });
}

async function reread(ctx: Context, authorId: number): Promise<AuthorRecord> {
  return (await freshLoaders(ctx).authorById.load(authorId))!;
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
    const id = write(() => insertAuthor(ctx.db, fields.name, fields.externalId ?? null));
    return { author: await reread(ctx, id) } as unknown as AuthorPayload;
  }

  @Mutation(() => AuthorPayload, { description: 'Renames an author or changes their external id. Needs a writer key.' })
  async updateAuthor(
    @Arg('id', () => ID, { description: 'The id of the author to change.' }) id: string,
    @Arg('name', () => String, { nullable: true, description: 'The new name; left out or null, the name stays.' }) name: string | null,
    @Arg('externalId', () => String, { nullable: true, description: 'The new external id, unique; left out or null, it stays.' }) externalId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuthorPayload> {
    requireRole(ctx.auth, 'writer', 'updateAuthor');
    const authorId = existing(ctx, id);
    const fields = parseInput(authorFields, { name: name ?? undefined, externalId: externalId ?? undefined }, 'input');
    write(() => ctx.sqlite.transaction(() => updateAuthor(ctx.db, authorId, fields)).immediate());
    return { author: await reread(ctx, authorId) } as unknown as AuthorPayload;
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
    const authorId = existing(ctx, id);
    const result = deleteAuthor(ctx.db, authorId, detach);
    if (result === 'has-papers') {
      throw badUserInput('This author still has papers: pass `detach: true` to remove them from those author lists, or merge the author into another.', 'detach');
    }
    if ('soleAuthorOf' in result) {
      const ids = result.soleAuthorOf.map((paperId) => toGlobalId('Paper', paperId)).join(', ');
      throw badUserInput(`This author is the only author of ${ids}: give those papers another author or delete them first.`, 'detach');
    }
    const papers = await freshLoaders(ctx).paperById.loadMany(result.detachedPaperIds);
    return { deletedAuthorId: toGlobalId('Author', authorId), detachedPapers: papers } as unknown as DeleteAuthorPayload;
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
    const intoId = existing(ctx, into);
    const fromIds = [...new Set(from.map((id) => existing(ctx, id)))];
    if (fromIds.includes(intoId)) throw badUserInput('`from` names the author merged into; leave it out of `from`.', 'from');
    mergeAuthors(ctx.db, intoId, fromIds);
    return { author: await reread(ctx, intoId), mergedAuthorIds: fromIds.map((rowId) => toGlobalId('Author', rowId)) } as unknown as MergeAuthorsPayload;
  }
}
