CREATE TABLE `data_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "data_version_one_row" CHECK("data_version"."id" = 1)
);
--> statement-breakpoint
-- The tables an answer is read from move the data version (src/http/http-cache.ts) when a row of
-- theirs changes: papers, author_aliases, author_redirects and search_index_suspended (a rebuilt
-- search index deletes its row) by the triggers below. FTS's tables follow papers, authors and
-- aliases in the same transactions; a novelty written to paper_novelty is written to
-- papers.novelty in the same loop (src/store/sqlite/novelty/results.ts).
-- authors, authorships, author_metrics, openalex_topics and paper_novelty have no trigger: SQLite
-- opens a statement savepoint for every write to a table with triggers, and FTS5 flushes its
-- pending index data at each (src/store/sqlite/bulk-load.ts), so that a trigger on authorships,
-- even one that never fires (WHEN 0), made an import of 20,000 records take 10.6 s instead of
-- 6.9 s. Their writers move the version once per transaction instead
-- (src/store/sqlite/data-version.ts): the write transaction every API write, import batch and
-- seed goes through, when it changed a row, and every refresh of author metrics.
INSERT INTO `data_version` (`id`, `version`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `papers_insert_data_version` AFTER INSERT ON `papers` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `papers_update_data_version` AFTER UPDATE ON `papers` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `papers_delete_data_version` AFTER DELETE ON `papers` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
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
CREATE TRIGGER `search_index_suspended_insert_data_version` AFTER INSERT ON `search_index_suspended` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `search_index_suspended_update_data_version` AFTER UPDATE ON `search_index_suspended` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `search_index_suspended_delete_data_version` AFTER DELETE ON `search_index_suspended` BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
