// The floor's database: the same file and connection settings as the API (src/store/sqlite/client.ts),
// statements counted the same way; each handler prepares its statements once, at start.
import Database from 'better-sqlite3';
import { configureConnection } from '../../src/store/sqlite/client';
import { countStatements, type StatementCounter } from '../../src/store/sqlite/statement-counter';

export interface FloorDb {
  sqlite: Database.Database;
  statements: StatementCounter;
}

export function openFloorDatabase(file: string): FloorDb {
  const sqlite = new Database(file, { fileMustExist: true });
  const statements = countStatements(sqlite);
  configureConnection(sqlite);
  return { sqlite, statements };
}
