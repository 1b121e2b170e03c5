// Novelty for a few papers, from the database alone (./database-corpus), in the caller's
// transaction: the same scores as the bulk run over the same corpus, to the bit
// (../../sqlite/novelty/incremental.ts). Nothing else is rescored: a new paper is earlier work
// only for papers published after it. (PostgreSQL's search columns never fall behind their rows:
// there is no suspended index to wait for, as there is on SQLite during a bulk load.)
import { type Queryable } from '../db';
import { type NoveltyResult } from '../../../novelty/measure';
import * as plan from '../../../novelty/run-plan';
import { latestIdfYear, papersToScore } from '../../../novelty/runs';
import { DatabaseCorpus } from './database-corpus';
import { PAPER_TEXT, writeResults, type PaperText, type WriteResultsOptions } from './results';
import { refreshTermDf } from './term-df';

/** The corpus's size, counted only when it can matter to a run of this many papers (a count of a large table is a scan). */
export async function corpusSizeFor(tx: Queryable, papers: number): Promise<number | null> {
  if (!plan.mayRunInBulk(papers)) return null;
  const { rows } = await tx.query<{ n: number }>('SELECT count(*) AS n FROM papers');
  return rows[0].n;
}

/**
 * Scores these papers (those whose novelty is supplied left out) and writes the results, in the
 * caller's transaction; the document frequencies of the years whose papers changed are counted
 * again first, in it too. Returns the results and the papers written.
 */
export async function scoreFromDatabase(
  tx: Queryable,
  paperIds: readonly number[],
  options: WriteResultsOptions = {},
): Promise<{ results: NoveltyResult[]; written: number[] }> {
  const { rows } = await tx.query<PaperText>(`${PAPER_TEXT} WHERE p.id = ANY($1::int4[])`, [[...new Set(paperIds)]]);
  const papers = papersToScore(rows);
  if (papers.length === 0) return { results: [], written: [] };
  await refreshTermDf((work) => work(tx), latestIdfYear(papers));
  const corpus = new DatabaseCorpus(tx);
  const results: NoveltyResult[] = [];
  for (const paper of papers) results.push(await corpus.score(paper));
  return { results, written: await writeResults(tx, results, new Date().toISOString(), options) };
}

/**
 * For a write through the API, inside its transaction: scores these papers (not those whose
 * novelty is supplied) and returns the ids written. The authors are not marked: the write
 * refreshes its own authors' metrics after this, in the same transaction.
 */
export async function scoreWrittenPapers(tx: Queryable, paperIds: readonly number[]): Promise<number[]> {
  return (await scoreFromDatabase(tx, paperIds, { markAuthors: false })).written;
}
