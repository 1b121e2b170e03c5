// The export's reads on PostgreSQL (src/export/paper-export.ts): a keyset page of papers in
// ascending id, then the authors of all of them, then their OpenAlex topics when they have any:
// two statements a page, three with topics, each read whole so that no connection is held
// across the export's awaits.
import { row, rows, type PgDb } from './db';
import { PAPER_COLUMNS, TOPIC_COLUMNS } from './records';
import { paperFilterSql, whereClause } from './conditions';
import type { PaperFilter, PaperRecord, PaperWithAuthors, TopicRecord } from '../types';
import { assembleExportPage, distinctTopicIds, topicIdsOf, type ExportAuthorship } from '../export-page';

const AUTHORS_OF_PAPERS =
  'SELECT s.paper_id AS "paperId", s.position AS position, au.id AS id, au.name AS name, au.external_id AS "externalId" ' +
  'FROM authorships s JOIN authors au ON au.id = s.author_id ' +
  'WHERE s.paper_id = ANY(?::int8[]) ORDER BY s.paper_id, s.position';

const TOPICS_BY_ID = `SELECT ${TOPIC_COLUMNS} FROM openalex_topics t WHERE t.id = ANY(?::text[])`;

/** At most `limit` papers after id `afterId` in id order, within `filter`, with their authors and topics. */
export async function exportPage(db: PgDb, filter: PaperFilter | null | undefined, afterId: number, limit: number): Promise<PaperWithAuthors[]> {
  const conditions = paperFilterSql(filter);
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${whereClause([...conditions.sql, 'p.id > ?::int8'])} ORDER BY p.id LIMIT ?`;
  const papers = await rows<PaperRecord>(db, sql, [...conditions.params, afterId, limit]);
  if (papers.length === 0) return [];
  const authorships = await rows<ExportAuthorship>(db, AUTHORS_OF_PAPERS, [papers.map((p) => p.id)]);
  const topicIds = papers.map(topicIdsOf);
  const distinct = distinctTopicIds(topicIds);
  const topics = distinct.length > 0 ? await rows<TopicRecord>(db, TOPICS_BY_ID, [distinct]) : [];
  return assembleExportPage(papers, topicIds, authorships, topics);
}

/** Whether the database has the schema (a papers table on its search path): not an empty or foreign database. */
export async function hasSchema(db: PgDb): Promise<boolean> {
  return (await row<{ found: boolean }>(db, "SELECT to_regclass('papers') IS NOT NULL AS found"))!.found;
}
