// Writes to papers. Each mutation checks the key's role, validates the whole input first, hands
// the write to the store (one transaction that checks what the write names, writes, and
// recomputes the touched authors' metrics), words what it refused, and answers with the changed
// objects read after the write.
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireRole } from '../../auth/authenticate';
import { type AuthorListEntry, type AuthorRecord, type CitationCountItem, type MissingAuthors, type PaperFields } from '../../store';
import { type FieldProblem, invalidInput, parseInput, unlessDuplicate } from '../../validation/issues';
import { authorListSchema, newPaperSchema, paperChangesSchema } from '../../validation/paper-input';
import { freshLoaders, type Context } from '../context';
import { isoDate } from '../paper-filter';
import { fromGlobalId, toGlobalId } from '../ids';
import { missing, rowIdOf } from '../node-id';
import {
  AuthorRefInput,
  CitationCountInput,
  CitationCountsPayload,
  DeletePaperPayload,
  PaperChangesInput,
  PaperInput,
  PaperPayload,
} from '../types/paper-write.types';

export const MAX_CITATION_UPDATES = 1000;

/** A unique external id taken by another paper is the client's to fix, not a 500. */
const EXTERNAL_ID_TAKEN: FieldProblem = { field: 'input.externalId', problem: 'another paper has this externalId; use upsertPaper to update it' };

/**
 * The author list as the store takes it: ids decoded (an id of something else names no author),
 * names as given. The store checks, in the write's transaction, that the ids are authors', so
 * that an author deleted meanwhile is refused rather than linked.
 */
function authorList(refs: AuthorRefInput[], field: string): AuthorListEntry[] {
  return parseInput(authorListSchema, refs, field).map((ref) => {
    if (ref.name != null) return { name: ref.name };
    const id = fromGlobalId(ref.id!);
    return id?.type === 'Author' ? id.rowId : null;
  });
}

/** The store's outcome, unless it names authors that do not exist: the first of them is answered. */
function withAuthors<T>(outcome: T | MissingAuthors, field: string): T {
  if (isMissingAuthors(outcome)) throw invalidInput([{ field: `${field}.${outcome.positions[0]}.id`, problem: 'is not the id of an existing author' }]);
  return outcome;
}

function isMissingAuthors(outcome: unknown): outcome is MissingAuthors {
  return typeof outcome === 'object' && outcome !== null && 'kind' in outcome && outcome.kind === 'missing-authors';
}

async function payload(ctx: Context, paperId: number, created: boolean, authorIds: Iterable<number>): Promise<PaperPayload> {
  const loaders = freshLoaders(ctx);
  const paper = await loaders.paperById.load(paperId);
  const authors = await loaders.authorById.loadMany([...new Set(authorIds)]);
  return { paper, created, authors: authors.filter((a): a is AuthorRecord => a !== null && !(a instanceof Error)) };
}

function namesOnePaper(item: CitationCountInput): boolean {
  return (item.id == null) !== (item.externalId == null);
}

/** What the store looks the item's paper up by: the externalId when given, else the id when it is a paper's. */
function lookupOf(item: CitationCountInput): CitationCountItem['paper'] {
  if (item.externalId != null) return { externalId: item.externalId };
  const decoded = item.id != null ? fromGlobalId(item.id) : null;
  return decoded?.type === 'Paper' ? { id: decoded.rowId } : null;
}

/**
 * updatePaper's author list. A malformed list is answered after the paper's existence, as the
 * write checks them (the paper first): for a paper that does not exist, its absence is answered.
 */
async function authorListOf(ctx: Context, paperId: number, id: string, authors: AuthorRefInput[]): Promise<AuthorListEntry[]> {
  try {
    return authorList(authors, 'authors');
  } catch (error) {
    const [paper] = await ctx.store.papersById([paperId]);
    if (paper === null) throw missing('Paper', { id });
    throw error;
  }
}

@Resolver()
export class PaperMutationResolver {
  @Mutation(() => PaperPayload, { description: 'A new paper with its author list. Needs a writer key.' })
  async createPaper(
    @Arg('input', () => PaperInput, { description: 'The paper: title and publishedAt are required, and at least one author; category (arXiv) when it has one.' }) input: PaperInput,
    @Ctx() ctx: Context,
  ): Promise<PaperPayload> {
    requireRole(ctx.auth, 'writer', 'createPaper');
    const { authors, ...fields } = input;
    const paper = parseInput(newPaperSchema, { ...fields, publishedAt: isoDate(fields.publishedAt) }, 'input');
    const written = withAuthors(unlessDuplicate(await ctx.store.createPaper(paper, authorList(authors, 'input.authors')), EXTERNAL_ID_TAKEN), 'input.authors');
    return payload(ctx, written.paperId, written.created, written.authorIds);
  }

  @Mutation(() => PaperPayload, {
    description: 'Creates the paper with this externalId, or updates what differs, its author list included: the same record sent again changes nothing (names on the stored list are the same authors). Needs a writer key.',
  })
  async upsertPaper(
    @Arg('input', () => PaperInput, { description: 'The paper, as for createPaper, with its externalId: the key of the upsert.' }) input: PaperInput,
    @Ctx() ctx: Context,
  ): Promise<PaperPayload> {
    requireRole(ctx.auth, 'writer', 'upsertPaper');
    const { authors, ...fields } = input;
    const paper = parseInput(newPaperSchema, { ...fields, publishedAt: isoDate(fields.publishedAt) }, 'input');
    const { externalId } = paper;
    if (!externalId) throw invalidInput([{ field: 'input.externalId', problem: 'is required: it is the key of an upsert' }]);
    const written = withAuthors(
      unlessDuplicate(await ctx.store.upsertPaper({ ...paper, externalId }, authorList(authors, 'input.authors')), EXTERNAL_ID_TAKEN),
      'input.authors',
    );
    return payload(ctx, written.paperId, written.created, written.authorIds);
  }

  @Mutation(() => PaperPayload, { description: 'Changes the fields given, and replaces the author list when `authors` is given. Needs a writer key.' })
  async updatePaper(
    @Arg('id', () => ID, { description: 'The id of the paper to change.' }) id: string,
    @Arg('changes', () => PaperChangesInput, { description: 'The fields to change; `{}` to change only the author list.' }) changes: PaperChangesInput,
    @Arg('authors', () => [AuthorRefInput], {
      nullable: true,
      description: 'The new author list, in order, replacing the old one; left out or null, the list stays.',
    })
    authors: AuthorRefInput[] | null,
    @Ctx() ctx: Context,
  ): Promise<PaperPayload> {
    requireRole(ctx.auth, 'writer', 'updatePaper');
    const paperId = rowIdOf(id, 'Paper');
    const parsed = parseInput(paperChangesSchema, { ...changes, publishedAt: isoDate(changes.publishedAt) }, 'changes');
    const defined = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as Partial<PaperFields>;
    if (defined.codeUrl) defined.hasCode = true;
    // Left out, the argument is undefined; given as null, null: either way the list stays.
    const list = authors == null ? null : await authorListOf(ctx, paperId, id, authors);
    const outcome = unlessDuplicate(await ctx.store.updatePaper(paperId, defined, list), EXTERNAL_ID_TAKEN);
    if (outcome.kind === 'no-such-paper') throw missing('Paper', { id });
    const written = withAuthors(outcome, 'authors');
    return payload(ctx, paperId, false, written.authorIds);
  }

  @Mutation(() => DeletePaperPayload, { description: 'Deletes a paper and its authorships. Needs a writer key.' })
  async deletePaper(@Arg('id', () => ID, { description: 'The id of the paper to delete.' }) id: string, @Ctx() ctx: Context): Promise<DeletePaperPayload> {
    requireRole(ctx.auth, 'writer', 'deletePaper');
    const paperId = rowIdOf(id, 'Paper');
    const outcome = await ctx.store.deletePaper(paperId);
    if (outcome.kind === 'no-such-paper') throw missing('Paper', { id });
    const authors = (await freshLoaders(ctx).authorById.loadMany(outcome.authorIds)).filter((a): a is AuthorRecord => a !== null && !(a instanceof Error));
    return { deletedPaperId: toGlobalId('Paper', paperId), authors };
  }

  @Mutation(() => CitationCountsPayload, {
    description: `New citation counts for up to ${MAX_CITATION_UPDATES} papers, by id or externalId: all are written or none. Needs a writer key.`,
  })
  async updateCitationCounts(
    @Arg('items', () => [CitationCountInput], { description: `1 to ${MAX_CITATION_UPDATES} papers with their new counts.` }) items: CitationCountInput[],
    @Ctx() ctx: Context,
  ): Promise<CitationCountsPayload> {
    requireRole(ctx.auth, 'writer', 'updateCitationCounts');
    if (items.length === 0 || items.length > MAX_CITATION_UPDATES) {
      throw invalidInput([{ field: 'items', problem: `must hold 1 to ${MAX_CITATION_UPDATES} items, got ${items.length}; split larger refreshes` }]);
    }
    // Each item's own problems, in item order; whether it names a stored paper is the store's to say.
    const problems = items.map((item, i): FieldProblem[] => [
      ...(namesOnePaper(item) ? [] : [{ field: `items.${i}`, problem: 'give exactly one of id and externalId' }]),
      ...(Number.isInteger(item.citationCount) && item.citationCount >= 0 ? [] : [{ field: `items.${i}.citationCount`, problem: 'must be 0 or more' }]),
    ]);
    const outcome = await ctx.store.updateCitationCounts(
      items.map((item, i): CitationCountItem => ({ paper: lookupOf(item), citationCount: item.citationCount, refused: problems[i].length > 0 })),
    );
    if (outcome.kind === 'refused') {
      throw invalidInput(
        items.flatMap((item, i) => [
          ...problems[i],
          ...(namesOnePaper(item) && !outcome.found[i] ? [{ field: `items.${i}`, problem: 'no paper has this id or externalId' }] : []),
        ]),
      );
    }
    const loaders = freshLoaders(ctx);
    const papers = await loaders.paperById.loadMany(outcome.paperIds);
    const authors = await loaders.authorById.loadMany(outcome.authorIds);
    return { papers, authors };
  }
}
