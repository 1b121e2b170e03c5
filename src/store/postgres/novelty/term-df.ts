// The document frequencies the backward IDF needs, per publication year in novelty_term_df, with
// in novelty_years which papers each year was counted from (../../sqlite/novelty/term-df.ts). On
// PostgreSQL several nodes may count at once: every transaction that writes these counts takes
// one advisory lock first, so that a year is never counted by two at once (one recount's delete
// would miss the rows the other inserts), and looks at the years' signatures again under it.
import type { Queryable } from '../db';
import { type YearCounts } from '../../../novelty/memory-corpus';
import { TOKENIZER_VERSION } from '../../../novelty/tokenize';
import { isStale, tallyYear, yearStart } from '../../../novelty/year-signature';

/** Runs work in a transaction: the caller's, or one of its own. */
export type Transact = <T>(work: (tx: Queryable) => Promise<T>) => Promise<T>;

// pg_advisory_xact_lock's key for the counts ('novelty' in ASCII).
const TERM_DF_LOCK = 0x6e6f76656c7479;
const ROWS_PER_INSERT = 50_000;

const lockCounts = (tx: Queryable) => tx.query('SELECT pg_advisory_xact_lock($1)', [TERM_DF_LOCK]);

async function insertCounts(tx: Queryable, year: number, terms: string[], counts: number[]): Promise<void> {
  for (let i = 0; i < terms.length; i += ROWS_PER_INSERT) {
    await tx.query('INSERT INTO novelty_term_df (term, year, df) SELECT t, $2, n FROM unnest($1::text[], $3::int4[]) AS u(t, n)', [
      terms.slice(i, i + ROWS_PER_INSERT),
      year,
      counts.slice(i, i + ROWS_PER_INSERT),
    ]);
  }
}

const UPSERT_YEAR = `INSERT INTO novelty_years (year, papers, id_sum, tokenizer) VALUES ($1, $2, $3, $4)
  ON CONFLICT (year) DO UPDATE SET papers = excluded.papers, id_sum = excluded.id_sum, tokenizer = excluded.tokenizer`;

async function writeYear(tx: Queryable, terms: readonly string[], { year, papers, idSum, termIds, counts }: YearCounts): Promise<void> {
  await insertCounts(tx, year, Array.from(termIds, (id) => terms[id]), Array.from(counts));
  await tx.query(UPSERT_YEAR, [year, papers, idSum, TOKENIZER_VERSION]);
}

/** Replaces every count with those of a bulk run (its years, its vocabulary), in the caller's transaction. */
export async function replaceTermDf(tx: Queryable, terms: readonly string[], years: readonly YearCounts[]): Promise<void> {
  await lockCounts(tx);
  await tx.query('DELETE FROM novelty_term_df');
  await tx.query('DELETE FROM novelty_years');
  for (const year of years) await writeYear(tx, terms, year);
}

/**
 * The same counts as replaceTermDf, a year per transaction (then the years no longer in the corpus
 * in one more), for a run beside a serving API: between two of them every year's rows still match
 * its novelty_years signature, which is all an incremental run relies on.
 */
export async function replaceTermDfYearByYear(transact: Transact, terms: readonly string[], years: readonly YearCounts[]): Promise<void> {
  for (const year of years) {
    await transact(async (tx) => {
      await lockCounts(tx);
      await tx.query('DELETE FROM novelty_term_df WHERE year = $1', [year.year]);
      await writeYear(tx, terms, year);
    });
  }
  const kept = years.map(({ year }) => year);
  await transact(async (tx) => {
    await lockCounts(tx);
    await tx.query('DELETE FROM novelty_term_df WHERE year <> ALL($1::int4[])', [kept]);
    await tx.query('DELETE FROM novelty_years WHERE year <> ALL($1::int4[])', [kept]);
  });
}

// Each year's number of papers and sum of ids from the first paper's year to the one before
// $1 (a range of the (published_at, id) index per year), beside what novelty_years says of it.
const SIGNATURES = `WITH actual AS (
    SELECT y AS year, count(p.id) AS papers, coalesce(sum(p.id), 0) AS id_sum
    FROM generate_series((SELECT substr(min(published_at), 1, 4)::int FROM papers), $1::int - 1) AS y
    LEFT JOIN papers p ON p.published_at >= lpad(y::text, 4, '0') || '-01-01' AND p.published_at < lpad((y + 1)::text, 4, '0') || '-01-01'
    GROUP BY y),
  kept AS (SELECT year, papers, id_sum, tokenizer FROM novelty_years WHERE year < $1)
  SELECT coalesce(actual.year, kept.year) AS year, coalesce(actual.papers, 0) AS papers, coalesce(actual.id_sum, 0) AS "idSum",
    kept.year IS NOT NULL AS "hasKept", kept.papers AS "keptPapers", kept.id_sum AS "keptIdSum", kept.tokenizer
  FROM actual FULL JOIN kept ON kept.year = actual.year`;

interface Signature {
  year: number;
  papers: number;
  idSum: number;
  hasKept: boolean;
  keptPapers: number | null;
  keptIdSum: number | null;
  tokenizer: number | null;
}

async function staleYears(tx: Queryable, beforeYear: number): Promise<Signature[]> {
  const { rows } = await tx.query<Signature>(SIGNATURES, [beforeYear]);
  return rows
    .filter((s) => isStale(s, s.hasKept ? { papers: s.keptPapers!, idSum: s.keptIdSum!, tokenizer: s.tokenizer } : null))
    .sort((a, b) => a.year - b.year);
}

/**
 * Brings the counts of every year before `beforeYear` in line with the papers: a year whose number
 * of papers, sum of ids or tokenizer changed is counted again from its papers, each year in a
 * transaction of `transact` (the caller's, for a write through the API). Returns the years counted again.
 */
export async function refreshTermDf(transact: Transact, beforeYear: number): Promise<number[]> {
  const stale = await transact((tx) => staleYears(tx, beforeYear));
  const counted: number[] = [];
  for (const { year } of stale) {
    await transact(async (tx) => {
      await lockCounts(tx);
      // Looked at again under the lock: another node may have counted it meanwhile.
      const now = (await staleYears(tx, year + 1)).find((s) => s.year === year);
      if (now) {
        await countYear(tx, year, now.hasKept);
        counted.push(year);
      }
    });
  }
  return counted;
}

async function countYear(tx: Queryable, year: number, hadRows: boolean): Promise<void> {
  const { rows } = await tx.query<{ id: number; title: string; abstract: string }>(
    'SELECT id, title, abstract FROM papers WHERE published_at >= $1 AND published_at < $2',
    [yearStart(year), yearStart(year + 1)],
  );
  const { papers, idSum, df } = tallyYear(rows);
  // A year never counted has no rows: skip the delete, which scans the table.
  if (hadRows) await tx.query('DELETE FROM novelty_term_df WHERE year = $1', [year]);
  await insertCounts(tx, year, [...df.keys()], [...df.values()]);
  if (papers === 0) await tx.query('DELETE FROM novelty_years WHERE year = $1', [year]);
  else await tx.query(UPSERT_YEAR, [year, papers, idSum, TOKENIZER_VERSION]);
}

/** Papers published before the start of `year`, as counted (call refreshTermDf first). */
export async function papersBeforeYear(tx: Queryable, year: number): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT coalesce(sum(papers), 0) AS n FROM novelty_years WHERE year < $1', [year]);
  return rows[0].n;
}

/** How many papers published before `year` contain each term (0 for a term none has). */
export async function documentFrequencies(tx: Queryable, terms: readonly string[], year: number): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ term: string; df: number }>(
    'SELECT term, sum(df) AS df FROM novelty_term_df WHERE term = ANY($1::text[]) AND year < $2 GROUP BY term',
    [terms, year],
  );
  const byTerm = new Map<string, number>(terms.map((term) => [term, 0]));
  for (const { term, df } of rows) byTerm.set(term, df);
  return byTerm;
}
