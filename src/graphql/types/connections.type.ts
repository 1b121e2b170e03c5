// The lists of the schema, as Relay connections, each with the edge fields its relation has.
import { Field, Int, ObjectType } from 'type-graphql';
import { Author } from './author.type';
import { Connection, CURSOR } from './connection.type';
import { Paper } from './paper.type';
import { PaperSetStats } from './paper-stats.type';

@ObjectType({ description: 'The words of a search marked in a paper, with <mark> and </mark> (the text between is not HTML-escaped).' })
export class PaperHighlight {
  @Field(() => String, { description: 'The whole title, matched words marked.' })
  title!: string;

  @Field(() => String, { description: 'The best-matching stretch of the abstract, about 32 words, matched words marked.' })
  abstract!: string;
}

@ObjectType({ description: 'A paper of a list of papers, with its cursor.' })
export class PaperEdge {
  @Field(() => String, { description: CURSOR })
  cursor!: string;

  @Field(() => Paper, { description: 'The paper.' })
  node!: Paper;

  @Field(() => PaperHighlight, { nullable: true, description: 'With `papers(search:)`: where the words matched; null otherwise.' })
  highlight?: Promise<PaperHighlight | null> | null;
}

const STATS = {
  description: 'Facets and aggregates of the whole filtered set (counts by category and year, h-index, citations, novelty).',
};

/**
 * A search counts its matches exactly up to this many, and estimates past it. The product
 * decision: a count a user can check against the pages ("734 results") is exact; past it the
 * count is read as "about 7,500", so it need not be. Counting exactly reads every match and
 * each one's paper for the filters: on a million papers 24-32 ms per search page (p50 of the
 * bench's 24 searches, up to 60 ms for one), up to 1,000 and then sampled 12 ms (BENCHMARKS.md,
 * "Issue 21: search at scale"). 10,000 would have saved nothing there: their filtered
 * matches number up to 13,000, and the exact part reads every match up to the bound.
 */
export const SEARCH_COUNT_BOUND = 1_000;
const BOUND_TEXT = SEARCH_COUNT_BOUND.toLocaleString('en-US');

@ObjectType({
  description: 'A page of papers (Relay connection): `nodes` or `edges`, `pageInfo` for the next page, `totalCount` and `stats` of the whole list.',
})
export class PaperConnection extends Connection(PaperEdge, Paper, {
  totalCount:
    `How many papers the whole list holds. Exact, except for a search with more than ${BOUND_TEXT} matches: then an ` +
    'estimate, more than the bound: the first matches counted, the rest from a sample of one paper in 16 (spread evenly ' +
    'over the ids), within 12% of the true count 19 times in 20 at worst (about twice the bound), closer the more ' +
    'matches there are. Then `totalCountIsExact` is false. So a search stays fast on millions of papers; `stats` still counts exactly.',
}) {
  missing: () => Promise<string[]> = async () => [];
  statsOf!: () => Promise<PaperSetStats>;
  countIsExact: () => Promise<boolean> = async () => true;

  @Field(() => PaperSetStats, STATS)
  stats(): Promise<PaperSetStats> {
    return this.statsOf();
  }

  @Field(() => Boolean, {
    description:
      `Whether \`totalCount\` is the exact count: always for a list without \`search\`, and for a search up to ${BOUND_TEXT} ` +
      'matches; false when a search has more, and `totalCount` is an estimate (show it as "about ...").',
  })
  totalCountIsExact(): Promise<boolean> {
    return this.countIsExact();
  }

  @Field(() => [String], {
    description: 'With `papers(externalIds:)`: the external ids no paper has, in the order given; empty otherwise.',
  })
  missingExternalIds(): Promise<string[]> {
    return this.missing();
  }
}

@ObjectType({ description: "A paper of an author's list of papers, with the author's place on it." })
export class AuthorPaperEdge {
  @Field(() => String, { description: CURSOR })
  cursor!: string;

  @Field(() => Paper, { description: 'The paper.' })
  node!: Paper;

  @Field(() => Int, { description: "The author's place in this paper's author list, from 1." })
  position!: number;
}

@ObjectType({ description: "An author's papers." })
export class AuthorPaperConnection extends Connection(AuthorPaperEdge, Paper) {
  statsOf!: () => Promise<PaperSetStats>;

  @Field(() => PaperSetStats, STATS)
  stats(): Promise<PaperSetStats> {
    return this.statsOf();
  }
}

@ObjectType({ description: "An author of a paper's author list, with their place on it." })
export class PaperAuthorEdge {
  @Field(() => String, { description: CURSOR })
  cursor!: string;

  @Field(() => Author, { description: 'The author.' })
  node!: Author;

  @Field(() => Int, { description: 'Place in the author list, from 1.' })
  position!: number;
}

@ObjectType({ description: "A paper's authors, in author-list order." })
export class PaperAuthorConnection extends Connection(PaperAuthorEdge, Author) {}

@ObjectType({ description: 'An author of a list of authors, with its cursor.' })
export class AuthorEdge {
  @Field(() => String, { description: CURSOR })
  cursor!: string;

  @Field(() => Author, { description: 'The author.' })
  node!: Author;
}

@ObjectType({ description: 'A page of authors (Relay connection): `nodes` or `edges`, `pageInfo` for the next page, `totalCount` of the whole list.' })
export class AuthorConnection extends Connection(AuthorEdge, Author) {}
