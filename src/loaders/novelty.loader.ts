// How each paper's novelty came about, one statement per batch of papers (see src/novelty).
import DataLoader from 'dataloader';
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { type Neighbor } from '../novelty/measure';

export interface NoveltyExplanationRecord {
  source: 'supplied' | 'computed';
  /** The rest is known for computed values only. */
  method: string | null;
  version: number | null;
  computedAt: string | null;
  corpusDate: string | null;
  corpusPapers: number | null;
  nearest: Neighbor[];
}

interface Row {
  paperId: number;
  novelty: number | null;
  computed: 0 | 1;
  method: string | null;
  version: number | null;
  computedAt: string | null;
  corpusDate: string | null;
  corpusPapers: number | null;
  nearest: string | null;
}

// A paper_novelty row explains the paper's novelty only while it holds the paper's value: a write
// that set another value since made it supplied.
const SQL = `SELECT p.id AS paperId, p.novelty AS novelty, n.paper_id IS NOT NULL AS computed, n.method AS method,
    n.version AS version, n.computed_at AS computedAt, n.corpus_date AS corpusDate, n.corpus_papers AS corpusPapers,
    n.nearest AS nearest
  FROM papers p LEFT JOIN paper_novelty n ON n.paper_id = p.id AND n.novelty IS p.novelty
  WHERE p.id IN (SELECT value FROM json_each(?))`;

function toRecord(row: Row): NoveltyExplanationRecord | null {
  if (row.computed === 1) {
    const { method, version, computedAt, corpusDate, corpusPapers } = row;
    return { source: 'computed', method, version, computedAt, corpusDate, corpusPapers, nearest: JSON.parse(row.nearest!) as Neighbor[] };
  }
  if (row.novelty === null) return null;
  return { source: 'supplied', method: null, version: null, computedAt: null, corpusDate: null, corpusPapers: null, nearest: [] };
}

/** By paper id: null for a paper without a novelty (or no such paper). */
export function noveltyExplanationLoader(sqlite: Database.Database): DataLoader<number, NoveltyExplanationRecord | null> {
  return new DataLoader(async (ids) => {
    const rows = prepared(sqlite, SQL).all(keyList(ids)) as Row[];
    const byId = new Map(rows.map((row) => [row.paperId, toRecord(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
