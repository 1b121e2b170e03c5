// Brings a database file to a servable state: migrated, and holding the demo data when it was
// empty. A database that has data keeps it.
import { migrateDatabase, openDatabase, type Db } from './db/client';
import { writeDemoProfile } from '../seeds/demo-profile';

export interface PreparedDatabase {
  db: Db;
  seeded: boolean;
}

export function prepareDatabase(file: string, { seedDemoData = true } = {}): PreparedDatabase {
  const db = openDatabase(file);
  migrateDatabase(db);
  const empty = db.sqlite.prepare('SELECT NOT EXISTS (SELECT 1 FROM papers) AND NOT EXISTS (SELECT 1 FROM authors) AS empty').get() as { empty: number };
  const seeded = seedDemoData && empty.empty === 1;
  if (seeded) writeDemoProfile(db);
  return { db, seeded };
}
