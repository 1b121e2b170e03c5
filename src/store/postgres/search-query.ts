// The search expressions of ../sqlite/fts-query.ts (what the layers above build from a user's
// text, in FTS5's syntax: quoted words, `*` for a prefix, ` + ` between the words of a phrase,
// `P OR (A)`) as the text of a PostgreSQL tsquery: `'word'`, `'word':*`, `<->` between the words
// of a phrase, `&` between words, `|` between alternatives. Read with
// to_tsquery('public.simple_unaccent', ...), which lowercases and unaccents each word as the
// tsvector columns were (./schema.ts). The words are cut already (fts-query.ts's WORD: letters,
// digits and combining marks only, as search_words leaves them in the vectors), so the parser
// reads each as the one token the vector holds ("3d", "x2", "Erdős"): nothing is cut differently.

/** The configuration every search vector and query uses. */
export const SEARCH_CONFIG = "'public.simple_unaccent'::regconfig";

interface Term {
  word: string;
  prefix: boolean;
}

/** A tsquery lexeme: quoted, quotes doubled, backslashes escaped, so no character of it is an operator. */
function lexeme({ word, prefix }: Term): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

/** The groups of an FTS5 expression: each a list of terms joined by ` + ` (a phrase) or by spaces (all of them). */
function parse(fts: string): { phrase: boolean; terms: Term[] }[] {
  const groups: { phrase: boolean; terms: Term[] }[] = [];
  let current: { phrase: boolean; terms: Term[] } = { phrase: false, terms: [] };
  let i = 0;
  while (i < fts.length) {
    const c = fts[i];
    if (c === '"') {
      let word = '';
      i += 1;
      for (; i < fts.length; i++) {
        if (fts[i] === '"') {
          if (fts[i + 1] === '"') {
            word += '"';
            i += 1;
          } else break;
        } else word += fts[i];
      }
      i += 1;
      const prefix = fts[i] === '*';
      if (prefix) i += 1;
      current.terms.push({ word, prefix });
    } else if (c === '+') {
      current.phrase = true;
      i += 1;
    } else if (fts.startsWith('OR', i)) {
      groups.push(current);
      current = { phrase: false, terms: [] };
      i += 2;
    } else i += 1; // spaces and parentheses
  }
  groups.push(current);
  return groups.filter((group) => group.terms.length > 0);
}

/**
 * The tsquery text of a search expression built by toFtsQuery / toFtsFilter / the name queries,
 * or null when it holds no word. A word the configuration reads as nothing (punctuation only) is
 * dropped by to_tsquery with a notice, as FTS5 would find nothing for it.
 */
export function toTsQuery(fts: string): string | null {
  const groups = parse(fts);
  if (groups.length === 0) return null;
  const parts = groups.map(({ phrase, terms }) => terms.map(lexeme).join(phrase ? ' <-> ' : ' & '));
  return parts.length === 1 ? parts[0] : parts.map((part) => `(${part})`).join(' | ');
}
