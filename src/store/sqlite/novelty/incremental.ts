// Novelty for a few new papers, from the database alone (./database-corpus): the same scores as
// the bulk run over the same corpus, to the bit. Nothing else is rescored: a new paper is earlier
// work only for papers published after it, which keep their scores until asked (--all).
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../prepared';
import { refreshPendingAuthorMetrics } from '../author-metrics';
import { computeNoveltyInBulk, type NoveltyRunOptions } from './bulk';
import { DatabaseCorpus } from './database-corpus';
import { type NoveltyResult } from '../../../novelty/measure';
import * as plan from '../../../novelty/run-plan';
import { latestIdfYear, papersToScore, RunTally, stopwatch } from '../../../novelty/runs';
import { type NoveltyRunSummary } from '../../novelty-types';
import { markNoveltyPending, PAPER_TEXT, writeResults, type PaperText } from './results';
import { refreshTermDf } from './term-df';

/**
 * See NoveltyRunOptions. Run one at a time from the indexes, the papers are written batchSize per
 * transaction (all in one by default) and shouldStop is asked before each paper.
 */
export type IncrementalOptions = Pick<NoveltyRunOptions, 'refreshMetrics' | 'batchSize' | 'shouldStop' | 'shortTransactions' | 'onlyPending'>;

/** The corpus's size, counted only when it can matter to a run of this many papers (a count of a large table is a scan). */
export function corpusSizeFor(sqlite: Database.Database, papers: number): number | null {
  if (!plan.mayRunInBulk(papers)) return null;
  return prepared(sqlite, 'SELECT count(*) FROM papers').pluck().get() as number;
}

function runsInBulk(sqlite: Database.Database, papers: number): boolean {
  const corpus = corpusSizeFor(sqlite, papers);
  return corpus !== null && plan.runsInBulk(papers, corpus);
}

function searchIndexSuspended(sqlite: Database.Database): boolean {
  return (prepared(sqlite, "SELECT count(*) FROM search_index_suspended WHERE sql LIKE 'CREATE TRIGGER%'").pluck().get() as number) > 0;
}

/** These papers, those whose novelty is supplied left out, in publication order. */
function readPapersToScore(sqlite: Database.Database, ids: readonly number[]): PaperText[] {
  return papersToScore(prepared(sqlite, `${PAPER_TEXT} WHERE p.id IN (SELECT value FROM json_each(?))`).all(keyList(ids)) as PaperText[]);
}

/**
 * The database's own indexes, ready to score these papers (in publication order); the search
 * index must be up to date. Counts again the document frequencies of the years whose papers
 * changed, each in a transaction of its own (a savepoint inside the caller's).
 */
function corpusFor(sqlite: Database.Database, papers: readonly PaperText[]): DatabaseCorpus {
  refreshTermDf(sqlite, latestIdfYear(papers));
  return new DatabaseCorpus(sqlite);
}

function scoreFromDatabase(sqlite: Database.Database, papers: readonly PaperText[]): NoveltyResult[] {
  const corpus = corpusFor(sqlite, papers);
  return papers.map((paper) => corpus.score(paper));
}

/**
 * Computes the novelty of these papers (those whose novelty is supplied are left alone) against
 * the papers published before each, and refreshes their authors' metrics. Meant for the papers an
 * import or a write just added: call it once the search index is up to date (a bulk load that
 * suspended it has resumed). Many papers at once, or a suspended search index, go through the
 * bulk run, which gives the same scores.
 */
export function computeNoveltyFor(sqlite: Database.Database, paperIds: readonly number[], options: IncrementalOptions = {}): NoveltyRunSummary {
  const seconds = stopwatch();
  const ids = [...new Set(paperIds)];
  const none = { computed: 0, withoutScore: 0, seconds: 0 };
  if (ids.length === 0) return none;
  if (runsInBulk(sqlite, ids.length) || searchIndexSuspended(sqlite)) return computeNoveltyInBulk(sqlite, { scope: ids, ...options });

  const papers = readPapersToScore(sqlite, ids);
  if (papers.length === 0) return none;
  const corpus = corpusFor(sqlite, papers);
  const computedAt = new Date().toISOString();
  const batchSize = options.batchSize ?? papers.length;
  const tally = new RunTally();
  let stopped = false;
  for (let from = 0; from < papers.length && !stopped; from += batchSize) {
    const batch: NoveltyResult[] = [];
    for (const paper of papers.slice(from, from + batchSize)) {
      if ((stopped = options.shouldStop?.() ?? false)) break;
      batch.push(corpus.score(paper));
    }
    if (stopped) break;
    tally.add(batch, new Set(sqlite.transaction(() => writeResults(sqlite, batch, computedAt, { onlyPending: options.onlyPending })).immediate()));
  }
  if (!stopped && (options.refreshMetrics ?? true)) refreshPendingAuthorMetrics(sqlite);
  const summary = { computed: tally.computed, withoutScore: tally.withoutScore, seconds: seconds() };
  return stopped ? { ...summary, stopped } : summary;
}

/**
 * For a write through the API, inside its transaction: scores these papers (not those whose
 * novelty is supplied) and returns the ids written. The authors are not marked: the write
 * refreshes its own authors' metrics after this, in the same transaction. With the search index
 * suspended (a bulk import in progress, or killed), the papers are marked pending instead and the
 * import's end, or the next start, scores them: the alternative, a bulk run over the whole corpus,
 * has no place inside a write.
 */
export function scoreWrittenPapers(sqlite: Database.Database, paperIds: readonly number[]): number[] {
  const papers = readPapersToScore(sqlite, [...new Set(paperIds)]);
  if (papers.length === 0) return [];
  if (searchIndexSuspended(sqlite)) {
    markNoveltyPending(sqlite, papers.map((paper) => paper.id));
    return [];
  }
  return writeResults(sqlite, scoreFromDatabase(sqlite, papers), new Date().toISOString(), { markAuthors: false });
}
