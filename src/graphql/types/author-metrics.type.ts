// Author.metrics: an author's metrics over a window of years and a category, with their working
// shown: the h-core behind the h-index, and the novelty of the papers behind the mean.
import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Field, Float, Int, ObjectType } from 'type-graphql';
import { type PaperRecord } from '../../store';
import { type NoveltySummary as NoveltySummaryData } from '../../metrics';
import { Category } from './category.type';
import { Paper } from './paper.type';

@ObjectType({ description: 'Novelty of the papers of one publication year.' })
export class NoveltyYear {
  @Field(() => Int, { description: 'The publication year.' })
  year!: number;

  @Field(() => Int, { description: 'Papers of that year with a novelty.' })
  papers!: number;

  @Field(() => Float, { description: 'Their mean novelty.' })
  mean!: number;
}

@ObjectType({ description: 'How novel a set of papers is: the mean of a profile card, and what it is made of.' })
export class NoveltySummary {
  @Field(() => Int, { description: 'Papers with a novelty (supplied or computed); papers without one are left out of every figure.' })
  papers!: number;

  @Field(() => Float, { nullable: true, description: 'Mean novelty, 0 to 1; null without papers.' })
  mean!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean novelty weighted by citation count; null when those papers have no citations.' })
  citationWeightedMean!: number | null;

  @Field(() => Float, { nullable: true, description: 'Highest novelty.' })
  max!: number | null;

  @Field(() => Float, { description: 'The threshold of shareAbove.' })
  threshold!: number;

  @Field(() => Float, { nullable: true, description: 'Share (0 to 1) of the papers whose novelty is above the threshold.' })
  shareAbove!: number | null;

  @Field(() => [NoveltyYear], { description: 'Mean novelty per publication year, oldest first; years without such papers left out.' })
  byYear!: NoveltyYear[];
}

@ObjectType('AuthorMetrics', {
  description:
    "An author's metrics over the papers of a window: published from `since` to `until` (years, inclusive) in `category`; " +
    'every paper when none is given. Citation counts are today\'s: a past window says how cited those papers are now.',
})
export class AuthorMetricsType {
  @Field(() => Int, { nullable: true, description: 'First year of the window, as asked.' })
  since!: number | null;

  @Field(() => Int, { nullable: true, description: 'Last year of the window, as asked.' })
  until!: number | null;

  @Field(() => Category, { nullable: true, description: 'The arXiv category of the window, as asked; null when none was asked or the subject asked is an OpenAlex one.' })
  category!: Category | null;

  @Field(() => Int, { description: 'Papers of the window.' })
  paperCount!: number;

  @Field(() => Int, { description: 'Sum of the citation counts of the papers of the window.' })
  citationCount!: number;

  @Field(() => Int, { description: 'The largest h such that h papers of the window have at least h citations each; see hCore.' })
  hIndex!: number;

  @Field(() => Int, { description: 'Papers of the window with at least 10 citations.' })
  i10Index!: number;

  @Field(() => Int, { description: 'The largest g such that the g most cited papers of the window have at least g² citations together.' })
  gIndex!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Hirsch's m quotient: hIndex divided by the years from the window's first paper to its end (the current year at most), both counted.",
  })
  mQuotient!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean novelty of the papers that have one (see novelty for the details).' })
  noveltyMean!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean AI score of the papers that have one.' })
  aiScore!: number | null;

  @Field(() => Int, { nullable: true, description: "Year of the window's first paper." })
  firstYear!: number | null;

  @Field(() => Int, { nullable: true, description: "Year of the window's last paper." })
  lastYear!: number | null;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      "When the data behind these figures last changed: the last write or import that touched one of the author's papers " +
      '(a data-version stamp for caches and for comparing two answers); null for an author without papers.',
  })
  asOf!: Date | null;

  hCoreOf!: () => Promise<PaperRecord[]>;
  noveltyOf!: (threshold: number) => Promise<NoveltySummaryData>;

  @Field(() => [Paper], {
    description: 'The h-core: the hIndex most cited papers of the window, most cited first (ties: newest first), each with at least hIndex citations.',
  })
  hCore(): Promise<PaperRecord[]> {
    return this.hCoreOf();
  }

  @Field(() => NoveltySummary, { description: 'Mean, citation-weighted mean, maximum, share above a threshold and yearly means of the novelty.' })
  novelty(
    @Arg('threshold', () => Float, { defaultValue: 0.5, description: 'shareAbove counts the papers above this novelty (0 to 1).' }) threshold: number,
  ): Promise<NoveltySummaryData> {
    return this.noveltyOf(threshold);
  }
}
