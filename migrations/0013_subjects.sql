-- Subjects beyond arXiv (issue 15): OpenAlex's topic hierarchy, a paper's category made optional
-- (a paper may have an arXiv category, an OpenAlex topic, both or neither), its primary topic and
-- all its topics, its work type, DOI and arXiv id, and the authors' primary OpenAlex subjects.
--
-- SQLite cannot drop a NOT NULL in place: papers is rebuilt (the 12 steps of SQLite's ALTER TABLE
-- documentation). migrateDatabase runs migrations with foreign keys off, so that dropping the old
-- table does not cascade to authorships and paper_novelty; it checks them all before turning them
-- back on. Ids, the AUTOINCREMENT high-water mark, triggers and the search index are kept.
CREATE TABLE `openalex_topics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`subfield_id` text,
	`subfield_name` text,
	`field_id` text,
	`field_name` text,
	`domain_id` text,
	`domain_name` text,
	CONSTRAINT "openalex_topics_id_form" CHECK("openalex_topics"."id" GLOB 'T[0-9]*' AND "openalex_topics"."id" NOT GLOB 'T*[^0-9]*'),
	CONSTRAINT "openalex_topics_name_not_blank" CHECK(length(trim("openalex_topics"."name")) BETWEEN 1 AND 300)
);
--> statement-breakpoint
CREATE INDEX `openalex_topics_subfield_idx` ON `openalex_topics` (`subfield_id`);--> statement-breakpoint
CREATE INDEX `openalex_topics_field_idx` ON `openalex_topics` (`field_id`);--> statement-breakpoint
CREATE INDEX `openalex_topics_domain_idx` ON `openalex_topics` (`domain_id`);--> statement-breakpoint
CREATE TABLE `__new_papers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text,
	`title` text NOT NULL,
	`abstract` text DEFAULT '' NOT NULL,
	`category` text,
	`topic_id` text,
	`topic_ids` text,
	`work_type` text,
	`doi` text,
	`arxiv_id` text,
	`published_at` text NOT NULL,
	`score` real DEFAULT 0 NOT NULL,
	`novelty` real,
	`ai_score` real,
	`citation_count` integer DEFAULT 0 NOT NULL,
	`has_code` integer DEFAULT false NOT NULL,
	`code_url` text,
	`novelty_key` real GENERATED ALWAYS AS (ifnull(novelty, -1)) VIRTUAL,
	FOREIGN KEY (`topic_id`) REFERENCES `openalex_topics`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "papers_external_id_not_blank" CHECK("__new_papers"."external_id" IS NULL OR length(trim("__new_papers"."external_id")) > 0),
	CONSTRAINT "papers_title_not_blank" CHECK(length(trim("__new_papers"."title")) BETWEEN 1 AND 1000),
	CONSTRAINT "papers_abstract_is_text" CHECK(typeof("__new_papers"."abstract") = 'text'),
	CONSTRAINT "papers_category_arxiv_form" CHECK("__new_papers"."category" IS NULL OR (length("__new_papers"."category") BETWEEN 2 AND 40 AND "__new_papers"."category" GLOB '[a-z]*' AND "__new_papers"."category" NOT GLOB '*[^a-zA-Z.-]*')),
	CONSTRAINT "papers_work_type_form" CHECK("__new_papers"."work_type" IS NULL OR (length("__new_papers"."work_type") BETWEEN 1 AND 40 AND "__new_papers"."work_type" NOT GLOB '*[^a-z-]*')),
	CONSTRAINT "papers_doi_form" CHECK("__new_papers"."doi" IS NULL OR ("__new_papers"."doi" GLOB '10.*/*' AND "__new_papers"."doi" = lower("__new_papers"."doi"))),
	CONSTRAINT "papers_topic_ids_json" CHECK("__new_papers"."topic_ids" IS NULL OR (json_valid("__new_papers"."topic_ids") AND json_type("__new_papers"."topic_ids") = 'array')),
	CONSTRAINT "papers_arxiv_id_not_blank" CHECK("__new_papers"."arxiv_id" IS NULL OR length(trim("__new_papers"."arxiv_id")) > 0),
	CONSTRAINT "papers_published_at_iso_date" CHECK("__new_papers"."published_at" IS date("__new_papers"."published_at")),
	CONSTRAINT "papers_score_range" CHECK(typeof("__new_papers"."score") IN ('real', 'integer') AND "__new_papers"."score" BETWEEN 0 AND 100),
	CONSTRAINT "papers_novelty_range" CHECK("__new_papers"."novelty" IS NULL OR (typeof("__new_papers"."novelty") IN ('real', 'integer') AND "__new_papers"."novelty" BETWEEN 0 AND 1)),
	CONSTRAINT "papers_ai_score_range" CHECK("__new_papers"."ai_score" IS NULL OR (typeof("__new_papers"."ai_score") IN ('real', 'integer') AND "__new_papers"."ai_score" BETWEEN 0 AND 100)),
	CONSTRAINT "papers_citation_count_range" CHECK(typeof("__new_papers"."citation_count") = 'integer' AND "__new_papers"."citation_count" >= 0),
	CONSTRAINT "papers_has_code_boolean" CHECK("__new_papers"."has_code" IN (0, 1)),
	CONSTRAINT "papers_code_url_http" CHECK("__new_papers"."code_url" IS NULL OR ("__new_papers"."has_code" = 1 AND ("__new_papers"."code_url" LIKE 'http://_%' OR "__new_papers"."code_url" LIKE 'https://_%')))
);
--> statement-breakpoint
-- DOIs and arXiv ids that were the external id become what other sources match by.
INSERT INTO `__new_papers`("id", "external_id", "title", "abstract", "category", "doi", "arxiv_id", "published_at", "score", "novelty", "ai_score", "citation_count", "has_code", "code_url")
SELECT "id", "external_id", "title", "abstract", "category",
	CASE WHEN "external_id" GLOB '10.*/*' THEN lower("external_id") END,
	CASE WHEN "external_id" GLOB '[0-9][0-9][0-9][0-9].[0-9][0-9][0-9][0-9]*' OR "external_id" GLOB '[a-z]*/[0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN "external_id" END,
	"published_at", "score", "novelty", "ai_score", "citation_count", "has_code", "code_url" FROM `papers`;--> statement-breakpoint
-- An id handed out once never names another paper: keep the old table's high-water mark.
INSERT INTO `sqlite_sequence` (`name`, `seq`) SELECT '__new_papers', 0 FROM `sqlite_sequence` WHERE `name` = 'papers' AND NOT EXISTS (SELECT 1 FROM `sqlite_sequence` WHERE `name` = '__new_papers');--> statement-breakpoint
UPDATE `sqlite_sequence` SET `seq` = max(`seq`, (SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'papers')) WHERE `name` = '__new_papers';--> statement-breakpoint
DROP TABLE `papers`;--> statement-breakpoint
DELETE FROM `sqlite_sequence` WHERE `name` = 'papers';--> statement-breakpoint
ALTER TABLE `__new_papers` RENAME TO `papers`;--> statement-breakpoint
CREATE UNIQUE INDEX `papers_external_id_unique` ON `papers` (`external_id`);--> statement-breakpoint
CREATE INDEX `papers_published_at_idx` ON `papers` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `papers_citation_count_idx` ON `papers` (`citation_count`,`id`);--> statement-breakpoint
CREATE INDEX `papers_score_idx` ON `papers` (`score`,`id`);--> statement-breakpoint
CREATE INDEX `papers_title_idx` ON `papers` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `papers_novelty_idx` ON `papers` (`novelty_key`,`id`);--> statement-breakpoint
CREATE INDEX `papers_category_idx` ON `papers` (`category`,`published_at`);--> statement-breakpoint
CREATE INDEX `papers_topic_idx` ON `papers` (`topic_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `papers_doi_idx` ON `papers` (`doi`);--> statement-breakpoint
CREATE INDEX `papers_arxiv_id_idx` ON `papers` (`arxiv_id`);--> statement-breakpoint
ALTER TABLE `author_metrics` ADD `primary_topic_id` text;--> statement-breakpoint
ALTER TABLE `author_metrics` ADD `primary_subfield_id` text;--> statement-breakpoint
ALTER TABLE `author_metrics` ADD `primary_field_id` text;--> statement-breakpoint
ALTER TABLE `author_metrics` ADD `primary_domain_id` text;--> statement-breakpoint
CREATE INDEX `author_metrics_topic_h_index_idx` ON `author_metrics` (`primary_topic_id`,`h_index`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_subfield_h_index_idx` ON `author_metrics` (`primary_subfield_id`,`h_index`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_field_h_index_idx` ON `author_metrics` (`primary_field_id`,`h_index`,`author_id`);--> statement-breakpoint
CREATE INDEX `author_metrics_domain_h_index_idx` ON `author_metrics` (`primary_domain_id`,`h_index`,`author_id`);--> statement-breakpoint
-- The old table's triggers went with it: the search index's (migration 0002), put back. Whatever
-- a bulk load had suspended or deferred on papers is rebuilt here, so it is no longer listed.
DELETE FROM `search_index_suspended` WHERE `name` GLOB 'papers_*';--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_insert` AFTER INSERT ON `papers` BEGIN
	INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_delete` AFTER DELETE ON `papers` BEGIN
	INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
END;--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_update` AFTER UPDATE OF id, title, abstract ON `papers` BEGIN
	INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
	INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;--> statement-breakpoint
INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');
