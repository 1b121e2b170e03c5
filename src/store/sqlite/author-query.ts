// The MATCH expressions of an author name search over authors_fts (migration 0003). A name box
// autocompletes, so every word is a prefix: "liu z" finds Zongkai Liu. The same text also
// yields the narrower expressions that rank a match (see NameTier).
import { allOf, ftsTerm, queryWords } from './fts-query';

/** As many words as a name has, with room to spare; the resolver may reject more. */
export const MAX_NAME_WORDS = 8;

/** How well a name matches, best first: the first sort key of a name search. */
export enum NameTier {
  /** The name's words are the query's words, in any order ("liu zongkai" for Zongkai Liu). */
  Exact = 0,
  /** The name starts with the query, word for word, its last word a prefix ("zongkai l"). */
  Prefix = 1,
  /** Every query word starts some word of the name. */
  Words = 2,
}

export interface NameQuery {
  /** Every word a prefix term, any order: the authors that match at all. */
  match: string;
  /** Every word as a whole term: a superset of NameTier.Exact, narrowed by the word count. */
  exact: string;
  /** The words as one phrase at the start of the name, the last word a prefix: NameTier.Prefix. */
  startsWith: string;
  /** How many tokens an exact match has. */
  wordCount: number;
  /** Words past MAX_NAME_WORDS were dropped. */
  truncated: boolean;
}

/** null when the text has no words: then there is nothing to search and every author lists. */
export function toNameQuery(text: string | null | undefined): NameQuery | null {
  const { words, truncated } = queryWords(text ?? '', { prefixes: 'all', maxWords: MAX_NAME_WORDS });
  if (words.length === 0) return null;
  const whole = words.map((word) => ({ text: word.text, prefix: false }));
  // "^" anchors the phrase at the first token; "+" chains strings into one phrase.
  const phrase = words.map((word, i) => ftsTerm(i === words.length - 1 ? word : { text: word.text, prefix: false }));
  return {
    match: allOf(words),
    exact: allOf(whole),
    startsWith: `^${phrase.join(' + ')}`,
    wordCount: words.length,
    truncated,
  };
}
