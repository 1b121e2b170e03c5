import { DateResolver, URLResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Category } from './category.type';
import { Node } from './node.type';
import { OpenAlexTopic, Subject } from './subject.type';

@ObjectType({ implements: Node, description: 'A paper, with its scores and citation count.' })
export class Paper implements Node {
  @Field(() => ID, { description: 'Opaque and stable; never parse it.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'arXiv id (e.g. 2503.07365) or DOI.' })
  externalId!: string | null;

  @Field(() => String, { description: 'The title.' })
  title!: string;

  @Field(() => String, { description: 'The abstract; empty when the source had none.' })
  abstract!: string;

  @Field(() => Category, {
    description:
      'The primary arXiv category. A paper without one (most works outside physics, mathematics and computing) answers ' +
      'its OpenAlex subfield here (code subfields/1907, archive its field, fields/19), and a paper with neither an empty code.',
    deprecationReason: 'Speaks arXiv only and cannot be null: use `arxivCategory` (null when none) and `subjects` (both taxonomies).',
  })
  category!: Category;

  @Field(() => Category, { nullable: true, description: 'The primary arXiv category (arXiv taxonomy); null when the paper has none.' })
  arxivCategory!: Category | null;

  @Field(() => OpenAlexTopic, { nullable: true, description: "The primary OpenAlex topic with its subfield, field and domain (OpenAlex taxonomy); null when none." })
  topic!: OpenAlexTopic | null;

  @Field(() => [OpenAlexTopic], {
    description: "Every OpenAlex topic of the paper (OpenAlex gives up to three), the primary first, each with its subfield, field and domain (OpenAlex taxonomy); empty when none.",
  })
  topics!: OpenAlexTopic[];

  @Field(() => [Subject], {
    description: "Every subject of the paper in both taxonomies: its arXiv category, then OpenAlex's domain, field, subfield and topic; empty when it has none.",
  })
  subjects!: Subject[];

  @Field(() => String, { nullable: true, description: 'The kind of work as its source says (OpenAlex types): article, preprint, book-chapter, dataset, review, ...; null when unknown.' })
  workType!: string | null;

  @Field(() => String, { nullable: true, description: 'The DOI, lowercase, without https://doi.org/ (e.g. 10.1111/bre.12172); null when unknown.' })
  doi!: string | null;

  @Field(() => String, { nullable: true, description: 'The arXiv id without version (e.g. 2503.07365); null when the paper is not on arXiv or not known to be.' })
  arxivId!: string | null;

  @Field(() => DateResolver, { description: 'Publication date of the first version.' })
  publishedAt!: string;

  @Field(() => Float, { description: 'Ranking score, 0..100.' })
  score!: number;

  @Field(() => Float, { nullable: true, description: 'Novelty, 0..1; null when not assessed.' })
  novelty!: number | null;

  @Field(() => Float, { nullable: true, description: 'AI score, 0..100; null when not assessed.' })
  aiScore!: number | null;

  @Field(() => Int, { description: 'How many times the paper is cited, as the source or the last write reported it.' })
  citationCount!: number;

  @Field(() => Boolean, { description: 'Whether code is published with the paper.' })
  hasCode!: boolean;

  @Field(() => URLResolver, { nullable: true, description: 'Where the code is, when known.' })
  codeUrl!: string | null;
}
