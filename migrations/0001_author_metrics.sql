CREATE TABLE `author_metrics` (
	`author_id` integer PRIMARY KEY NOT NULL,
	`paper_count` integer NOT NULL,
	`citation_count` integer NOT NULL,
	`h_index` integer NOT NULL,
	`i10_index` integer NOT NULL,
	`g_index` integer NOT NULL,
	`novelty` real,
	`ai_score` real,
	`primary_category` text,
	`novelty_key` real GENERATED ALWAYS AS (ifnull(novelty, -1)) VIRTUAL,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "author_metrics_counts" CHECK("author_metrics"."paper_count" >= 0 AND "author_metrics"."citation_count" >= 0 AND "author_metrics"."h_index" BETWEEN 0 AND "author_metrics"."paper_count" AND "author_metrics"."g_index" BETWEEN "author_metrics"."h_index" AND "author_metrics"."paper_count" AND "author_metrics"."i10_index" BETWEEN 0 AND "author_metrics"."paper_count")
);
--> statement-breakpoint
CREATE INDEX `author_metrics_h_index_idx` ON `author_metrics` (`h_index`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_citation_count_idx` ON `author_metrics` (`citation_count`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_paper_count_idx` ON `author_metrics` (`paper_count`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_novelty_idx` ON `author_metrics` (`novelty_key`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_category_h_index_idx` ON `author_metrics` (`primary_category`,`h_index`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_category_citation_count_idx` ON `author_metrics` (`primary_category`,`citation_count`,`author_id`);--> statement-breakpoint
ALTER TABLE `papers` ADD `novelty_key` real GENERATED ALWAYS AS (ifnull(novelty, -1)) VIRTUAL;--> statement-breakpoint
CREATE INDEX `papers_novelty_idx` ON `papers` (`novelty_key`,`id`);