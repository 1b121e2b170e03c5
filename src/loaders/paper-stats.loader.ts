// Facets and aggregates of a filtered set of papers: per author (a batch of authors in two
// statements) or over all papers (parent 0).
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { readsOf } from '../db/read-pool';
import { paperSetStats, type CategoryYearGroup, type CitationBucket, type PaperSetStats } from '../metrics';
import { paperFilterSql, type PaperFilter } from '../pagination/paper-filter';
import { byParent } from './batch';

export type PaperSetScope = 'author' | 'all';

const SCOPES: Record<PaperSetScope, { parent: string; from: string; where: string }> = {
  author: {
    parent: 's.author_id',
    from: 'authorships s JOIN papers p ON p.id = s.paper_id',
    where: 's.author_id IN (SELECT value FROM json_each(?))',
  },
  all: { parent: '0', from: 'papers p', where: "? IS NOT NULL" },
};

export function paperStatsLoader(sqlite: Database.Database, scope: PaperSetScope, filter: PaperFilter | null | undefined): DataLoader<number, PaperSetStats> {
  const { parent, from, where } = SCOPES[scope];
  const conditions = paperFilterSql(filter);
  const whereSql = [where, ...conditions.sql].join(' AND ');
  const groupsSql = `SELECT ${parent} AS parentId, p.category AS category, p.topic_id AS topicId, CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year,
      COUNT(*) AS papers, SUM(p.citation_count) AS citations, TOTAL(p.novelty) AS noveltySum, COUNT(p.novelty) AS noveltyCount,
      TOTAL(p.ai_score) AS aiScoreSum, COUNT(p.ai_score) AS aiScoreCount
    FROM ${from} WHERE ${whereSql} GROUP BY 1, 2, 3, 4`;
  // By year too, for the h5-index of the recent years.
  const bucketsSql = `SELECT ${parent} AS parentId, p.citation_count AS citations, CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year,
      COUNT(*) AS papers
    FROM ${from} WHERE ${whereSql} GROUP BY 1, 2, 3`;
  // Aggregates of whole sets: off the event loop (src/db/read-pool.ts), both statements at once.
  const reads = readsOf(sqlite);
  return new DataLoader(async (parents) => {
    const params = [keyList(parents), ...conditions.params];
    const [groups, buckets] = await Promise.all([
      reads.all<CategoryYearGroup & { parentId: number }>(groupsSql, params),
      reads.all<CitationBucket & { parentId: number }>(bucketsSql, params),
    ]);
    const bucketsOf = byParent(parents, buckets);
    const referenceYear = new Date().getUTCFullYear();
    return byParent(parents, groups).map((g, i) => paperSetStats(g, bucketsOf[i], referenceYear));
  });
}

export interface YearPoint {
  year: number;
  papers: number;
  citations: number;
}

/** Each author's papers and their citations by publication year, one statement per batch. */
export function authorYearsLoader(sqlite: Database.Database): DataLoader<number, YearPoint[]> {
  return new DataLoader(async (authorIds) => {
    const rows = prepared(
      sqlite,
      `SELECT s.author_id AS parentId, CAST(substr(p.published_at, 1, 4) AS INTEGER) AS year,
              COUNT(*) AS papers, SUM(p.citation_count) AS citations
         FROM authorships s JOIN papers p ON p.id = s.paper_id
        WHERE s.author_id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2 ORDER BY 1, 2`,
    ).all(keyList(authorIds)) as (YearPoint & { parentId: number })[];
    return byParent(authorIds, rows);
  });
}
