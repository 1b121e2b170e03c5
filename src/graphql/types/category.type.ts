import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'An arXiv category, e.g. cs.LG (archive cs, subject class LG).' })
export class Category {
  @Field(() => String, { description: 'The arXiv code, e.g. cs.LG or hep-th.' })
  code!: string;

  @Field(() => String, { description: 'The archive, e.g. cs.' })
  archive!: string;

  @Field(() => String, { nullable: true, description: 'The subject class within the archive, e.g. LG; null for archives without one (hep-th).' })
  subjectClass!: string | null;

  @Field(() => String, { nullable: true, description: 'The English name, e.g. Machine Learning, when known.' })
  name!: string | null;
}
