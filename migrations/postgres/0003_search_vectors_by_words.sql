-- The search vectors read the words of search_words (0002_search_words.sql). PostgreSQL 15 cannot
-- change a generated column's expression: drizzle-kit drops the column and adds it again, which
-- drops its GIN index too; the indexes are made again below (by hand: the schema still has them).
ALTER TABLE "author_aliases" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "author_aliases" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('public.simple_unaccent'::regconfig, public.search_words(name))) STORED;--> statement-breakpoint
ALTER TABLE "authors" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "authors" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('public.simple_unaccent'::regconfig, public.search_words(name))) STORED;--> statement-breakpoint
ALTER TABLE "papers" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('public.simple_unaccent'::regconfig, public.search_words(title)), 'A') || setweight(to_tsvector('public.simple_unaccent'::regconfig, public.search_words(abstract)), 'D')) STORED;--> statement-breakpoint
CREATE INDEX "author_aliases_search_idx" ON "author_aliases" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "authors_search_idx" ON "authors" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "papers_search_idx" ON "papers" USING gin ("search_vector");
