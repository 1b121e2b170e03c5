import { DateResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'Narrows a list of papers; every condition given must hold.' })
export class PaperFilterInput {
  @Field(() => [String], { nullable: true, description:
      'Any of these subjects, of either taxonomy: arXiv category codes (["cs.LG", "stat.ML"]), OpenAlex subject ids at any level ' +
      '(subfields/1907, fields/19, domains/3, T10965) or OpenAlex subject names (Geology), any case. An OpenAlex subject takes the ' +
      "papers whose primary topic is in it.",
  })
  categories?: string[] | null;

  @Field(() => DateResolver, { nullable: true, description: 'Published on or after this date.' })
  publishedFrom?: string | null;

  @Field(() => DateResolver, { nullable: true, description: 'Published on or before this date.' })
  publishedTo?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only papers with published code; false: only papers without.' })
  hasCode?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Only papers with at least this many citations (0 or more).' })
  minCitations?: number | null;

  @Field(() => Float, { nullable: true, description: 'Minimum score, 0..100.' })
  minScore?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only papers this author wrote.' })
  authorId?: string | null;
}
