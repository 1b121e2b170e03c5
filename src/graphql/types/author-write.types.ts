// Inputs and payloads of the author mutations.
import { Field, ID, ObjectType } from 'type-graphql';
import { type AuthorRecord, type PaperRecord } from '../../store';
import { Author } from './author.type';
import { Paper } from './paper.type';
import { type ReadBack } from './paper-write.types';

@ObjectType({ description: 'The author a write created or changed, read after the write.' })
export class AuthorPayload {
  @Field(() => Author, { description: 'The author, as written.' })
  author!: AuthorRecord | null;
}

@ObjectType({ description: 'What deleteAuthor removed, and the papers it changed.' })
export class DeleteAuthorPayload {
  @Field(() => ID, { description: 'The id of the deleted author (drop it from caches).' })
  deletedAuthorId!: string;

  @Field(() => [Paper], { description: 'The papers the author was removed from (with `detach: true`), their author lists renumbered.' })
  detachedPapers!: ReadBack<PaperRecord>[];
}

@ObjectType({ description: 'The author that duplicates were merged into, and the ids merged away.' })
export class MergeAuthorsPayload {
  @Field(() => Author, { description: 'The surviving author, with all the papers and recomputed metrics.' })
  author!: AuthorRecord | null;

  @Field(() => [ID], { description: 'The ids merged away; node(id:) and author(id:) answer the survivor for them.' })
  mergedAuthorIds!: string[];
}
