// The co-author graph's edges: who wrote with whom, and how much.
import { Field, Int, ObjectType } from 'type-graphql';
import { Author } from './author.type';
import { Connection } from './connection.type';

@ObjectType()
export class CoauthorEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Author)
  node!: Author;

  @Field(() => Int, { description: 'How many papers the two authors wrote together.' })
  sharedPaperCount!: number;
}

@ObjectType({ description: 'The people an author wrote papers with, most shared papers first.' })
export class CoauthorConnection extends Connection(CoauthorEdge, Author) {}
