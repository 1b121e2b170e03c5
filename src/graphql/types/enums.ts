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
  /** Only with a search: best match first (bm25, title weighted above abstract). */
  RELEVANCE = 'RELEVANCE',
}

registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'Ascending or descending.' });
registerEnumType(PaperOrderField, {
  name: 'PaperOrderField',
  description: 'What a list of papers is sorted by; ties are broken by paper id in the same direction.',
});
