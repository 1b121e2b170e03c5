// The words of a paper that novelty compares: title and abstract, case and accents folded, cut
// at anything that is not a letter or a digit (as the papers_fts index cuts them, so that a term
// here is a term there), without English function words, bare numbers and one-letter tokens.
// No stemming: "networks" and "network" are two terms, as they are in the search index.
import { STOPWORDS } from './stopwords';

/** Bumped whenever the terms of a text change; counts kept in the database are then redone. */
export const TOKENIZER_VERSION = 1;

const SEPARATORS = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;
const NUMBER = /^\p{N}+$/u;
// Counts are kept in 16 bits; a word repeated more often than that is an artefact anyway.
const MAX_COUNT = 0xffff;

/** Folds case and strips accents the way FTS5's unicode61 tokenizer with remove_diacritics 2 does for Latin text. */
export function foldText(text: string): string {
  // NFC again after stripping, so that scripts NFD decomposes without marks (Hangul) come back whole.
  return text.toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC');
}

/** Each term of the title and abstract with the number of times it occurs, in order of first occurrence. */
export function termCounts(title: string, abstract: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of foldText(`${title}\n${abstract}`).split(SEPARATORS)) {
    if (token.length < 2 || STOPWORDS.has(token) || NUMBER.test(token)) continue;
    counts.set(token, Math.min(MAX_COUNT, (counts.get(token) ?? 0) + 1));
  }
  return counts;
}
