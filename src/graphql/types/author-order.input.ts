import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { OrderDirection } from './enums';

export enum AuthorOrderField {
  H_INDEX = 'H_INDEX',
  CITATION_COUNT = 'CITATION_COUNT',
  PAPER_COUNT = 'PAPER_COUNT',
  NOVELTY = 'NOVELTY',
  NAME = 'NAME',
}

registerEnumType(AuthorOrderField, {
  name: 'AuthorOrderField',
  description: 'What a list of authors is sorted by; ties are broken by author id in the same direction. Authors without a novelty sort below all others.',
  valuesConfig: {
    H_INDEX: { description: 'h-index: a leaderboard.' },
    CITATION_COUNT: { description: 'Total citations of the author\'s papers.' },
    PAPER_COUNT: { description: 'Number of papers.' },
    NOVELTY: { description: 'Mean novelty of the author\'s papers.' },
    NAME: { description: 'Name, character by character (the default order, ascending, when `orderBy` is left out).' },
  },
});

@InputType({ description: 'The order of a list of authors. The default is by name.' })
export class AuthorOrder {
  @Field(() => AuthorOrderField, { description: 'What to sort by.' })
  field!: AuthorOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'Ascending or descending; descending (highest first) by default.' })
  direction!: OrderDirection;
}

@InputType({ description: 'Narrows a list of authors; every condition given must hold.' })
export class AuthorFilterInput {
  @Field(() => String, { nullable: true, description:
      "The author's primary subject: an arXiv code (cs.LG: the author's most frequent arXiv category), or an OpenAlex subject id " +
      "(subfields/1907) or name (Geology): the author's most frequent OpenAlex subject at that level.",
  })
  category?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only authors with at least this h-index (0 or more).' })
  minHIndex?: number | null;

  @Field(() => Int, { nullable: true, description: 'Only authors with at least this many papers (0 or more).' })
  minPaperCount?: number | null;
}
