// Novelty for a few new papers, from the database alone (./database-corpus): the same scores as
// the bulk run over the same corpus, to the bit. Nothing else is rescored: a new paper is earlier
// work only for papers published after it, which keep their scores until asked (--all).
import type Database from 'better-sqlite3';
import { keyList, prepared } from '../db/prepared';
import { refreshPendingAuthorMetrics } from '../services/author-metrics.service';
import { computeNoveltyInBulk, type NoveltyRunSummary } from './bulk';
import { DatabaseCorpus } from './database-corpus';
import { idfYear } from './measure';
import { isSupplied, PAPER_TEXT, writeResults, type PaperText } from './store';
import { refreshTermDf } from './term-df';

// Past this share of the corpus one pass over all of it (the bulk run, 0.5-1.1 ms a corpus paper)
// is cheaper than the index lookups of each paper (20-40 ms); the result is the same either way.
const BULK_SHARE = 0.025;
const BULK_FROM = 100;

function searchIndexSuspended(sqlite: Database.Database): boolean {
  return (prepared(sqlite, "SELECT count(*) FROM search_index_suspended WHERE sql LIKE 'CREATE TRIGGER%'").pluck().get() as number) > 0;
}

/**
 * Computes the novelty of these papers (those whose novelty is supplied are left alone) against
 * the papers published before each, and refreshes their authors' metrics. Meant for the papers an
 * import or a write just added: call it once the search index is up to date (a bulk load that
 * suspended it has resumed). Many papers at once, or a suspended search index, go through the
 * bulk run, which gives the same scores.
 */
export function computeNoveltyFor(sqlite: Database.Database, paperIds: readonly number[]): NoveltyRunSummary {
  const started = process.hrtime.bigint();
  const ids = [...new Set(paperIds)];
  const none = { computed: 0, withoutScore: 0, seconds: 0 };
  if (ids.length === 0) return none;
  // Counted only when it can matter: a count of a large table is a scan.
  const many = ids.length >= BULK_FROM && ids.length >= BULK_SHARE * (prepared(sqlite, 'SELECT count(*) FROM papers').pluck().get() as number);
  if (many || searchIndexSuspended(sqlite)) return computeNoveltyInBulk(sqlite, { scope: ids });

  const papers = (prepared(sqlite, `${PAPER_TEXT} WHERE p.id IN (SELECT value FROM json_each(?))`).all(keyList(ids)) as PaperText[])
    .filter((paper) => !isSupplied(paper))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  if (papers.length === 0) return none;
  refreshTermDf(sqlite, Math.max(...papers.map((paper) => idfYear(paper.date))));

  const corpus = new DatabaseCorpus(sqlite);
  const results = papers.map((paper) => corpus.score(paper));
  const written = new Set(sqlite.transaction(() => writeResults(sqlite, results, new Date().toISOString())).immediate());
  refreshPendingAuthorMetrics(sqlite);
  return {
    computed: written.size,
    withoutScore: results.filter((r) => r.novelty === null && written.has(r.paperId)).length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
