// Bulk loads that index once at the end instead of row by row.
//
// FTS5 flushes its pending index data at every statement savepoint, and SQLite opens one for
// every write to a table with triggers: through the sync triggers of migrations 0002/0003 each
// inserted row becomes its own tiny index segment, merged again and again. A million generated
// papers took ~16 min to load that way against ~2 without the triggers; rebuilding both indexes
// from scratch takes ~16 s.
import type Database from 'better-sqlite3';

const SEARCH_INDEXES = ['papers_fts', 'authors_fts'] as const;

// The secondary indexes a large load may defer (deferSecondaryIndexes): the orderings and filters
// of papers, and the by-name and by-author lookups. Unique indexes stay: the load itself needs them.
export const DEFERRABLE_INDEXES = [
  'papers_published_at_idx',
  'papers_citation_count_idx',
  'papers_score_idx',
  'papers_title_idx',
  'papers_novelty_idx',
  'papers_category_idx',
  'papers_topic_idx',
  'authors_name_idx',
  'authorships_author_paper_idx',
] as const;

/**
 * Takes the search-index triggers off, keeping their SQL in search_index_suspended (migration
 * 0004) so that resumeSearchIndexing can put them back even after a crash. Until then the
 * indexes miss every change to papers and authors, from any connection.
 */
export function suspendSearchIndexing(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    const triggers = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (${SEARCH_INDEXES.map(() => 'name GLOB ?').join(' OR ')})`)
      .all(...SEARCH_INDEXES.map((index) => `${index}_*`)) as { name: string; sql: string }[];
    const keep = sqlite.prepare('INSERT OR REPLACE INTO search_index_suspended (name, sql) VALUES (?, ?)');
    for (const trigger of triggers) {
      keep.run(trigger.name, trigger.sql);
      sqlite.exec(`DROP TRIGGER "${trigger.name.replace(/"/g, '""')}"`);
    }
  })();
}

/**
 * Drops DEFERRABLE_INDEXES, keeping their SQL in search_index_suspended beside the suspended
 * triggers: rebuilding an index once from a full table is faster than keeping it up row by row
 * through a load of a size like the table's. Until restoreDeferredIndexes (or
 * resumeSearchIndexing, which a start calls) the queries that need them scan.
 */
export function deferSecondaryIndexes(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    const find = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck();
    const keep = sqlite.prepare('INSERT OR REPLACE INTO search_index_suspended (name, sql) VALUES (?, ?)');
    for (const name of DEFERRABLE_INDEXES) {
      const sql = find.get(name) as string | undefined;
      if (!sql) continue;
      keep.run(name, sql);
      sqlite.exec(`DROP INDEX "${name}"`);
    }
  })();
}

/** Creates the indexes deferSecondaryIndexes dropped (from their kept SQL), in one transaction. */
export function restoreDeferredIndexes(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    const indexes = sqlite
      .prepare(`SELECT name, sql FROM search_index_suspended WHERE sql LIKE 'CREATE INDEX%' OR sql LIKE 'CREATE UNIQUE INDEX%'`)
      .all() as { name: string; sql: string }[];
    const forget = sqlite.prepare('DELETE FROM search_index_suspended WHERE name = ?');
    for (const index of indexes) {
      sqlite.exec(index.sql);
      forget.run(index.name);
    }
  })();
}

/**
 * Puts suspended triggers and deferred indexes back and rebuilds the search indexes from the
 * tables, in one transaction. `rebuild: false` is for a caller that knows the tables did not
 * change while the triggers were off.
 * Cheap when nothing is suspended, so a start can call it to finish a load that was killed.
 * Returns whether there was anything to resume.
 */
export function resumeSearchIndexing(sqlite: Database.Database, { rebuild = true }: { rebuild?: boolean } = {}): boolean {
  return sqlite.transaction(() => {
    const suspended = sqlite.prepare('SELECT name, sql FROM search_index_suspended').all() as { name: string; sql: string }[];
    if (suspended.length === 0) return false;
    for (const { sql } of suspended) sqlite.exec(sql);
    sqlite.prepare('DELETE FROM search_index_suspended').run();
    if (rebuild && suspended.some(({ sql }) => /^CREATE TRIGGER/i.test(sql))) {
      for (const index of SEARCH_INDEXES) sqlite.exec(`INSERT INTO ${index}(${index}) VALUES ('rebuild')`);
    }
    return true;
  })();
}

/** Runs `load` (which may commit as it goes) with indexing suspended, then resumes it. */
export function withSearchIndexingDeferred<T>(sqlite: Database.Database, load: () => T): T {
  suspendSearchIndexing(sqlite);
  try {
    return load();
  } finally {
    resumeSearchIndexing(sqlite);
  }
}

/** How a bulk load tunes its connection; left out, a setting keeps its value. */
export interface BulkLoadSettings {
  /** The page cache, in KiB (SQLite's default is 2 MB). */
  cacheKib?: number;
  /** The memory map's ceiling, in bytes. */
  mmapBytes?: number;
  /** How many WAL pages before they are copied back into the database (SQLite's default: 1,000). */
  walPagesPerCheckpoint?: number;
  /** false: commits are not synced to disk (a load that can be run again, e.g. a generated corpus). */
  durable?: boolean;
}

const PRAGMAS: Record<keyof BulkLoadSettings, (value: number | boolean) => [string, number]> = {
  cacheKib: (kib) => ['cache_size', -Number(kib)],
  mmapBytes: (bytes) => ['mmap_size', Number(bytes)],
  walPagesPerCheckpoint: (pages) => ['wal_autocheckpoint', Number(pages)],
  durable: (durable) => ['synchronous', durable ? 1 : 0],
};

/**
 * Tunes the connection for a bulk load, now; the function returned puts back what was there
 * before (call it in a finally: the settings are the connection's, not the load's).
 */
export function tuneForBulkLoad(sqlite: Database.Database, settings: BulkLoadSettings): () => void {
  const changes = (Object.entries(settings) as [keyof BulkLoadSettings, number | boolean | undefined][])
    .filter(([, value]) => value !== undefined)
    .map(([setting, value]) => PRAGMAS[setting](value!));
  const before = changes.map(([pragma]) => [pragma, sqlite.pragma(pragma, { simple: true })] as const);
  for (const [pragma, value] of changes) sqlite.pragma(`${pragma} = ${value}`);
  return () => {
    for (const [pragma, value] of before) sqlite.pragma(`${pragma} = ${value}`);
  };
}

/** The external ids of the stored papers that have the form of a new-style arXiv id (2501.01234). */
export function storedArxivStyleIds(sqlite: Database.Database): Set<string> {
  return new Set(
    sqlite.prepare("SELECT external_id FROM papers WHERE external_id GLOB '[0-9][0-9][0-9][0-9].[0-9][0-9][0-9][0-9][0-9]'").pluck().all() as string[],
  );
}
