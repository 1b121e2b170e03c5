CREATE TABLE `data_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "data_version_one_row" CHECK("data_version"."id" = 1)
);
--> statement-breakpoint
-- Every table an answer is read from moves the data version when a row of it changes (FTS's
-- tables follow papers, authors and aliases in the same transactions; a rebuilt index deletes its
-- search_index_suspended row). SQLite has no statement or commit triggers: a row's trigger is an
-- update of one row in a page the transaction already holds.
INSERT INTO `data_version` (`id`, `version`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `papers_insert_data_version` AFTER INSERT ON `papers` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `papers_update_data_version` AFTER UPDATE ON `papers` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `papers_delete_data_version` AFTER DELETE ON `papers` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `authors_insert_data_version` AFTER INSERT ON `authors` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `authors_update_data_version` AFTER UPDATE ON `authors` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `authors_delete_data_version` AFTER DELETE ON `authors` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `authorships_insert_data_version` AFTER INSERT ON `authorships` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `authorships_update_data_version` AFTER UPDATE ON `authorships` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `authorships_delete_data_version` AFTER DELETE ON `authorships` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_metrics_insert_data_version` AFTER INSERT ON `author_metrics` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_metrics_update_data_version` AFTER UPDATE ON `author_metrics` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_metrics_delete_data_version` AFTER DELETE ON `author_metrics` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_aliases_insert_data_version` AFTER INSERT ON `author_aliases` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_aliases_update_data_version` AFTER UPDATE ON `author_aliases` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_aliases_delete_data_version` AFTER DELETE ON `author_aliases` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_redirects_insert_data_version` AFTER INSERT ON `author_redirects` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_redirects_update_data_version` AFTER UPDATE ON `author_redirects` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `author_redirects_delete_data_version` AFTER DELETE ON `author_redirects` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `openalex_topics_insert_data_version` AFTER INSERT ON `openalex_topics` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `openalex_topics_update_data_version` AFTER UPDATE ON `openalex_topics` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `openalex_topics_delete_data_version` AFTER DELETE ON `openalex_topics` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `paper_novelty_insert_data_version` AFTER INSERT ON `paper_novelty` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `paper_novelty_update_data_version` AFTER UPDATE ON `paper_novelty` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `paper_novelty_delete_data_version` AFTER DELETE ON `paper_novelty` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `search_index_suspended_insert_data_version` AFTER INSERT ON `search_index_suspended` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `search_index_suspended_update_data_version` AFTER UPDATE ON `search_index_suspended` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `search_index_suspended_delete_data_version` AFTER DELETE ON `search_index_suspended` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
