// What every import format maps one line to: the fields of a paper and its author list.
// A mapper throws RecordError with a reason a person can act on; the line is then skipped.
import { type PaperWriteRecord, type TopicRecord, type WriteAuthor } from '../store';

export class RecordError extends Error {}

/** An author as a record names them (see WriteAuthor in src/store/write-types). */
export type MappedAuthor = WriteAuthor;

/** An OpenAlex topic with its place in the hierarchy (ids in short form: T10965, subfields/1904, ...): a row of openalex_topics. */
export type MappedTopic = TopicRecord;

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

/** The fields of a paper and its author list, as the store's one write path takes them (src/store/write-types). */
export type MappedRecord = PaperWriteRecord;

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
