// Cleaning of arXiv metadata text: titles, abstracts and author names as a reader would write
// them, and the normalized author name that identifies an author across imports.

// TeX accent commands as Unicode combining marks; NFC then composes letter + mark (\'a -> á).
const SYMBOL_ACCENTS: Record<string, string> = {
  "'": '\u0301', // acute
  '`': '\u0300', // grave
  '^': '\u0302', // circumflex
  '"': '\u0308', // diaeresis
  '~': '\u0303', // tilde
  '=': '\u0304', // macron
  '.': '\u0307', // dot above
};
const LETTER_ACCENTS: Record<string, string> = {
  c: '\u0327', // cedilla
  v: '\u030C', // caron
  u: '\u0306', // breve
  H: '\u030B', // double acute
  k: '\u0328', // ogonek
  r: '\u030A', // ring above
};
// Letters TeX writes as commands of their own; as in TeX, the space ending the command goes (J\o rgen).
const SPECIAL_LETTERS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
};

// The accented letter: `a`, `{a}`, `\i`, `{\i}`.
const BASE = String.raw`(?:\{\s*(\\[ij]|[a-zA-Z])\s*\}|(\\[ij](?![a-zA-Z])|[a-zA-Z]))`;
const SYMBOL_ACCENT = new RegExp(String.raw`(\{)?\\(['\x60^"~=.])\s*${BASE}(\})?`, 'g');
const LETTER_ACCENT = new RegExp(String.raw`(\{)?\\([cvuHkr])(?:\s*\{\s*(\\[ij]|[a-zA-Z])\s*\}|\s+([a-zA-Z]))(\})?`, 'g');
const SPECIAL_LETTER = /(\{)?\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L)(?![a-zA-Z])(?:\{\}|\s)?(\})?/g;

function baseLetter(letter: string): string {
  if (letter === '\\i') return 'i';
  if (letter === '\\j') return 'j';
  return letter;
}

// An opening brace eaten together with the command needs its closing brace, and only then.
function braced(open: string | undefined, close: string | undefined, text: string): string {
  if (open && close) return text;
  return (open ?? '') + text + (close ?? '');
}

/** Turns the common TeX accents into Unicode letters: `Bal\'azs`, `{\"o}`, `\c{c}`, `\~n`, `\ss`. */
export function texAccentsToUnicode(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .replace(SYMBOL_ACCENT, (_m, open: string | undefined, accent: string, inBraces: string | undefined, bare: string | undefined, close: string | undefined) =>
      braced(open, close, baseLetter(inBraces ?? bare ?? '') + SYMBOL_ACCENTS[accent]),
    )
    .replace(LETTER_ACCENT, (_m, open: string | undefined, accent: string, inBraces: string | undefined, bare: string | undefined, close: string | undefined) =>
      braced(open, close, baseLetter(inBraces ?? bare ?? '') + LETTER_ACCENTS[accent]),
    )
    .replace(SPECIAL_LETTER, (_m, open: string | undefined, name: string, close: string | undefined) => braced(open, close, SPECIAL_LETTERS[name]))
    .normalize('NFC');
}

/** `$x^2$` and `$$x^2$$` lose their delimiters and keep the math itself; `\$` stays a dollar. */
export function stripMathDelimiters(text: string): string {
  if (!text.includes('$')) return text;
  return text.replace(/(?<!\\)\$\$([^$]+?)(?<!\\)\$\$/g, '$1').replace(/(?<!\\)\$([^$]+?)(?<!\\)\$/g, '$1');
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A title or abstract as a reader would write it. */
export function cleanText(text: string): string {
  return collapseWhitespace(stripMathDelimiters(texAccentsToUnicode(text)));
}

/** An author name: cleaned text, and arXiv's spaced initials `C. -P.` joined as `C.-P.`. */
export function cleanName(text: string): string {
  return collapseWhitespace(cleanText(text).replace(/\.\s+-\s*/g, '.-').replace(/[{}]/g, ''));
}

/**
 * The identity of an author across imports: arXiv gives no author ids, so two names are the
 * same author when they agree after lowercasing, removing accents (NFD, then dropping every
 * combining mark \p{M}) and turning each run of punctuation and whitespace into one space.
 * "C. Balázs", "C Balazs" and "c.  balazs" are one author; "Chris Balázs" is another.
 */
export function authorKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `10.1111/BRE.12172` from a DOI in any of its usual spellings, lowercased; null when it is not one. */
export function normalizeDoi(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const doi = text.replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '').toLowerCase();
  return /^10\.\S+\/\S+$/.test(doi) ? doi : null;
}
