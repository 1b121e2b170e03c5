// One OpenAlex work object (as the OpenAlex API and snapshot give them, one per line) mapped to
// the fields of a paper and its author list. Throws RecordError with a reason a person can act on.
//
// - externalId: the DOI without `https://doi.org/`; else the short OpenAlex id (`W...`). Not the
//   arXiv id, which is the arXiv record's own: the work finds that paper by it (papers.arxiv_id,
//   from `ids.arxiv` or an arxiv.org location URL, without its version) as another source's record.
// - abstract: rebuilt from `abstract_inverted_index` ({word: [positions]}), words in position order.
// - subject: `primary_topic` (else the first of `topics`) with its subfield, field and domain, as
//   OpenAlex gives them; none when the work has no topic. OpenAlex has no arXiv categories and
//   none is guessed from a subfield's name: the category stays unknown (an arXiv record of the same
//   paper brings it, see import-file).
// - type (article, preprint, book-chapter, ...), the DOI and the arXiv id are kept: the last two
//   are what an arXiv record of the same paper is matched by.
// - authors: `authorships` in array order; the short OpenAlex author id (`A...`) is the author's
//   external id, so one author stays one across spellings of the name.
import { ymdDate } from './arxiv-record';
import { mappedTopic, parseObjectLine, RecordError, type MappedAuthor, type MappedRecord, type MappedTopic, type TopicLevel } from './record';
import { authorKey, collapseWhitespace, normalizeDoi } from '../domain/text';

const OPENALEX_PREFIX = /^https?:\/\/openalex\.org\//i;
const DOI_PREFIX = /^https?:\/\/(?:dx\.)?doi\.org\//i;
const ARXIV_URL = /arxiv\.org\/(?:abs|pdf)\/([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?/i;
const ARXIV_ID = /^(?:arxiv:)?([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?$/i;

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

/** `https://openalex.org/subfields/1904` or `subfields/1904` -> `subfields/1904`; null when absent. */
function shortIdOf(value: unknown): string | null {
  const id = string(object(value)?.id);
  return id ? shortOpenAlexId(id) : null;
}

/** One topic object with the hierarchy above it; null when it has no id or name. */
function topicOf(value: unknown): MappedTopic | null {
  const topic = object(value);
  const id = shortIdOf(topic);
  const name = string(topic?.display_name);
  if (!topic || !id || !/^T\d+$/.test(id) || !name) return null;
  const level = (key: string): TopicLevel => ({ id: shortIdOf(topic[key]), name: string(object(topic[key])?.display_name) });
  return mappedTopic(id, name.slice(0, 300), level('subfield'), level('field'), level('domain'));
}

/** The work's topics, each once: `primary_topic` first (else the first of `topics`), then the rest of `topics`. */
export function topicsOf(work: Record<string, unknown>): MappedTopic[] {
  const topics = new Map<string, MappedTopic>();
  for (const candidate of [work.primary_topic, ...(Array.isArray(work.topics) ? work.topics : [])]) {
    const topic = topicOf(candidate);
    if (topic && !topics.has(topic.id)) topics.set(topic.id, topic);
  }
  return [...topics.values()];
}

/** OpenAlex's work type (article, preprint, book-chapter, ...) when it has the expected form. */
function workTypeOf(work: Record<string, unknown>): string | null {
  const type = string(work.type)?.toLowerCase();
  return type && /^[a-z-]{1,40}$/.test(type) ? type : null;
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
  const topics = topicsOf(work);
  return {
    fields: {
      externalId,
      title,
      abstract: abstractFromInvertedIndex(work.abstract_inverted_index),
      category: null,
      topicId: topics[0]?.id ?? null,
      topicIds: topics.length === 0 ? null : JSON.stringify(topics.map((t) => t.id)),
      workType: workTypeOf(work),
      doi: normalizeDoi(work.doi) ?? normalizeDoi(object(work.ids)?.doi),
      arxivId: arxivId(work),
      publishedAt,
      score: 0,
      novelty: null,
      aiScore: null,
      citationCount: typeof cited === 'number' && Number.isSafeInteger(cited) && cited >= 0 ? cited : 0,
      hasCode: false,
      codeUrl: null,
    },
    topics,
    authors: authorsOf(work),
    knows: 'citationCount',
  };
}
