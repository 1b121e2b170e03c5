// What every import format maps one line to: the fields of a paper and its author list.
// A mapper throws RecordError with a reason a person can act on; the line is then skipped.
import { type PaperFields } from '../store';
import { type OpenAlexTopicRow } from '../store/sqlite/schema';

export class RecordError extends Error {}

export interface MappedAuthor {
  name: string;
  /** authorKey(name): what makes two names one author when the source gives no author id. */
  key: string;
  /** The source's own id of the author (e.g. an OpenAlex `A...` id): identity before the name. */
  externalId?: string | null;
  /**
   * When the external id is new: may it claim an author known by this name only (from a source
   * without author ids, e.g. arXiv)? True for OpenAlex; false for our own export, whose name-only
   * and identified authors are distinct rows of the exporting database.
   */
  claimsNamesake?: boolean;
}

/** An OpenAlex topic with its place in the hierarchy (ids in short form: T10965, subfields/1904, ...): a row of openalex_topics. */
export type MappedTopic = OpenAlexTopicRow;

/** One level above a topic (its subfield, field or domain): an id in short form and a name, each may be unknown. */
export interface TopicLevel {
  id: string | null;
  name: string | null;
}

/** A topic and the three levels above it, as a row of openalex_topics. */
export function mappedTopic(id: string, name: string, subfield: TopicLevel, field: TopicLevel, domain: TopicLevel): MappedTopic {
  return {
    id,
    name,
    subfieldId: subfield.id,
    subfieldName: subfield.name,
    fieldId: field.id,
    fieldName: field.name,
    domainId: domain.id,
    domainName: domain.name,
  };
}

export interface MappedRecord {
  fields: PaperFields & { externalId: string };
  /** The paper's OpenAlex topics, the primary (fields.topicId) first, written to openalex_topics with the paper. */
  topics?: MappedTopic[];
  /** In author-list order, each author once. */
  authors: MappedAuthor[];
  /**
   * The fields the source knows beyond title, abstract, category and date, which a re-import then
   * updates too: `citationCount` (OpenAlex), or `all` (our own export: scores, code link, citations).
   * Fields a source does not know keep whatever the database has (e.g. scores set through the API);
   * so does a subject, DOI, arXiv id or work type the record leaves null or out, unless it knows
   * `all`: an OpenAlex work does not take away the arXiv category of the paper it meets.
   */
  knows?: 'citationCount' | 'all';
}

/** Maps one line of an import file; throws RecordError for a line to skip. */
export type RecordMapper = (line: string) => MappedRecord;

/** JSON.parse of one line that must hold an object; RecordError otherwise. */
export function parseObjectLine(line: string): Record<string, unknown> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new RecordError(`invalid JSON: ${(error as Error).message}`);
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new RecordError('not a JSON object');
  return record as Record<string, unknown>;
}
