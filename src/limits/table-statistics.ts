// The sizes the query cost prices aggregates by: how many papers, authors and authorships a
// count or a page's stats may have to scan. Read from the tables' largest row ids (one index
// step each, not a count), so the figures are upper bounds after deletes, and remembered for
// a few seconds: the cost of a query changes with the data, not with every request.
import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { withoutCounting } from '../db/statement-counter';

export interface TableStatistics {
  papers: number;
  authors: number;
  authorships: number;
}

/** An empty database: aggregates cost nothing beyond their connection. */
export const NO_ROWS: TableStatistics = { papers: 0, authors: 0, authorships: 0 };

const MAX_AGE_MS = 10_000;

const SIZES_SQL = `SELECT (SELECT max(id) FROM papers) AS papers, (SELECT max(id) FROM authors) AS authors,
  (SELECT max(rowid) FROM authorships) AS authorships`;

const remembered = new WeakMap<Database.Database, { at: number; statistics: TableStatistics }>();

/** `sqlite`'s table sizes, read at most once per MAX_AGE_MS. */
export function tableStatistics(sqlite: Database.Database, now = Date.now()): TableStatistics {
  const known = remembered.get(sqlite);
  if (known && now - known.at < MAX_AGE_MS) return known.statistics;
  const row = withoutCounting(() => prepared(sqlite, SIZES_SQL).get()) as Record<keyof TableStatistics, number | null>;
  const statistics = { papers: row.papers ?? 0, authors: row.authors ?? 0, authorships: row.authorships ?? 0 };
  remembered.set(sqlite, { at: now, statistics });
  return statistics;
}
