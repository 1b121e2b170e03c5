// Turns whatever a user typed into an FTS5 MATCH expression that only ever means "these words".
// FTS5 has its own query language (OR, NOT, NEAR(...), col:, ^, *, parentheses) and answers a
// malformed expression with an error, so user text is never handed to MATCH as is: it is cut
// into words and each word is quoted, which makes FTS5 read it as a string and nothing else.

// A letter or digit, then letters, digits and combining marks: a decomposed "Bala\u0301zs" stays
// one word (FTS5 keeps the mark inside the token too), where /[\p{L}\p{N}]+/ would cut it in two.
// Everything else (spaces, punctuation, operators, emoji, NUL, lone surrogates) only separates.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Words beyond this are ignored: more only narrows a search that has long stopped matching. */
export const MAX_QUERY_WORDS = 32;
/** Longer words are cut to this many characters and searched as prefixes of themselves. */
export const MAX_WORD_CHARS = 100;
/**
 * The shortest last word searched as a prefix. A prefix term reads the postings of every term
 * that starts with it: "neu"* is a handful of terms, "n"* is a good part of the vocabulary.
 */
export const MIN_PREFIX_CHARS = 3;

export interface QueryWord {
  text: string;
  /** Searched as a prefix: the word may not be finished. */
  prefix: boolean;
}

export interface WordsOptions {
  maxWords?: number;
  /** Which words may be prefixes: the last one if the text ends in it (papers), or all (names). */
  prefixes: 'last' | 'all';
  minPrefixChars?: number;
}

export interface QueryWords {
  words: QueryWord[];
  /** Words were dropped because there were more than maxWords. */
  truncated: boolean;
}

/** The words of a user's text, capped, each marked as a prefix or not. */
export function queryWords(text: string, options: WordsOptions): QueryWords {
  const maxWords = options.maxWords ?? MAX_QUERY_WORDS;
  const minPrefix = options.minPrefixChars ?? 1;
  const normalized = text.normalize('NFC');
  const words: QueryWord[] = [];
  let truncated = false;
  let endOfLast = 0;
  for (const match of normalized.matchAll(WORD)) {
    if (words.length === maxWords) {
      truncated = true;
      break;
    }
    const chars = Array.from(match[0]);
    const cut = chars.length > MAX_WORD_CHARS;
    const word = cut ? chars.slice(0, MAX_WORD_CHARS).join('') : match[0];
    words.push({ text: word, prefix: cut || (options.prefixes === 'all' && chars.length >= minPrefix) });
    endOfLast = match.index + match[0].length;
  }
  // Search-as-you-type: a text that ends inside its last word is still being typed, so that
  // word is a prefix; "neural net" finds "network", "neural net " (a space after) does not.
  const last = words[words.length - 1];
  if (options.prefixes === 'last' && last && !truncated && endOfLast === normalized.length) {
    last.prefix ||= Array.from(last.text).length >= minPrefix;
  }
  return { words, truncated };
}

/** A word as an FTS5 string: quoted, quotes doubled, so no character of it is an operator. */
export function ftsString(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

export function ftsTerm(word: QueryWord): string {
  return word.prefix ? `${ftsString(word.text)}*` : ftsString(word.text);
}

/** Every word must occur (FTS5 reads terms side by side as AND). */
export function allOf(words: readonly QueryWord[]): string {
  return words.map(ftsTerm).join(' ');
}

/** The words side by side, in their order (FTS5's `"a" + "b"`): a phrase. */
export function phraseOf(words: readonly QueryWord[]): string {
  return words.map(ftsTerm).join(' + ');
}

/**
 * A MATCH expression for a paper search: every word of `text` must occur in the title or the
 * abstract, in any order; the last word is a prefix when the text ends in it and it has at least
 * MIN_PREFIX_CHARS characters. null when the text has no words (nothing to search for).
 *
 * Two words or more are also asked for as the phrase they make, `"a" + "b" OR ("a" "b")`: the
 * papers that match are the same (the phrase holds every word), but bm25 sums a score per phrase
 * of the expression, so a paper with the words side by side, as typed, ranks above one that only
 * has them apart. "multimodal reasoning" finds the paper titled "... Multimodal Reasoning with
 * ..." first, not four shorter titles with "Multimodal Mathematical Reasoning".
 */
export function toFtsQuery(text: string): string | null {
  const { words } = paperSearchWords(text);
  if (words.length === 0) return null;
  return words.length === 1 ? allOf(words) : `${phraseOf(words)} OR (${allOf(words)})`;
}

/**
 * The same papers as toFtsQuery, as a filter: every word, no phrase. A count, the stats or
 * another order of a search rank nothing, so they need not read the phrase's positions too.
 */
export function toFtsFilter(text: string): string | null {
  const { words } = paperSearchWords(text);
  return words.length === 0 ? null : allOf(words);
}

function paperSearchWords(text: string): QueryWords {
  return queryWords(text, { prefixes: 'last', minPrefixChars: MIN_PREFIX_CHARS });
}
