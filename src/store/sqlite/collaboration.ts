// The co-author graph, as the collaboration path search reads it (src/services/
// collaboration-path.service.ts): the links of a level of the search, one statement each, and
// the papers behind each step of a path found.
import type Database from 'better-sqlite3';
import { keyList, prepared } from './prepared';
import { PAPER_COLUMNS, toPaper, type PaperRecord } from './records';
import type { CoauthorLink, StepLinks } from '../types';

// Links, not papers: DISTINCT keeps one row per pair however many papers they share, and LIMIT
// stops the statement as soon as the level is known to be too big.
const NEIGHBOURS = `SELECT DISTINCT mine.author_id AS fromId, theirs.author_id AS toId
    FROM authorships mine
    JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
   WHERE mine.author_id IN (SELECT value FROM json_each(?))
   LIMIT ?`;

export function coauthorLinks(sqlite: Database.Database, authorIds: readonly number[], limit: number): CoauthorLink[] {
  return prepared(sqlite, NEIGHBOURS).all(keyList(authorIds), limit) as CoauthorLink[];
}

const STEP_PAPERS = `SELECT * FROM (
    SELECT CAST(step.key AS INTEGER) AS step, COUNT(*) OVER (PARTITION BY step.key) AS sharedPaperCount,
           ROW_NUMBER() OVER (PARTITION BY step.key ORDER BY p.published_at DESC, p.id DESC) AS rank, ${PAPER_COLUMNS}
      FROM json_each(?) step
      JOIN authorships mine ON mine.author_id = json_extract(step.value, '$[0]')
      JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id = json_extract(step.value, '$[1]')
      JOIN papers p ON p.id = mine.paper_id
  ) WHERE rank <= ? ORDER BY step, rank`;

export function stepLinks(sqlite: Database.Database, steps: readonly (readonly [number, number])[], papersPerStep: number): StepLinks[] {
  if (steps.length === 0) return [];
  const rows = prepared(sqlite, STEP_PAPERS).all(JSON.stringify(steps), papersPerStep) as (PaperRecord & {
    step: number;
    sharedPaperCount: number;
    rank: number;
  })[];
  const links: StepLinks[] = steps.map(() => ({ sharedPaperCount: 0, papers: [] }));
  for (const { step, sharedPaperCount, rank: _rank, ...paper } of rows) {
    links[step].sharedPaperCount = sharedPaperCount;
    links[step].papers.push(toPaper(paper));
  }
  return links;
}
