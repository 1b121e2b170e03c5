// One OpenAlex work object (as the OpenAlex API and snapshot give them, one per line) mapped to
// the fields of a paper and its author list. Throws RecordError with a reason a person can act on.
//
// - externalId: the DOI without `https://doi.org/`; else the arXiv id (from `ids.arxiv` or an
//   arxiv.org location URL, without its version); else the short OpenAlex id (`W...`).
// - abstract: rebuilt from `abstract_inverted_index` ({word: [positions]}), words in position order.
// - category: OpenAlex has no arXiv categories. The first of `primary_topic.subfield`, then
//   `topics[].subfield`, whose display_name is (case-insensitively) the name of an arXiv category
//   in ARXIV_CATEGORY_NAMES gives it ("Artificial Intelligence" -> cs.AI, "Signal Processing" ->
//   eess.SP). Nothing is guessed beyond that: a work without such a subfield is skipped with
//   "no arXiv category can be derived".
// - authors: `authorships` in array order; the short OpenAlex author id (`A...`) is the author's
//   external id, so one author stays one across spellings of the name.
import { ARXIV_CATEGORY_NAMES } from '../domain/arxiv-categories';
import { ymdDate } from './arxiv-record';
import { parseObjectLine, RecordError, type MappedAuthor, type MappedRecord } from './record';
import { authorKey, collapseWhitespace } from './text';

const OPENALEX_PREFIX = /^https?:\/\/openalex\.org\//i;
const DOI_PREFIX = /^https?:\/\/(?:dx\.)?doi\.org\//i;
const ARXIV_URL = /arxiv\.org\/(?:abs|pdf)\/([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?/i;
const ARXIV_ID = /^(?:arxiv:)?([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?$/i;

/** arXiv category code by its lowercased name; of two codes with one name, the first listed. */
const CATEGORY_BY_NAME = new Map<string, string>();
for (const [code, name] of Object.entries(ARXIV_CATEGORY_NAMES)) {
  const key = name.toLowerCase();
  if (!CATEGORY_BY_NAME.has(key)) CATEGORY_BY_NAME.set(key, code);
}

function object(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function string(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** `https://openalex.org/W123` -> `W123`. */
export function shortOpenAlexId(id: string): string {
  return id.replace(OPENALEX_PREFIX, '');
}

function arxivIdFromUrl(url: unknown): string | null {
  const text = string(url);
  const m = text ? ARXIV_URL.exec(text) : null;
  return m ? m[1] : null;
}

export function arxivId(work: Record<string, unknown>): string | null {
  const fromIds = string(object(work.ids)?.arxiv);
  if (fromIds) {
    const m = ARXIV_ID.exec(fromIds) ?? ARXIV_URL.exec(fromIds);
    if (m) return m[1];
  }
  const locations = [work.primary_location, ...(Array.isArray(work.locations) ? work.locations : [])];
  for (const location of locations) {
    const l = object(location);
    const id = l && (arxivIdFromUrl(l.landing_page_url) ?? arxivIdFromUrl(l.pdf_url));
    if (id) return id;
  }
  return null;
}

function externalIdOf(work: Record<string, unknown>): string {
  const doi = string(work.doi) ?? string(object(work.ids)?.doi);
  if (doi) return doi.replace(DOI_PREFIX, '');
  const arxiv = arxivId(work);
  if (arxiv) return arxiv;
  const id = string(work.id) ?? string(object(work.ids)?.openalex);
  if (id) return shortOpenAlexId(id);
  throw new RecordError('missing id');
}

/** {word: [positions]} -> the words in position order, joined by spaces. */
export function abstractFromInvertedIndex(index: unknown): string {
  const words = object(index);
  if (!words) return '';
  const placed: Array<[number, string]> = [];
  for (const [word, positions] of Object.entries(words)) {
    if (!Array.isArray(positions)) continue;
    for (const position of positions) if (Number.isSafeInteger(position)) placed.push([position as number, word]);
  }
  placed.sort((a, b) => a[0] - b[0]);
  return collapseWhitespace(placed.map(([, word]) => word).join(' '));
}

function categoryOf(work: Record<string, unknown>): string {
  const topics = [work.primary_topic, ...(Array.isArray(work.topics) ? work.topics : [])];
  for (const topic of topics) {
    const name = string(object(object(topic)?.subfield)?.display_name);
    const code = name ? CATEGORY_BY_NAME.get(name.toLowerCase()) : undefined;
    if (code) return code;
  }
  throw new RecordError('no arXiv category can be derived');
}

function authorsOf(work: Record<string, unknown>): MappedAuthor[] {
  if (!Array.isArray(work.authorships)) return [];
  const seenIds = new Set<string>();
  const seenKeys = new Set<string>();
  const authors: MappedAuthor[] = [];
  for (const authorship of work.authorships) {
    const a = object(authorship);
    const author = object(a?.author);
    const name = collapseWhitespace(string(author?.display_name) ?? string(a?.raw_author_name) ?? '');
    const key = authorKey(name);
    if (!key) continue;
    const id = string(author?.id);
    const externalId = id ? shortOpenAlexId(id) : null;
    if (externalId ? seenIds.has(externalId) : seenKeys.has(key)) continue;
    if (externalId) seenIds.add(externalId);
    else seenKeys.add(key);
    authors.push({ name, key, externalId, claimsNamesake: true });
  }
  return authors;
}

/** Parses and maps one OpenAlex work line; throws RecordError. */
export function mapOpenAlexLine(line: string): MappedRecord {
  const work = parseObjectLine(line);
  const externalId = externalIdOf(work);
  const title = collapseWhitespace(string(work.title) ?? string(work.display_name) ?? '');
  if (!title) throw new RecordError('missing title');
  if (title.length > 1000) throw new RecordError(`title longer than 1000 characters (${title.length})`);
  const publishedAt = typeof work.publication_date === 'string' ? ymdDate(work.publication_date) : null;
  if (!publishedAt) throw new RecordError('no valid date in publication_date');
  const cited = work.cited_by_count;
  return {
    fields: {
      externalId,
      title,
      abstract: abstractFromInvertedIndex(work.abstract_inverted_index),
      category: categoryOf(work),
      publishedAt,
      score: 0,
      novelty: null,
      aiScore: null,
      citationCount: typeof cited === 'number' && Number.isSafeInteger(cited) && cited >= 0 ? cited : 0,
      hasCode: false,
      codeUrl: null,
    },
    authors: authorsOf(work),
    knows: 'citationCount',
  };
}
