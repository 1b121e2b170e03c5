import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Category } from './category.type';
import { Node } from './node.type';

@ObjectType({ implements: Node, description: 'A person who wrote papers, with metrics computed from those papers.' })
export class Author implements Node {
  @Field(() => ID, { description: 'Opaque and stable; never parse it.' })
  id!: string;

  @Field(() => String, { description: 'The name as the source wrote it, e.g. Zongkai Liu.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The identity the source gave, e.g. an ORCID or an OpenAlex id.' })
  externalId!: string | null;

  @Field(() => Category, {
    nullable: true,
    description:
      "The most frequent arXiv category of the author's papers (arXiv taxonomy); a tie goes to the category of the most recent paper. " +
      'Null when no paper has one: see primarySubject for OpenAlex subjects.',
  })
  primaryCategory!: Category | null;

  @Field(() => Int, { description: 'Hirsch index: the largest h such that h papers have at least h citations each.' })
  hIndex!: number;

  @Field(() => Int, { description: 'Number of papers with at least 10 citations.' })
  i10Index!: number;

  @Field(() => Int, {
    description: "Egghe's g-index: the largest g such that the top g papers have at least g² citations together, capped at the paper count.",
  })
  gIndex!: number;

  @Field(() => Int, { description: 'Number of papers the author is on.' })
  paperCount!: number;

  @Field(() => Int, { description: "Sum of the citation counts of the author's papers." })
  citationCount!: number;

  @Field(() => Float, { nullable: true, description: "Mean novelty (0..1) of the author's papers that have one; null when none has." })
  novelty!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean AI score (0..100) of the author's papers that have one; null when none has." })
  aiScore!: number | null;
}
