// What a start asks of the database before it serves it (src/bootstrap.ts), on the connection it
// has just migrated.
import type Database from 'better-sqlite3';

/** Whether the database holds neither papers nor authors: a new one, to seed with the demo data. */
export function holdsNoData(sqlite: Database.Database): boolean {
  const { empty } = sqlite.prepare('SELECT NOT EXISTS (SELECT 1 FROM papers) AND NOT EXISTS (SELECT 1 FROM authors) AS empty').get() as { empty: number };
  return empty === 1;
}
