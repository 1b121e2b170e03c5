-- Full-text index over the aliases a merge keeps (author_aliases), so that name search still
-- finds a merged author by an old name. Kept in step by triggers, as authors_fts is.
CREATE VIRTUAL TABLE `author_aliases_fts` USING fts5(
	name,
	content='author_aliases',
	content_rowid='rowid',
	tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `author_aliases_fts_after_insert` AFTER INSERT ON `author_aliases` BEGIN
	INSERT INTO author_aliases_fts(rowid, name) VALUES (new.rowid, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER `author_aliases_fts_after_delete` AFTER DELETE ON `author_aliases` BEGIN
	INSERT INTO author_aliases_fts(author_aliases_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
--> statement-breakpoint
INSERT INTO author_aliases_fts(author_aliases_fts) VALUES ('rebuild');
