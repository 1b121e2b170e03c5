-- Novelty computed from the corpus (src/novelty). A paper's papers.novelty holds its value either
-- way; a row here says the server computed it, how, and against what. A paper whose novelty is
-- set and has no row here, or a row whose value is no longer the paper's (a write replaced it),
-- was supplied: the existing write paths need not know this table.
CREATE TABLE `paper_novelty` (
	`paper_id` integer PRIMARY KEY NOT NULL REFERENCES `papers`(`id`) ON DELETE CASCADE,
	-- The value written to papers.novelty; NULL when the paper had no earlier paper or no words.
	`novelty` real,
	`method` text NOT NULL,
	`version` integer NOT NULL,
	-- Earlier work is what was published before this date (the paper's own publication date).
	`corpus_date` text NOT NULL,
	-- How many papers were published before corpus_date when the value was computed.
	`corpus_papers` integer NOT NULL,
	-- JSON [{"paperId": 12, "similarity": 0.83}, ...]: the nearest earlier papers, best first.
	`nearest` text NOT NULL,
	`computed_at` text NOT NULL,
	CONSTRAINT `paper_novelty_range` CHECK (`novelty` IS NULL OR `novelty` BETWEEN 0 AND 1),
	CONSTRAINT `paper_novelty_nearest_json` CHECK (json_valid(`nearest`) AND json_type(`nearest`) = 'array'),
	CONSTRAINT `paper_novelty_counts` CHECK (`corpus_papers` >= 0 AND `version` >= 1)
);
--> statement-breakpoint
-- Document frequencies by publication year: how many papers of `year` contain `term`. The
-- backward IDF of a paper published in year Y sums the rows of the years before Y.
CREATE TABLE `novelty_term_df` (
	`term` text NOT NULL,
	`year` integer NOT NULL,
	`df` integer NOT NULL,
	PRIMARY KEY (`term`, `year`),
	CONSTRAINT `novelty_term_df_positive` CHECK (`df` > 0)
) WITHOUT ROWID;
--> statement-breakpoint
-- Which papers each year's rows of novelty_term_df were counted from (their number and the sum
-- of their ids) and with which tokenizer: a year whose papers changed since is counted again.
CREATE TABLE `novelty_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`papers` integer NOT NULL,
	`id_sum` integer NOT NULL,
	`tokenizer` integer NOT NULL
);
