// The co-author graph on PostgreSQL, as the collaboration path search reads it (src/services/
// collaboration-path.service.ts): the links of a level of the search, one statement each, and
// the papers behind each step of a path found.
import { rows, type PgDb } from './db';
import { PAPER_COLUMNS } from './records';
import type { CoauthorLink, PaperRecord, StepLinks } from '../types';

// Links, not papers: DISTINCT keeps one row per pair however many papers they share, and LIMIT
// stops the statement as soon as the level is known to be too big. Ids bound as int8 (as in
// ./batch-reads.ts): one beyond the int4 ids finds nothing, as on SQLite, instead of failing.
const NEIGHBOURS = `SELECT DISTINCT mine.author_id AS "fromId", theirs.author_id AS "toId"
    FROM authorships mine
    JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id <> mine.author_id
   WHERE mine.author_id = ANY($1::int8[])
   LIMIT $2`;

export async function coauthorLinks(db: PgDb, authorIds: readonly number[], limit: number): Promise<CoauthorLink[]> {
  return rows<CoauthorLink>(db, NEIGHBOURS, [authorIds, limit]);
}

// The steps as two arrays, from and to, numbered from 1 by ORDINALITY.
const STEP_PAPERS = `SELECT * FROM (
    SELECT step.n - 1 AS step, count(*) OVER (PARTITION BY step.n) AS "sharedPaperCount",
           row_number() OVER (PARTITION BY step.n ORDER BY p.published_at DESC, p.id DESC) AS rank, ${PAPER_COLUMNS}
      FROM unnest($1::int8[], $2::int8[]) WITH ORDINALITY AS step (from_id, to_id, n)
      JOIN authorships mine ON mine.author_id = step.from_id
      JOIN authorships theirs ON theirs.paper_id = mine.paper_id AND theirs.author_id = step.to_id
      JOIN papers p ON p.id = mine.paper_id
  ) ranked WHERE rank <= $3 ORDER BY step, rank`;

export async function stepLinks(db: PgDb, steps: readonly (readonly [number, number])[], papersPerStep: number): Promise<StepLinks[]> {
  if (steps.length === 0) return [];
  const found = await rows<PaperRecord & { step: number; sharedPaperCount: number; rank: number }>(db, STEP_PAPERS, [
    steps.map(([from]) => from),
    steps.map(([, to]) => to),
    papersPerStep,
  ]);
  const links: StepLinks[] = steps.map(() => ({ sharedPaperCount: 0, papers: [] }));
  for (const { step, sharedPaperCount, rank: _rank, ...paper } of found) {
    links[step].sharedPaperCount = sharedPaperCount;
    links[step].papers.push(paper);
  }
  return links;
}
