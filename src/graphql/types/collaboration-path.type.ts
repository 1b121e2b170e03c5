// A chain of co-authorship between two authors, step by step, with the papers behind each step.
import { Arg, Field, Int, ObjectType } from 'type-graphql';
import { type AuthorRecord, type PaperRecord } from '../../store';
import { badUserInput } from '../../errors';
import { MAX_STEP_PAPERS, type StepLinks } from '../../services/collaboration-path.service';
import { Author } from './author.type';
import { Paper } from './paper.type';

@ObjectType({ description: 'One link of a collaboration path: two authors who wrote at least one paper together.' })
export class CollaborationStep {
  @Field(() => Author, { description: 'The author this step starts from (nearer to the path\'s `from`).' })
  from: AuthorRecord;

  @Field(() => Author, { description: 'The author this step leads to (nearer to the path\'s `to`).' })
  to: AuthorRecord;

  private readonly links: () => Promise<StepLinks>;

  constructor(from: AuthorRecord, to: AuthorRecord, links: () => Promise<StepLinks>) {
    this.from = from;
    this.to = to;
    this.links = links;
  }

  @Field(() => Int, { description: 'How many papers the two authors wrote together.' })
  async sharedPaperCount(): Promise<number> {
    return (await this.links()).sharedPaperCount;
  }

  @Field(() => [Paper], { description: 'Papers the two authors wrote together, newest first.' })
  async papers(
    @Arg('first', () => Int, { nullable: true, defaultValue: 3, description: `How many papers, at most ${MAX_STEP_PAPERS}.` })
    first: number | null,
  ): Promise<PaperRecord[]> {
    const size = first ?? 3;
    if (!Number.isInteger(size) || size < 0 || size > MAX_STEP_PAPERS) {
      throw badUserInput(`\`first\` must be between 0 and ${MAX_STEP_PAPERS}, got ${size}. Ask for fewer papers per step.`, 'first');
    }
    return (await this.links()).papers.slice(0, size);
  }
}

@ObjectType({
  description:
    'The shortest chain of co-authorship between two authors (an "Erdős number"). Among equally short chains, the one ' +
    'whose author ids are smallest, compared from the first author on: the same question gets the same answer.',
})
export class CollaborationPath {
  @Field(() => Int, { description: 'Steps in the chain: 0 from an author to themselves, 1 between co-authors, and so on.' })
  length!: number;

  @Field(() => [Author], { description: 'From `from` to `to`, in order: length + 1 authors.' })
  authors!: AuthorRecord[];

  @Field(() => [CollaborationStep], { description: 'Each pair of consecutive authors of the chain, in order.' })
  steps!: CollaborationStep[];
}
