// Paper search on PostgreSQL: the port of ../sqlite/paper-search.ts over papers.search_vector
// (title weight A, abstract D; ./schema.ts) and its GIN index. The layers above hand over FTS5
// expressions (../sqlite/fts-query.ts); toTsQuery makes them tsquery text.
//
// Ranking is ts_rank_cd (cover density), not bm25, which PostgreSQL does not have: the same
// papers match, in an order that can differ. Cover density scores a paper by the shortest
// stretches that hold the query's words, so the words side by side as typed rank first, which
// is what the phrase in toFtsQuery's expression buys on SQLite; normalization 2 (divided by the
// length) stands for bm25's preference for short texts. Of ts_rank and ts_rank_cd under each
// normalization, this came closest to bm25 on the real samples (../shared/data): over 26
// searches, the same best hit for 22 and 97% of the pairs of the first 60 hits in bm25's order.
import { MIN_PREFIX_CHARS, queryWords, toFtsQuery, type QueryWord } from '../sqlite/fts-query';
import { ABSTRACT_WEIGHT, DEFAULT_MARKS, TITLE_WEIGHT, type Marks, type PaperExcerpt } from '../sqlite/paper-search';
import { rows, type PgDb } from './db';
import { SEARCH_CONFIG, toTsQuery } from './search-query';

/** `FROM papers p, ${PAPER_SEARCH_QUERY}`: one parameter, the tsquery text (toTsQuery). */
export const PAPER_SEARCH_QUERY = `to_tsquery(${SEARCH_CONFIG}, ?) q`;
export const PAPER_SEARCH_WHERE = 'p.search_vector @@ q';

// ts_rank's weights are those of D, C, B and A, each at most 1: title (A) to abstract (D) as
// SQLite's bm25 column weights, TITLE_WEIGHT to ABSTRACT_WEIGHT.
const WEIGHTS = `'{${ABSTRACT_WEIGHT / TITLE_WEIGHT}, 0, 0, 1}'::float4[]`;

/**
 * Relevance, lower is better as with SQLite's bm25 (negated), so that ascending order is best
 * first and a keyset cursor holds [rank, id]. As a double: a float4 sent back in a cursor would
 * be compared after a round trip through a JavaScript number.
 */
export const PAPER_SEARCH_RANK = `(-ts_rank_cd(${WEIGHTS}, p.search_vector, q, 2))::float8`;

/** ts_headline's options, values quoted (the marks may hold commas or spaces). */
function headlineOptions(options: Record<string, string | number | boolean>): string {
  const text = Object.entries(options)
    .map(([name, value]) => `${name}="${String(value).replace(/"/g, '""')}"`)
    .join(', ');
  return `'${text.replace(/'/g, "''")}'`;
}

/** Tokens in an abstract excerpt, as ../sqlite/paper-search.ts's snippet() takes by default. */
export const EXCERPT_WORDS = 32;
const ELLIPSIS = '…';

/**
 * ts_headline over the words the search vector holds: its parser reads the text with every run
 * of separators between two U+FFFF (search_words_marked, migrations/postgres/0002_search_words.sql),
 * so it marks "Cretaceous" in "Jurassic/Cretaceous" as FTS5 does, and the U+FFFFs go again.
 */
function headline(column: string, options: string): string {
  return `replace(ts_headline(${SEARCH_CONFIG}, public.search_words_marked(${column}), q, ${options}), chr(65535), '')`;
}

function paperExcerptsSql(marks: Marks): string {
  const marked = { StartSel: marks.open, StopSel: marks.close };
  const title = headlineOptions({ ...marked, HighlightAll: true });
  // One fragment: ts_headline then centres the best stretch on its matches, as FTS5's snippet()
  // does (the default mode starts at the first match). ShortWord=0: FTS5 cuts at any token.
  const abstract = headlineOptions({ ...marked, MaxWords: EXCERPT_WORDS, MinWords: EXCERPT_WORDS - 1, ShortWord: 0, MaxFragments: 1 });
  return `SELECT p.id, ${headline('p.title', title)} AS title, ${headline('p.abstract', abstract)} AS abstract, p.abstract AS "wholeAbstract"
    FROM papers p, ${PAPER_SEARCH_QUERY}
    WHERE p.id = ANY(?::int8[]) AND ${PAPER_SEARCH_WHERE}`;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The excerpt with ellipses where it cuts the abstract (words left out before or after it), as FTS5's snippet() puts them. */
function withEllipses(excerpt: string, abstract: string, marks: Marks): string {
  const plain = excerpt.split(marks.open).join('').split(marks.close).join('');
  const start = abstract.indexOf(plain);
  if (plain.length === 0 || start < 0) return excerpt;
  const before = WORD_CHAR.test(abstract.slice(0, start)) ? ELLIPSIS : '';
  const after = WORD_CHAR.test(abstract.slice(start + plain.length)) ? ELLIPSIS : '';
  return `${before}${excerpt}${after}`;
}

/** A word as both engines compare it: lowercase, without accents. */
function folded(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function matchesWord(text: string, word: QueryWord): boolean {
  const [have, want] = [folded(text), folded(word.text)];
  return word.prefix ? have.startsWith(want) : have === want;
}

/**
 * One mark around each run of marked words that is the query's phrase (toFtsQuery asks for the
 * words side by side as one phrase too): FTS5 marks a phrase's match as one stretch
 * (`<mark>multimodal reasoning</mark>`) where ts_headline marks each word.
 */
function phrasesMarkedWhole(headline: string, words: readonly QueryWord[], marks: Marks): string {
  if (words.length < 2) return headline;
  // Text outside marks and marked words, alternating: parts[0], word, parts[2], word, ...
  const parts: string[] = [];
  let rest = headline;
  for (;;) {
    const open = rest.indexOf(marks.open);
    const close = open < 0 ? -1 : rest.indexOf(marks.close, open + marks.open.length);
    if (close < 0) break;
    parts.push(rest.slice(0, open), rest.slice(open + marks.open.length, close));
    rest = rest.slice(close + marks.close.length);
  }
  parts.push(rest);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const run = words.length * 2 - 1;
    const phrase =
      i + run <= parts.length - 1 &&
      words.every((word, k) => matchesWord(parts[i + 2 * k], word) && (k === 0 || !WORD_CHAR.test(parts[i + 2 * k - 1])));
    if (phrase) {
      out += marks.open + parts.slice(i, i + run).join('') + marks.close + parts[i + run];
      i += run - 1;
    } else out += marks.open + parts[i] + marks.close + parts[i + 1];
  }
  return out;
}

/** Highlighted title and abstract excerpt of each of `ids` that matches `text`, in the order of `ids`. */
export async function paperExcerpts(db: PgDb, text: string, ids: readonly number[], marks: Marks = DEFAULT_MARKS): Promise<PaperExcerpt[]> {
  const fts = toFtsQuery(text);
  const query = fts === null ? null : toTsQuery(fts);
  if (query === null || ids.length === 0) return [];
  const { words } = queryWords(text, { prefixes: 'last', minPrefixChars: MIN_PREFIX_CHARS });
  const found = await rows<PaperExcerpt & { wholeAbstract: string }>(db, paperExcerptsSql(marks), [query, ids]);
  const byId = new Map(
    found.map(({ id, title, abstract, wholeAbstract }) => [
      id,
      {
        id,
        title: phrasesMarkedWhole(title, words, marks),
        abstract: withEllipses(phrasesMarkedWhole(abstract, words, marks), wholeAbstract, marks),
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
