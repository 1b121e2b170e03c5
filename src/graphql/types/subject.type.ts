import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum Taxonomy {
  ARXIV = 'ARXIV',
  OPENALEX = 'OPENALEX',
}

export enum SubjectLevel {
  CATEGORY = 'CATEGORY',
  DOMAIN = 'DOMAIN',
  FIELD = 'FIELD',
  SUBFIELD = 'SUBFIELD',
  TOPIC = 'TOPIC',
}

registerEnumType(Taxonomy, {
  name: 'Taxonomy',
  description: 'Which classification a subject belongs to.',
  valuesConfig: {
    ARXIV: { description: "arXiv's categories (cs.LG, hep-th): physics, mathematics, computing and neighbours." },
    OPENALEX: { description: "OpenAlex's hierarchy over all of science: domain → field → subfield → topic." },
  },
});
registerEnumType(SubjectLevel, {
  name: 'SubjectLevel',
  description: 'The level of a subject: an arXiv category, or one of the four levels of OpenAlex, broadest first.',
  valuesConfig: {
    CATEGORY: { description: 'An arXiv category, e.g. cs.LG.' },
    DOMAIN: { description: 'An OpenAlex domain, e.g. Physical Sciences (domains/3).' },
    FIELD: { description: 'An OpenAlex field, e.g. Earth and Planetary Sciences (fields/19).' },
    SUBFIELD: { description: 'An OpenAlex subfield, e.g. Geology (subfields/1907).' },
    TOPIC: { description: 'An OpenAlex topic, e.g. Geological formations and processes (T10965).' },
  },
});

@ObjectType({
  description:
    'A subject of either taxonomy: an arXiv category or an OpenAlex domain, field, subfield or topic. Its `id` is what filters and leaderboards take as a subject.',
})
export class Subject {
  @Field(() => String, { description: 'The arXiv code (cs.LG) or the OpenAlex id in short form (domains/3, fields/19, subfields/1907, T10965).' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The English name, e.g. Machine Learning or Geology, when known.' })
  name!: string | null;

  @Field(() => Taxonomy, { description: 'arXiv or OpenAlex.' })
  taxonomy!: Taxonomy;

  @Field(() => SubjectLevel, { description: 'CATEGORY for arXiv; DOMAIN, FIELD, SUBFIELD or TOPIC for OpenAlex.' })
  level!: SubjectLevel;
}

@ObjectType({ description: "An OpenAlex topic with its place in OpenAlex's hierarchy (OpenAlex taxonomy only)." })
export class OpenAlexTopic {
  @Field(() => String, { description: 'The OpenAlex topic id in short form, e.g. T10965.' })
  id!: string;

  @Field(() => String, { description: 'The English name, e.g. Geological formations and processes.' })
  name!: string;

  @Field(() => Subject, { nullable: true, description: 'The subfield the topic belongs to, e.g. Earth-Surface Processes.' })
  subfield!: Subject | null;

  @Field(() => Subject, { nullable: true, description: 'The field, e.g. Earth and Planetary Sciences.' })
  field!: Subject | null;

  @Field(() => Subject, { nullable: true, description: 'The domain, e.g. Physical Sciences.' })
  domain!: Subject | null;
}
