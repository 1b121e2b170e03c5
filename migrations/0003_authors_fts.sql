-- Full-text index over author names for the name search (src/search/author-query.ts): every
-- query word is a prefix term, so a keystroke reads a few index pages instead of every name.
-- External content kept in step by triggers, as for papers_fts.
CREATE VIRTUAL TABLE `authors_fts` USING fts5(
	name,
	content='authors',
	content_rowid='id',
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `authors_fts_after_insert` AFTER INSERT ON `authors` BEGIN
	INSERT INTO authors_fts(rowid, name) VALUES (new.id, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER `authors_fts_after_delete` AFTER DELETE ON `authors` BEGIN
	INSERT INTO authors_fts(authors_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
--> statement-breakpoint
CREATE TRIGGER `authors_fts_after_update` AFTER UPDATE OF id, name ON `authors` BEGIN
	INSERT INTO authors_fts(authors_fts, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO authors_fts(rowid, name) VALUES (new.id, new.name);
END;
--> statement-breakpoint
INSERT INTO authors_fts(authors_fts) VALUES ('rebuild');
