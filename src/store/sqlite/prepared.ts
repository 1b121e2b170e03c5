// One prepared statement per SQL text per database, built on first use and reused after: a
// read then costs a bind and a step, not a parse and a plan.
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** Binds a list of keys as one JSON parameter, so a batch of any size is one statement. */
export function keyList(keys: readonly number[]): string {
  return JSON.stringify(keys);
}
