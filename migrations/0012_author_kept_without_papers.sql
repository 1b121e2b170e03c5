-- Authors a client created on purpose (createAuthor) stay when they have no paper; those a paper
-- write created by name go with their last paper. Authors that have no paper when this migration
-- runs are kept: nothing says they were not made on purpose.
ALTER TABLE `authors` ADD `kept_without_papers` integer DEFAULT false NOT NULL;
--> statement-breakpoint
UPDATE `authors` SET `kept_without_papers` = 1 WHERE NOT EXISTS (SELECT 1 FROM `authorships` s WHERE s.author_id = `authors`.id);
