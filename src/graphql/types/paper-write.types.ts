// Inputs and payloads of the paper mutations. Payloads return every changed object so that a
// client can update its cache: the paper and the authors whose metrics moved.
import { DateResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { type AuthorRecord, type PaperRecord } from '../../store';
import { Author } from './author.type';
import { Paper } from './paper.type';

/**
 * A row as the request's loaders read it back after the write: null when it was deleted since,
 * an Error when the read failed; GraphQL answers either as an error of that field or list item.
 */
export type ReadBack<T> = T | null | Error;

@InputType({ description: 'An entry of an author list: an existing author by `id`, or a new author by `name`.' })
export class AuthorRefInput {
  @Field(() => ID, { nullable: true, description: 'The id of an existing author. Give `id` or `name`, not both.' })
  id?: string | null;

  @Field(() => String, { nullable: true, description: 'An author by name (at most 300 characters): the author at the same place of the paper\'s stored list when the names are the same once normalized, else a new author, who goes with their last paper. Give `id` or `name`, not both.' })
  name?: string | null;
}

@InputType({ description: 'Fields of a paper that a write may change; a field left out keeps its value.' })
export class PaperChangesInput {
  @Field(() => String, { nullable: true, description: 'arXiv id or DOI, unique.' })
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Not blank, at most 1000 characters; required for a new paper.' })
  title?: string;

  @Field(() => String, { nullable: true, description: 'At most 20000 characters; empty when left out of a new paper.' })
  abstract?: string;

  @Field(() => String, { nullable: true, description: 'arXiv category code, e.g. cs.LG; null or left out for a paper without one.' })
  category?: string | null;

  @Field(() => DateResolver, { nullable: true, description: 'Not in the future.' })
  publishedAt?: Date;

  @Field(() => Float, { nullable: true, description: '0..100.' })
  score?: number;

  @Field(() => Float, { nullable: true, description: '0..1.' })
  novelty?: number | null;

  @Field(() => Float, { nullable: true, description: '0..100.' })
  aiScore?: number | null;

  @Field(() => Int, { nullable: true, description: '0 or more; 0 when left out of a new paper.' })
  citationCount?: number;

  @Field(() => Boolean, { nullable: true, description: 'Whether code is published; a codeUrl implies true. Left out of a new paper: true exactly when it has a codeUrl.' })
  hasCode?: boolean;

  @Field(() => String, { nullable: true, description: 'An http(s) URL; implies hasCode.' })
  codeUrl?: string | null;
}

@InputType({ description: 'A new paper with its author list in order.' })
export class PaperInput extends PaperChangesInput {
  @Field(() => [AuthorRefInput], { description: 'In author-list order, at least one, no one twice.' })
  authors!: AuthorRefInput[];
}

@InputType({ description: 'A new citation count for a paper given by `id` or by `externalId`.' })
export class CitationCountInput {
  @Field(() => ID, { nullable: true, description: 'The paper\'s id. Give `id` or `externalId`, not both.' })
  id?: string | null;

  @Field(() => String, { nullable: true, description: 'The paper\'s arXiv id or DOI. Give `id` or `externalId`, not both.' })
  externalId?: string | null;

  @Field(() => Int, { description: 'The new count, 0 or more.' })
  citationCount!: number;
}

@ObjectType({ description: 'What a paper write changed: the paper and the authors whose metrics moved, read after the write.' })
export class PaperPayload {
  @Field(() => Paper, { description: 'The paper, as written.' })
  paper!: PaperRecord | null;

  @Field(() => Boolean, { description: 'True when the write created the paper (upsertPaper may update instead).' })
  created!: boolean;

  @Field(() => [Author], { description: 'The authors whose metrics the write recomputed, before and after it.' })
  authors!: AuthorRecord[];
}

@ObjectType({ description: 'What deletePaper removed, and the authors whose metrics it changed.' })
export class DeletePaperPayload {
  @Field(() => ID, { description: 'The id of the deleted paper (drop it from caches).' })
  deletedPaperId!: string;

  @Field(() => [Author], { description: 'The former authors, with their metrics recomputed.' })
  authors!: AuthorRecord[];
}

@ObjectType({ description: 'The papers updateCitationCounts changed, and their authors.' })
export class CitationCountsPayload {
  @Field(() => [Paper], { description: 'The papers, in the order given.' })
  papers!: ReadBack<PaperRecord>[];

  @Field(() => [Author], { description: 'Their authors, with metrics recomputed.' })
  authors!: ReadBack<AuthorRecord>[];
}
