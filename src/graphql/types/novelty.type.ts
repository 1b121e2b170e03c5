import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { type PaperRecord } from '../../store';
import { Paper } from './paper.type';

export enum NoveltySource {
  SUPPLIED = 'SUPPLIED',
  COMPUTED = 'COMPUTED',
}

registerEnumType(NoveltySource, {
  name: 'NoveltySource',
  description: 'Where a paper\'s novelty comes from.',
  valuesConfig: {
    SUPPLIED: { description: 'Given with the paper (its source, an API write, an import of our export): kept as given.' },
    COMPUTED: { description: 'Computed by the server from the text of the paper and of the papers published before it.' },
  },
});

@ObjectType({ description: 'An earlier paper and how close its text is to the explained paper\'s.' })
export class NoveltyNeighbor {
  @Field(() => Paper, { description: 'The earlier paper.' })
  paper!: PaperRecord;

  @Field(() => Float, { description: 'Cosine similarity of the two papers\' TF-IDF vectors, 0..1 (6 decimals).' })
  similarity!: number;
}

@ObjectType({ description: 'How a paper\'s novelty came about, so that a reader can check the number.' })
export class NoveltyExplanation {
  @Field(() => NoveltySource, { description: 'Supplied with the paper, or computed by the server.' })
  source!: NoveltySource;

  @Field(() => String, { nullable: true, description: 'The measure, e.g. "tfidf-backward-cosine" (see docs/novelty.md); null when supplied.' })
  method!: string | null;

  @Field(() => Int, { nullable: true, description: 'The version of the measure; a new version changes scores. Null when supplied.' })
  version!: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the value was computed; null when supplied.' })
  computedAt!: string | null;

  @Field(() => DateResolver, {
    nullable: true,
    description: 'The papers published before this date (the paper\'s own; same-day papers are not earlier) are the earlier work compared against. Null when supplied.',
  })
  corpusDate!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many papers were published before corpusDate when the value was computed (0: no earlier paper, no score). Null when supplied.',
  })
  corpusPapers!: number | null;

  @Field(() => [NoveltyNeighbor], {
    description: 'The most similar earlier papers (at most 5), most similar first: novelty = 1 - the first one\'s similarity. Empty when supplied, or when no earlier paper shares a word.',
  })
  // A promise when resolved lazily (the neighbouring papers are read only when selected).
  nearest!: NoveltyNeighbor[] | Promise<NoveltyNeighbor[]>;
}
