// Writes to papers. Each mutation checks the key's role, validates the whole input first, runs
// as one transaction that also recomputes the touched authors' metrics, and answers with the
// changed objects read after the write.
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireRole } from '../../auth/authenticate';
import { type AuthorRecord, type PaperFields, type PaperRecord } from '../../store';
import { keyList, prepared } from '../../store/sqlite/prepared';
import { type AuthorRef, createPaper, deletePaper, updateCitationCounts, updatePaper, upsertPaper } from '../../store/sqlite/paper-writes';
import { invalidInput, parseInput, rethrowUnique } from '../../validation/issues';
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

/**
 * The author list as the write services take it: ids decoded and checked in one statement, names
 * as given (the service decides who they are). Inside the write's transaction, so that an author
 * deleted meanwhile is refused rather than linked.
 */
function authorRefs(ctx: Context, refs: AuthorRefInput[], field: string): AuthorRef[] {
  const list = parseInput(authorListSchema, refs, field);
  const decoded = list.map((ref) => (ref.name != null ? null : fromGlobalId(ref.id!)));
  const rowIds = decoded.flatMap((d) => (d?.type === 'Author' ? [d.rowId] : []));
  const found = new Set(
    rowIds.length === 0 ? [] : (prepared(ctx.sqlite, 'SELECT id FROM authors WHERE id IN (SELECT value FROM json_each(?))').pluck().all(keyList(rowIds)) as number[]),
  );
  return list.map((ref, i) => {
    if (ref.name != null) return { name: ref.name };
    const id = decoded[i];
    if (id?.type !== 'Author' || !found.has(id.rowId)) throw invalidInput([{ field: `${field}.${i}.id`, problem: 'is not the id of an existing author' }]);
    return id.rowId;
  });
}

/** A unique external id taken by another paper is the client's to fix, not a 500. */
function write<T>(run: () => T): T {
  return rethrowUnique(run, 'papers.external_id', { field: 'input.externalId', problem: 'another paper has this externalId; use upsertPaper to update it' });
}

async function payload(ctx: Context, paperId: number, created: boolean, authorIds: Iterable<number>): Promise<PaperPayload> {
  const loaders = freshLoaders(ctx);
  const paper = (await loaders.paperById.load(paperId)) as PaperRecord;
  const authors = await loaders.authorById.loadMany([...new Set(authorIds)]);
  return { paper, created, authors: authors.filter((a): a is AuthorRecord => a !== null && !(a instanceof Error)) } as unknown as PaperPayload;
}

@Resolver()
export class PaperMutationResolver {
  @Mutation(() => PaperPayload, { description: 'A new paper with its author list. Needs a writer key.' })
  createPaper(
    @Arg('input', () => PaperInput, { description: 'The paper: title and publishedAt are required, and at least one author; category (arXiv) when it has one.' }) input: PaperInput,
    @Ctx() ctx: Context,
  ): Promise<PaperPayload> {
    requireRole(ctx.auth, 'writer', 'createPaper');
    const { authors, ...fields } = input;
    const paper = parseInput(newPaperSchema, { ...fields, publishedAt: isoDate(fields.publishedAt) }, 'input') as PaperFields;
    const { paperId, authorIds } = write(() =>
      ctx.sqlite.transaction(() => createPaper(ctx.db, paper, authorRefs(ctx, authors, 'input.authors'))).immediate(),
    );
    return payload(ctx, paperId, true, authorIds);
  }

  @Mutation(() => PaperPayload, {
    description: 'Creates the paper with this externalId, or updates what differs, its author list included: the same record sent again changes nothing (names on the stored list are the same authors). Needs a writer key.',
  })
  upsertPaper(
    @Arg('input', () => PaperInput, { description: 'The paper, as for createPaper, with its externalId: the key of the upsert.' }) input: PaperInput,
    @Ctx() ctx: Context,
  ): Promise<PaperPayload> {
    requireRole(ctx.auth, 'writer', 'upsertPaper');
    const { authors, ...fields } = input;
    const paper = parseInput(newPaperSchema, { ...fields, publishedAt: isoDate(fields.publishedAt) }, 'input') as PaperFields;
    if (!paper.externalId) throw invalidInput([{ field: 'input.externalId', problem: 'is required: it is the key of an upsert' }]);
    const result = write(() =>
      ctx.sqlite
        .transaction(() => upsertPaper(ctx.db, paper as PaperFields & { externalId: string }, authorRefs(ctx, authors, 'input.authors')))
        .immediate(),
    );
    return payload(ctx, result.paperId, result.created, result.touched);
  }

  @Mutation(() => PaperPayload, { description: 'Changes the fields given, and replaces the author list when `authors` is given. Needs a writer key.' })
  updatePaper(
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
    const touched = write(() =>
      ctx.sqlite
        .transaction(() => {
          if (!ctx.sqlite.prepare('SELECT 1 FROM papers WHERE id = ?').get(paperId)) throw missing('Paper', { id });
          // Left out, the argument is undefined; given as null, null: either way the list stays.
          return updatePaper(ctx.db, paperId, defined, authors == null ? null : authorRefs(ctx, authors, 'authors')) ?? [];
        })
        .immediate(),
    );
    return payload(ctx, paperId, false, touched);
  }

  @Mutation(() => DeletePaperPayload, { description: 'Deletes a paper and its authorships. Needs a writer key.' })
  async deletePaper(@Arg('id', () => ID, { description: 'The id of the paper to delete.' }) id: string, @Ctx() ctx: Context): Promise<DeletePaperPayload> {
    requireRole(ctx.auth, 'writer', 'deletePaper');
    const paperId = rowIdOf(id, 'Paper');
    const before = ctx.sqlite
      .transaction(() => {
        if (!ctx.sqlite.prepare('SELECT 1 FROM papers WHERE id = ?').get(paperId)) throw missing('Paper', { id });
        return deletePaper(ctx.db, paperId);
      })
      .immediate();
    const authors = (await freshLoaders(ctx).authorById.loadMany(before)).filter((a) => a !== null && !(a instanceof Error));
    return { deletedPaperId: toGlobalId('Paper', paperId), authors } as unknown as DeletePaperPayload;
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
    const byExternalId = ctx.sqlite.prepare('SELECT id FROM papers WHERE external_id = ?').pluck();
    const exists = ctx.sqlite.prepare('SELECT 1 FROM papers WHERE id = ?');
    const problems: { field: string; problem: string }[] = [];
    const resolved = items.map((item, i) => {
      if ((item.id == null) === (item.externalId == null)) problems.push({ field: `items.${i}`, problem: 'give exactly one of id and externalId' });
      if (!Number.isInteger(item.citationCount) || item.citationCount < 0) problems.push({ field: `items.${i}.citationCount`, problem: 'must be 0 or more' });
      const decoded = item.id != null ? fromGlobalId(item.id) : null;
      const paperId =
        item.externalId != null
          ? (byExternalId.get(item.externalId) as number | undefined)
          : decoded?.type === 'Paper' && exists.get(decoded.rowId) ? decoded.rowId : undefined;
      if (paperId === undefined && (item.id == null) !== (item.externalId == null)) {
        problems.push({ field: `items.${i}`, problem: 'no paper has this id or externalId' });
      }
      return { paperId: paperId ?? 0, citationCount: item.citationCount };
    });
    if (problems.length > 0) throw invalidInput(problems);
    const authorIds = updateCitationCounts(ctx.db, resolved);
    const loaders = freshLoaders(ctx);
    const papers = await loaders.paperById.loadMany(resolved.map((r) => r.paperId));
    const authors = await loaders.authorById.loadMany(authorIds);
    return { papers, authors } as unknown as CitationCountsPayload;
  }
}
