// What every resolver gets: the database and this request's loaders.
import type Database from 'better-sqlite3';
import { type Loaders } from '../loaders';

export interface Context {
  sqlite: Database.Database;
  loaders: Loaders;
}
