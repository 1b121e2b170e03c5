// OpenAlex subjects by id: topics with their hierarchy, and the name of a subject at any level.
// One statement per batch each.
import type DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { TOPICS_BY_ID } from '../db/records';
import { type OpenAlexTopicRow } from '../db/schema';
import { rowsByKeyLoader } from './batch';

/** A topic row as read: the Drizzle schema's. */
export type TopicRecord = OpenAlexTopicRow;

export function topicByIdLoader(sqlite: Database.Database): DataLoader<string, TopicRecord | null> {
  return rowsByKeyLoader(
    sqlite,
    TOPICS_BY_ID,
    (row: TopicRecord) => row.id,
  );
}

/** The name of an OpenAlex subject by its id at any level (T10965, subfields/1904, fields/19, domains/3). */
export function subjectNameLoader(sqlite: Database.Database): DataLoader<string, { id: string; name: string | null } | null> {
  return rowsByKeyLoader(
    sqlite,
    `SELECT k.value AS id, coalesce(
        (SELECT name FROM openalex_topics WHERE id = k.value),
        (SELECT subfield_name FROM openalex_topics WHERE subfield_id = k.value LIMIT 1),
        (SELECT field_name FROM openalex_topics WHERE field_id = k.value LIMIT 1),
        (SELECT domain_name FROM openalex_topics WHERE domain_id = k.value LIMIT 1)) AS name
       FROM json_each(?) k`,
    (row: { id: string; name: string | null }) => row.id,
  );
}
