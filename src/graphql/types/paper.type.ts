import { DateResolver, URLResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Category } from './category.type';
import { Node } from './node.type';

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

  @Field(() => Category, { description: 'The primary arXiv category.' })
  category!: Category;

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
