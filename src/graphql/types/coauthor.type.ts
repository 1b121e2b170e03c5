// The co-author graph's edges: who wrote with whom, how much and when; and the orders they list in.
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Author } from './author.type';
import { Connection, CURSOR } from './connection.type';
import { OrderDirection } from './enums';

export enum CoauthorOrderField {
  SHARED_PAPERS = 'SHARED_PAPERS',
  RECENCY = 'RECENCY',
}

registerEnumType(CoauthorOrderField, {
  name: 'CoauthorOrderField',
  description: 'What a list of co-authors is sorted by. The direction applies to this field only; ties are always broken the same way.',
  valuesConfig: {
    SHARED_PAPERS: { description: 'sharedPaperCount; ties by author id, ascending.' },
    RECENCY: { description: 'lastSharedYear; ties by sharedPaperCount, descending, then by author id, ascending.' },
  },
});

@InputType({ description: 'The order of a list of co-authors. The default is most shared papers first.' })
export class CoauthorOrder {
  @Field(() => CoauthorOrderField, { description: 'What to sort by.' })
  field!: CoauthorOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'Ascending or descending; descending by default.' })
  direction!: OrderDirection;
}

@ObjectType({ description: 'A co-author, with what the two wrote together.' })
export class CoauthorEdge {
  @Field(() => String, { description: CURSOR })
  cursor!: string;

  @Field(() => Author, { description: 'The co-author.' })
  node!: Author;

  @Field(() => Int, { description: 'How many papers the two authors wrote together.' })
  sharedPaperCount!: number;

  @Field(() => Int, { description: 'Year of the earliest paper the two wrote together.' })
  firstSharedYear!: number;

  @Field(() => Int, { description: 'Year of the latest paper the two wrote together.' })
  lastSharedYear!: number;
}

@ObjectType({ description: 'The people an author wrote papers with; most shared papers first unless `orderBy` says otherwise.' })
export class CoauthorConnection extends Connection(CoauthorEdge, Author) {}
