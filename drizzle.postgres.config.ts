import { defineConfig } from 'drizzle-kit';

// The PostgreSQL schema (issue 19) beside SQLite's drizzle.config.ts: its own tables file and
// its own migrations, since the two dialects' DDL differ (identity columns, tsvector, GIN).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/postgres/schema.ts',
  out: './migrations/postgres',
});
