// Inputs and payloads of the author mutations.
import { Field, ID, ObjectType } from 'type-graphql';
import { Author } from './author.type';
import { Paper } from './paper.type';

@ObjectType()
export class AuthorPayload {
  @Field(() => Author)
  author!: Author;
}

@ObjectType()
export class DeleteAuthorPayload {
  @Field(() => ID)
  deletedAuthorId!: string;

  @Field(() => [Paper], { description: 'The papers the author was removed from (with `detach: true`), their author lists renumbered.' })
  detachedPapers!: Paper[];
}

@ObjectType()
export class MergeAuthorsPayload {
  @Field(() => Author, { description: 'The surviving author, with all the papers and recomputed metrics.' })
  author!: Author;

  @Field(() => [ID], { description: 'The ids merged away; node(id:) and author(id:) answer the survivor for them.' })
  mergedAuthorIds!: string[];
}
