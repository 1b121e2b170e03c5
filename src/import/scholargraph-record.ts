// One line of our own export (see export/paper-export) mapped back to a paper and its author
// list. Every field is taken as written (no text cleaning: the export holds what the database
// held) and checked against the database's limits, so that a bad line is refused with a reason
// rather than by a CHECK constraint. The exporting database's row ids (`id`) are not kept: ids
// belong to a database, the external id is what makes a re-import update the same paper.
import { EXPORT_FORMAT_VERSION } from '../export/export-format';
import { ymdDate } from './arxiv-record';
import { type MappedAuthor, type MappedRecord, mappedTopic, type MappedTopic, parseObjectLine, RecordError, type TopicLevel } from './record';
import { authorKey, normalizeDoi } from '../domain/text';

const CATEGORY = /^[a-z][a-zA-Z.-]{1,39}$/;
const HTTP_URL = /^https?:\/\/./;

/** A parsed line of our export: it says which version of the format it is in. */
export function isScholarGraphRecord(record: unknown): boolean {
  return record !== null && typeof record === 'object' && !Array.isArray(record) && 'scholargraph' in record;
}

/** SQLite's length(): characters, not UTF-16 units. */
function characters(text: string): number {
  return Array.from(text).length;
}

function text(r: Record<string, unknown>, field: string, max: number): string {
  const value = r[field];
  if (typeof value !== 'string') throw new RecordError(`${field} must be a string, got ${describe(value)}`);
  if (value.trim() === '') throw new RecordError(`${field} must not be blank`);
  const length = characters(value.trim());
  if (length > max) throw new RecordError(`${field} longer than ${max} characters (${length})`);
  return value;
}

function optionalText(r: Record<string, unknown>, field: string): string | null {
  const value = r[field] ?? null;
  if (value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') throw new RecordError(`${field} must be null or a non-blank string, got ${describe(value)}`);
  return value;
}

function number(r: Record<string, unknown>, field: string, max: number, nullable: boolean): number | null {
  const value = r[field] ?? null;
  if (value === null && nullable) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new RecordError(`${field} must be a number from 0 to ${max}${nullable ? ' or null' : ''}, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}...` : json;
}

function authorsOf(value: unknown): MappedAuthor[] {
  if (!Array.isArray(value)) throw new RecordError(`authors must be an array, got ${describe(value)}`);
  const entries = value.map((entry, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new RecordError(`authors[${i}] must be an object`);
    const a = entry as Record<string, unknown>;
    if (!Number.isSafeInteger(a.position) || (a.position as number) < 1) {
      throw new RecordError(`authors[${i}].position must be a whole number from 1, got ${describe(a.position)}`);
    }
    const name = text(a, 'name', 300);
    return { position: a.position as number, name, key: authorKey(name), externalId: optionalText(a, 'externalId') };
  });
  entries.sort((a, b) => a.position - b.position);
  entries.forEach((entry, i) => {
    if (i > 0 && entries[i - 1].position === entry.position) throw new RecordError(`two authors at position ${entry.position}`);
  });
  return entries.map(({ name, key, externalId }) => ({ name, key, externalId }));
}

/** `topics` of a line: left out (an export from before subjects), or OpenAlex topics with their hierarchy, the primary first. */
function topicsOf(value: unknown): MappedTopic[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new RecordError(`topics must be an array, got ${describe(value)}`);
  const topics = value.map((topic, i) => topicOf(topic, `topics[${i}]`));
  if (new Set(topics.map((t) => t.id)).size !== topics.length) throw new RecordError('topics names a topic twice');
  return topics;
}

function topicOf(value: unknown, path: string): MappedTopic {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RecordError(`${path} must be an object, got ${describe(value)}`);
  const t = value as Record<string, unknown>;
  if (typeof t.id !== 'string' || !/^T\d+$/.test(t.id)) throw new RecordError(`${path}.id must be an OpenAlex topic id such as T10965, got ${describe(t.id)}`);
  const name = text(t, 'name', 300);
  const level = (key: string): TopicLevel => {
    const l = t[key] ?? null;
    if (l === null) return { id: null, name: null };
    if (typeof l !== 'object' || Array.isArray(l)) throw new RecordError(`${path}.${key} must be an object or null, got ${describe(l)}`);
    const entry = l as Record<string, unknown>;
    return { id: optionalText(entry, 'id'), name: optionalText(entry, 'name') };
  };
  return mappedTopic(t.id, name, level('subfield'), level('field'), level('domain'));
}

/** Parses and maps one line of a ScholarGraph export; throws RecordError. */
export function mapScholarGraphLine(line: string): MappedRecord {
  const r = parseObjectLine(line);
  if (r.scholargraph !== EXPORT_FORMAT_VERSION) {
    throw new RecordError(
      typeof r.scholargraph === 'number' && r.scholargraph > EXPORT_FORMAT_VERSION
        ? `written in version ${r.scholargraph} of the ScholarGraph export format; this version reads version ${EXPORT_FORMAT_VERSION}: upgrade to import it`
        : `not a ScholarGraph export line ("scholargraph": ${describe(r.scholargraph)}, expected ${EXPORT_FORMAT_VERSION})`,
    );
  }
  const externalId = optionalText(r, 'externalId');
  if (externalId === null) {
    throw new RecordError('no externalId: a paper is matched by its external id on import, so one without cannot be imported idempotently; give it one (an arXiv id or DOI) and export again');
  }
  const title = text(r, 'title', 1000);
  const abstract = r.abstract ?? '';
  if (typeof abstract !== 'string') throw new RecordError(`abstract must be a string, got ${describe(abstract)}`);
  const category = r.category ?? null;
  if (category !== null && (typeof category !== 'string' || !CATEGORY.test(category))) {
    throw new RecordError(`category must be an arXiv category code such as cs.LG, or null, got ${describe(category)}`);
  }
  const topics = topicsOf(r.topics);
  const workType = optionalText(r, 'workType');
  if (workType !== null && !/^[a-z-]{1,40}$/.test(workType)) throw new RecordError(`workType must be lowercase letters and dashes (article, book-chapter, ...), got ${describe(workType)}`);
  const doi = optionalText(r, 'doi');
  if (doi !== null && normalizeDoi(doi) !== doi) throw new RecordError(`doi must be a lowercase DOI such as 10.1111/bre.12172, got ${describe(doi)}`);
  const publishedAt = r.publishedAt;
  if (typeof publishedAt !== 'string' || ymdDate(publishedAt) !== publishedAt) {
    throw new RecordError(`publishedAt must be a real date, YYYY-MM-DD, got ${describe(publishedAt)}`);
  }
  const citationCount = r.citationCount;
  if (!Number.isSafeInteger(citationCount) || (citationCount as number) < 0) {
    throw new RecordError(`citationCount must be a whole number from 0, got ${describe(citationCount)}`);
  }
  const hasCode = r.hasCode;
  if (typeof hasCode !== 'boolean') throw new RecordError(`hasCode must be true or false, got ${describe(hasCode)}`);
  const codeUrl = optionalText(r, 'codeUrl');
  if (codeUrl !== null && !HTTP_URL.test(codeUrl)) throw new RecordError(`codeUrl must be an http(s) URL, got ${describe(codeUrl)}`);
  if (codeUrl !== null && !hasCode) throw new RecordError('codeUrl is set but hasCode is false: a paper with a code URL has code');
  return {
    fields: {
      externalId,
      title,
      abstract,
      category,
      topicId: topics[0]?.id ?? null,
      topicIds: topics.length === 0 ? null : JSON.stringify(topics.map((t) => t.id)),
      workType,
      doi,
      arxivId: optionalText(r, 'arxivId'),
      publishedAt,
      score: number(r, 'score', 100, false)!,
      novelty: number(r, 'novelty', 1, true),
      aiScore: number(r, 'aiScore', 100, true),
      citationCount: citationCount as number,
      hasCode,
      codeUrl,
    },
    topics,
    authors: authorsOf(r.authors),
    knows: 'all',
  };
}
