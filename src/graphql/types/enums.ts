import { registerEnumType } from 'type-graphql';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

export enum PaperOrderField {
  PUBLISHED_AT = 'PUBLISHED_AT',
  CITATION_COUNT = 'CITATION_COUNT',
  SCORE = 'SCORE',
  NOVELTY = 'NOVELTY',
  TITLE = 'TITLE',
  RELEVANCE = 'RELEVANCE',
}

registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Ascending or descending.',
  valuesConfig: {
    ASC: { description: 'Smallest first: oldest, least cited, A to Z.' },
    DESC: { description: 'Largest first: newest, most cited, Z to A.' },
  },
});
registerEnumType(PaperOrderField, {
  name: 'PaperOrderField',
  description: 'What a list of papers is sorted by; ties are broken by paper id in the same direction.',
  valuesConfig: {
    PUBLISHED_AT: { description: 'Publication date of the first version (the default order, newest first).' },
    CITATION_COUNT: { description: 'Citation count.' },
    SCORE: { description: 'Ranking score.' },
    NOVELTY: { description: 'Novelty; papers without one count as lower than any (last when descending).' },
    TITLE: { description: 'Title, character by character (uppercase before lowercase).' },
    RELEVANCE: {
      description:
        'Only with `papers(search:)`, and its default there: best match first (bm25, a word in the title weighs ten times one in the abstract, and words side by side as typed rank above the same words apart); the direction is ignored. Refused without a search of at least one word.',
    },
  },
});
