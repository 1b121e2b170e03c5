-- Full-text index over paper titles and abstracts. External content: the text stays in papers
-- only, and the triggers below keep the index in step with it (the FTS5 documentation's
-- recipe: an external-content index must be told the old values to delete them).
-- remove_diacritics 2 lets "Balazs" find "Balázs" and the other way round.
CREATE VIRTUAL TABLE `papers_fts` USING fts5(
	title,
	abstract,
	content='papers',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_insert` AFTER INSERT ON `papers` BEGIN
	INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_delete` AFTER DELETE ON `papers` BEGIN
	INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
END;
--> statement-breakpoint
-- id too: a changed row id would otherwise leave the index pointing at the old one.
CREATE TRIGGER `papers_fts_after_update` AFTER UPDATE OF id, title, abstract ON `papers` BEGIN
	INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
	INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
END;
--> statement-breakpoint
-- Indexes the papers that were there before this migration.
INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');
