// The floor's database: the same file and pragmas as the API (src/db/client.ts), statements
// counted the same way, and every statement prepared once, when the server starts.
import Database from 'better-sqlite3';
import { countStatements, type StatementCounter } from '../../src/db/statement-counter';

export interface FloorDb {
  sqlite: Database.Database;
  statements: StatementCounter;
}

export function openFloorDatabase(file: string): FloorDb {
  const sqlite = new Database(file, { fileMustExist: true });
  const statements = countStatements(sqlite);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return { sqlite, statements };
}
