CREATE TABLE `authors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`external_id` text,
	CONSTRAINT "authors_name_not_blank" CHECK(length(trim("authors"."name")) BETWEEN 1 AND 300),
	CONSTRAINT "authors_external_id_not_blank" CHECK("authors"."external_id" IS NULL OR length(trim("authors"."external_id")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `authors_external_id_unique` ON `authors` (`external_id`);--> statement-breakpoint
CREATE INDEX `authors_name_idx` ON `authors` (`name`);--> statement-breakpoint
CREATE TABLE `authorships` (
	`paper_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`paper_id`, `author_id`),
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "authorships_position_positive" CHECK(typeof("authorships"."position") = 'integer' AND "authorships"."position" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `authorships_paper_position_unique` ON `authorships` (`paper_id`,`position`);--> statement-breakpoint
CREATE INDEX `authorships_author_paper_idx` ON `authorships` (`author_id`,`paper_id`);--> statement-breakpoint
CREATE TABLE `papers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text,
	`title` text NOT NULL,
	`abstract` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`published_at` text NOT NULL,
	`score` real DEFAULT 0 NOT NULL,
	`novelty` real,
	`ai_score` real,
	`citation_count` integer DEFAULT 0 NOT NULL,
	`has_code` integer DEFAULT false NOT NULL,
	`code_url` text,
	CONSTRAINT "papers_external_id_not_blank" CHECK("papers"."external_id" IS NULL OR length(trim("papers"."external_id")) > 0),
	CONSTRAINT "papers_title_not_blank" CHECK(length(trim("papers"."title")) BETWEEN 1 AND 1000),
	CONSTRAINT "papers_abstract_is_text" CHECK(typeof("papers"."abstract") = 'text'),
	CONSTRAINT "papers_category_arxiv_form" CHECK(length("papers"."category") BETWEEN 2 AND 40 AND "papers"."category" GLOB '[a-z]*' AND "papers"."category" NOT GLOB '*[^a-zA-Z.-]*'),
	CONSTRAINT "papers_published_at_iso_date" CHECK("papers"."published_at" IS date("papers"."published_at")),
	CONSTRAINT "papers_score_range" CHECK(typeof("papers"."score") IN ('real', 'integer') AND "papers"."score" BETWEEN 0 AND 100),
	CONSTRAINT "papers_novelty_range" CHECK("papers"."novelty" IS NULL OR (typeof("papers"."novelty") IN ('real', 'integer') AND "papers"."novelty" BETWEEN 0 AND 1)),
	CONSTRAINT "papers_ai_score_range" CHECK("papers"."ai_score" IS NULL OR (typeof("papers"."ai_score") IN ('real', 'integer') AND "papers"."ai_score" BETWEEN 0 AND 100)),
	CONSTRAINT "papers_citation_count_range" CHECK(typeof("papers"."citation_count") = 'integer' AND "papers"."citation_count" >= 0),
	CONSTRAINT "papers_has_code_boolean" CHECK("papers"."has_code" IN (0, 1)),
	CONSTRAINT "papers_code_url_http" CHECK("papers"."code_url" IS NULL OR ("papers"."has_code" = 1 AND ("papers"."code_url" LIKE 'http://_%' OR "papers"."code_url" LIKE 'https://_%')))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `papers_external_id_unique` ON `papers` (`external_id`);--> statement-breakpoint
CREATE INDEX `papers_published_at_idx` ON `papers` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `papers_citation_count_idx` ON `papers` (`citation_count`,`id`);--> statement-breakpoint
CREATE INDEX `papers_score_idx` ON `papers` (`score`,`id`);--> statement-breakpoint
CREATE INDEX `papers_title_idx` ON `papers` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `papers_category_idx` ON `papers` (`category`,`published_at`);