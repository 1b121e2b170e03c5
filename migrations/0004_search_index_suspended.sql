-- The sync triggers of papers_fts and authors_fts while a bulk load has them off
-- (src/search/bulk-load.ts): kept in the database, so that a load killed half way can still
-- put them back and rebuild the indexes on the next start.
CREATE TABLE `search_index_suspended` (
	`name` text PRIMARY KEY NOT NULL,
	`sql` text NOT NULL
);
