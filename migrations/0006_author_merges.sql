CREATE TABLE `author_aliases` (
	`author_id` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`author_id`, `name`),
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "author_aliases_name_not_blank" CHECK(length(trim("author_aliases"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE `author_redirects` (
	`old_id` integer PRIMARY KEY NOT NULL,
	`author_id` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `author_redirects_author_idx` ON `author_redirects` (`author_id`);