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
});

@InputType({ description: 'The order of a list of authors. The default is by name.' })
export class AuthorOrder {
  @Field(() => AuthorOrderField)
  field!: AuthorOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'Narrows a list of authors; every condition given must hold.' })
export class AuthorFilterInput {
  @Field(() => String, { nullable: true, description: "The author's primary category, e.g. cs.LG." })
  category?: string | null;

  @Field(() => Int, { nullable: true })
  minHIndex?: number | null;

  @Field(() => Int, { nullable: true })
  minPaperCount?: number | null;
}
