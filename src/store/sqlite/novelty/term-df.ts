// The document frequencies the backward IDF needs, kept per publication year in novelty_term_df
// (migration 0009) with, in novelty_years, which papers each year was counted from. The bulk run
// writes them all; an incremental run first counts again any year whose papers changed since
// (papers added, deleted or moved, by any path), so that both always use the corpus as it is.
import type Database from 'better-sqlite3';
import { prepared } from '../prepared';
import { type YearCounts } from '../../../novelty/memory-corpus';
import { TOKENIZER_VERSION } from '../../../novelty/tokenize';
import { isStale, tallyYear, yearStart, type YearSignature } from '../../../novelty/year-signature';

const INSERT_DF = 'INSERT INTO novelty_term_df (term, year, df) VALUES (?, ?, ?)';
const INSERT_YEAR = 'INSERT OR REPLACE INTO novelty_years (year, papers, id_sum, tokenizer) VALUES (?, ?, ?, ?)';

/** Replaces every count with those of a bulk run (its years, its vocabulary), in the caller's transaction. */
export function replaceTermDf(sqlite: Database.Database, terms: readonly string[], years: readonly YearCounts[]): void {
  sqlite.prepare('DELETE FROM novelty_term_df').run();
  sqlite.prepare('DELETE FROM novelty_years').run();
  const insert = prepared(sqlite, INSERT_DF);
  const insertYear = prepared(sqlite, INSERT_YEAR);
  for (const { year, papers, idSum, termIds, counts } of years) {
    for (let i = 0; i < termIds.length; i++) insert.run(terms[termIds[i]], year, counts[i]);
    insertYear.run(year, papers, idSum, TOKENIZER_VERSION);
  }
}

/**
 * The same counts as replaceTermDf, each year in its own immediate transaction (then the years
 * no longer in the corpus in one more), so that a run beside a serving API never holds the write
 * lock for the whole vocabulary. Between two of them every year's rows still match its
 * novelty_years signature, which is all an incremental run relies on (refreshTermDf).
 */
export function replaceTermDfYearByYear(sqlite: Database.Database, terms: readonly string[], years: readonly YearCounts[]): void {
  const insert = prepared(sqlite, INSERT_DF);
  const insertYear = prepared(sqlite, INSERT_YEAR);
  for (const { year, papers, idSum, termIds, counts } of years) {
    sqlite
      .transaction(() => {
        // No index by year: a scan, but of one table, once a year, in a short transaction.
        prepared(sqlite, 'DELETE FROM novelty_term_df WHERE year = ?').run(year);
        for (let i = 0; i < termIds.length; i++) insert.run(terms[termIds[i]], year, counts[i]);
        insertYear.run(year, papers, idSum, TOKENIZER_VERSION);
      })
      .immediate();
  }
  const kept = JSON.stringify(years.map(({ year }) => year));
  sqlite
    .transaction(() => {
      prepared(sqlite, 'DELETE FROM novelty_term_df WHERE year NOT IN (SELECT value FROM json_each(?))').run(kept);
      prepared(sqlite, 'DELETE FROM novelty_years WHERE year NOT IN (SELECT value FROM json_each(?))').run(kept);
    })
    .immediate();
}

// Each year's number of papers and sum of ids, read from the (published_at, id) index one range
// per year: a few milliseconds per 100,000 papers.
const YEAR_SIGNATURES = `SELECT y.value AS year, (SELECT json_array(count(*), ifnull(sum(id), 0)) FROM papers
    WHERE published_at >= printf('%04d-01-01', y.value) AND published_at < printf('%04d-01-01', y.value + 1)) AS signature
  FROM json_each(?) y`;

/**
 * Brings the counts of every year before `beforeYear` in line with the papers: a year whose
 * number of papers, sum of ids or tokenizer changed is counted again from its papers, each in its
 * own immediate transaction. Returns the years counted again.
 */
export function refreshTermDf(sqlite: Database.Database, beforeYear: number): number[] {
  const first = prepared(sqlite, 'SELECT min(published_at) FROM papers').pluck().get() as string | null;
  const years: number[] = [];
  for (let year = first === null ? beforeYear : Number(first.slice(0, 4)); year < beforeYear; year++) years.push(year);
  const actual = (prepared(sqlite, YEAR_SIGNATURES).all(JSON.stringify(years)) as { year: number; signature: string }[]).map(({ year, signature }) => {
    const [papers, idSum] = JSON.parse(signature) as [number, number];
    return { year, papers, idSum };
  });
  const kept = prepared(sqlite, 'SELECT year, papers, id_sum AS idSum, tokenizer FROM novelty_years WHERE year < ?').all(beforeYear) as (YearSignature & {
    year: number;
    tokenizer: number;
  })[];
  const keptByYear = new Map(kept.map((row) => [row.year, row]));
  const stale = new Set<number>();
  for (const row of actual) if (isStale(row, keptByYear.get(row.year) ?? null)) stale.add(row.year);
  const counted = new Set(actual.map((row) => row.year));
  for (const row of kept) if (!counted.has(row.year)) stale.add(row.year);
  for (const year of stale) countYear(sqlite, year, keptByYear.has(year));
  return [...stale].sort((a, b) => a - b);
}

function countYear(sqlite: Database.Database, year: number, hadRows: boolean): void {
  sqlite
    .transaction(() => {
      const rows = prepared(sqlite, 'SELECT id, title, abstract FROM papers WHERE published_at >= ? AND published_at < ?').iterate(
        yearStart(year),
        yearStart(year + 1),
      ) as IterableIterator<{ id: number; title: string; abstract: string }>;
      const { papers, idSum, df } = tallyYear(rows);
      // A year never counted has no rows: skip the delete, which scans the table.
      if (hadRows) prepared(sqlite, 'DELETE FROM novelty_term_df WHERE year = ?').run(year);
      const insert = prepared(sqlite, INSERT_DF);
      for (const [term, n] of df) insert.run(term, year, n);
      if (papers === 0) prepared(sqlite, 'DELETE FROM novelty_years WHERE year = ?').run(year);
      else prepared(sqlite, INSERT_YEAR).run(year, papers, idSum, TOKENIZER_VERSION);
    })
    .immediate();
}

/** Papers published before the start of `year`, as counted (call refreshTermDf first). */
export function papersBeforeYear(sqlite: Database.Database, year: number): number {
  return prepared(sqlite, 'SELECT ifnull(sum(papers), 0) FROM novelty_years WHERE year < ?').pluck().get(year) as number;
}

/** How many papers published before `year` contain each term (0 for a term none has). */
export function documentFrequencies(sqlite: Database.Database, terms: readonly string[], year: number): Map<string, number> {
  const rows = prepared(
    sqlite,
    `SELECT term, sum(df) AS df FROM novelty_term_df
      WHERE term IN (SELECT value FROM json_each(?)) AND year < ? GROUP BY term`,
  ).all(JSON.stringify(terms), year) as { term: string; df: number }[];
  const byTerm = new Map<string, number>(terms.map((term) => [term, 0]));
  for (const { term, df } of rows) byTerm.set(term, df);
  return byTerm;
}
