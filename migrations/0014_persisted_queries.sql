CREATE TABLE `persisted_queries` (
	`key` text PRIMARY KEY NOT NULL,
	`query` text NOT NULL,
	`used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `persisted_queries_used_at_idx` ON `persisted_queries` (`used_at`);