// The export's reads (src/export/paper-export.ts): a keyset page of papers in ascending row id,
// then the authors of all of them, then their OpenAlex topics when they have any: two statements
// a page, three with topics, each run to completion (an open iterator would keep the connection
// busy across the export's awaits).
import type Database from 'better-sqlite3';
import { keyList, prepared } from './prepared';
import { PAPER_COLUMNS, TOPICS_BY_ID, toPaper } from './records';
import { paperFilterSql, whereClause } from './conditions';
import type { PaperFilter, PaperRecord, PaperWithAuthors, TopicRecord } from '../types';
import { assembleExportPage, distinctTopicIds, topicIdsOf, type ExportAuthorship } from '../export-page';

const AUTHORS_OF_PAPERS =
  'SELECT s.paper_id AS paperId, s.position AS position, au.id AS id, au.name AS name, au.external_id AS externalId ' +
  'FROM authorships s JOIN authors au ON au.id = s.author_id ' +
  'WHERE s.paper_id IN (SELECT value FROM json_each(?)) ORDER BY s.paper_id, s.position';

/** At most `limit` papers after row id `afterId` in row id order, within `filter`, with their authors and topics. */
export function exportPage(sqlite: Database.Database, filter: PaperFilter | null | undefined, afterId: number, limit: number): PaperWithAuthors[] {
  const conditions = paperFilterSql(filter);
  const sql = `SELECT ${PAPER_COLUMNS} FROM papers p${whereClause([...conditions.sql, 'p.id > ?'])} ORDER BY p.id LIMIT ?`;
  const papers = (prepared(sqlite, sql).all(...conditions.params, afterId, limit) as PaperRecord[]).map(toPaper);
  if (papers.length === 0) return [];
  const authorships = prepared(sqlite, AUTHORS_OF_PAPERS).all(keyList(papers.map((p) => p.id))) as ExportAuthorship[];
  const topicIds = papers.map(topicIdsOf);
  const distinct = distinctTopicIds(topicIds);
  const topics = distinct.length > 0 ? (prepared(sqlite, TOPICS_BY_ID).all(JSON.stringify(distinct)) as TopicRecord[]) : [];
  return assembleExportPage(papers, topicIds, authorships, topics);
}

/** Whether the database has the schema (a papers table): not some other SQLite file, nor an empty one. */
export function hasSchema(sqlite: Database.Database): boolean {
  return prepared(sqlite, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'papers'").get() !== undefined;
}
