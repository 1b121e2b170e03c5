-- When an author's metrics were last recomputed because their papers changed (an ISO timestamp,
-- UTC): the `asOf` of Author.metrics. Rows from before this migration get the time it ran.
ALTER TABLE `author_metrics` ADD `changed_at` text NOT NULL DEFAULT '1970-01-01T00:00:00.000Z';
--> statement-breakpoint
UPDATE `author_metrics` SET `changed_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
