import { DateTimeResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    "The client's rate limit, GitHub-style: cost points per window, per API key (per address without one). A query costs the most objects it can return: a connection its `first` times one plus what each item costs.",
})
export class RateLimit {
  @Field(() => Int, { description: 'Points a client may spend per window.' })
  limit!: number;

  @Field(() => Int, { description: 'What this query cost (in a batch: the batch so far).' })
  cost!: number;

  @Field(() => Int, { description: 'Points left in the window, after this query.' })
  remaining!: number;

  @Field(() => DateTimeResolver, { description: 'When the window ends and the points are back.' })
  resetAt!: Date;
}
