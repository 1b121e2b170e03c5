// Facets and aggregates of a set of papers, and yearly series for charts.
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Category } from './category.type';
import { Subject } from './subject.type';

@ObjectType({ description: 'A count for one year.' })
export class YearCount {
  @Field(() => Int, { description: 'The year, e.g. 2024.' })
  year!: number;

  @Field(() => Int, { description: 'The count for that year (papers or citations, as the field says).' })
  count!: number;
}

@ObjectType({ description: 'How many papers of a set are in one category.' })
export class CategoryCount {
  @Field(() => Category, { description: 'The primary category.' })
  category!: Category;

  @Field(() => Int, { description: 'Papers of the set in it.' })
  count!: number;
}

@ObjectType({ description: 'How many papers of a set are in one subject (either taxonomy).' })
export class SubjectCount {
  @Field(() => Subject, { description: 'The subject.' })
  subject!: Subject;

  @Field(() => Int, { description: 'Papers of the set in it.' })
  count!: number;
}

@ObjectType({ description: 'Aggregates of the whole filtered set of papers, not only of the page.' })
export class PaperSetStats {
  @Field(() => Int, { description: 'Papers in the set.' })
  paperCount!: number;

  @Field(() => Int, { description: 'Sum of the citation counts.' })
  citationCount!: number;

  @Field(() => Int, { description: 'h-index of the set: the largest h such that h of its papers have at least h citations.' })
  hIndex!: number;

  @Field(() => Int, { description: 'Papers of the set with at least 10 citations.' })
  i10Index!: number;

  @Field(() => Int, { description: 'g-index of the set: the largest g such that its g most cited papers have at least g² citations together (at most the paper count).' })
  gIndex!: number;

  @Field(() => Int, {
    description:
      "h5-index, as Google Scholar ranks venues: the h-index of the set's papers published in the last five complete calendar years " +
      '(for 2026: 2021 to 2025). Filter by category for the h5 of a field.',
  })
  h5Index!: number;

  @Field(() => Float, { nullable: true, description: 'Median citations of the h5-core (the h5Index most cited papers of those years); null when h5Index is 0.' })
  h5Median!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean novelty of the papers that have one; null when none has.' })
  novelty!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean AI score of the papers that have one; null when none has.' })
  aiScore!: number | null;

  @Field(() => Int, { nullable: true, description: 'Publication year of the oldest paper of the set; null for an empty set.' })
  firstYear!: number | null;

  @Field(() => Int, { nullable: true, description: 'Publication year of the newest paper of the set; null for an empty set.' })
  lastYear!: number | null;

  @Field(() => [CategoryCount], { description: 'Papers per arXiv category, most first; papers without one are not counted (see bySubject).' })
  byCategory!: CategoryCount[];

  /** Papers per OpenAlex topic: what bySubject rolls up (not in the schema). */
  byTopic!: { topicId: string; count: number }[];

  @Field(() => [YearCount], { description: 'Papers per publication year, oldest first; years without papers are left out.' })
  byYear!: YearCount[];
}
