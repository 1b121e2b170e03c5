// Inputs and payloads of the paper mutations. Payloads return every changed object so that a
// client can update its cache: the paper and the authors whose metrics moved.
import { DateResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Author } from './author.type';
import { Paper } from './paper.type';

@InputType({ description: 'An entry of an author list: an existing author by `id`, or a new author by `name`.' })
export class AuthorRefInput {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;
}

@InputType({ description: 'Fields of a paper that a write may change; a field left out keeps its value.' })
export class PaperChangesInput {
  @Field(() => String, { nullable: true, description: 'arXiv id or DOI, unique.' })
  externalId?: string | null;

  @Field(() => String, { nullable: true })
  title?: string;

  @Field(() => String, { nullable: true })
  abstract?: string;

  @Field(() => String, { nullable: true, description: 'arXiv category code, e.g. cs.LG.' })
  category?: string;

  @Field(() => DateResolver, { nullable: true, description: 'Not in the future.' })
  publishedAt?: Date;

  @Field(() => Float, { nullable: true, description: '0..100.' })
  score?: number;

  @Field(() => Float, { nullable: true, description: '0..1.' })
  novelty?: number | null;

  @Field(() => Float, { nullable: true, description: '0..100.' })
  aiScore?: number | null;

  @Field(() => Int, { nullable: true })
  citationCount?: number;

  @Field(() => Boolean, { nullable: true })
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
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => Int)
  citationCount!: number;
}

@ObjectType()
export class PaperPayload {
  @Field(() => Paper)
  paper!: Paper;

  @Field(() => Boolean, { description: 'True when the write created the paper (upsertPaper may update instead).' })
  created!: boolean;

  @Field(() => [Author], { description: 'The authors whose metrics the write recomputed, before and after it.' })
  authors!: Author[];
}

@ObjectType()
export class DeletePaperPayload {
  @Field(() => ID)
  deletedPaperId!: string;

  @Field(() => [Author], { description: 'The former authors, with their metrics recomputed.' })
  authors!: Author[];
}

@ObjectType()
export class CitationCountsPayload {
  @Field(() => [Paper], { description: 'The papers, in the order given.' })
  papers!: Paper[];

  @Field(() => [Author], { description: 'Their authors, with metrics recomputed.' })
  authors!: Author[];
}
