-- What the tables of the next migration use and drizzle-kit cannot declare: the unaccent
-- extension, a text search configuration over it, and two IMMUTABLE functions for CHECKs.
--
-- unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it without being
-- a superuser, as on managed services.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
--> statement-breakpoint
-- The search columns' configuration: 'simple' (lowercase, no stemming, no stop words, as
-- SQLite's unicode61 tokenizer) with unaccent first for words that have letters beyond ASCII
-- (remove_diacritics). unaccent() itself is only STABLE, so a generated column could not call it
-- on the text; to_tsvector(regconfig, text) is IMMUTABLE and runs the dictionary inside. And
-- ts_headline with this configuration marks "Erdős" in the text for a query typed "erdos",
-- where unaccenting the text first would show the text without its accents.
CREATE TEXT SEARCH CONFIGURATION public.simple_unaccent (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.simple_unaccent
  ALTER MAPPING FOR word, numword, hword, hword_part, hword_numpart WITH public.unaccent, pg_catalog.simple;
--> statement-breakpoint
-- SQLite's papers_published_at_iso_date is `published_at IS date(published_at)`: a real day in
-- the form YYYY-MM-DD. A cast to date would raise an error for 2025-02-30 rather than fail the
-- check by name, and depends on DateStyle; this is the same test in plain arithmetic. False (not
-- NULL) for NULL, as SQLite's IS makes it. SQLite's years run from 0000, which make_date refuses:
-- year 0 has the months of year 2000 (both leap years of the proleptic Gregorian calendar).
CREATE FUNCTION public.is_iso_date(value text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN value IS NULL OR value !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN false
      ELSE substr(value, 9, 2)::int <= extract(day FROM
        make_date(coalesce(nullif(substr(value, 1, 4)::int, 0), 2000), substr(value, 6, 2)::int, 1) + interval '1 month - 1 day')
    END
  $$;
--> statement-breakpoint
-- SQLite's json_valid(x) AND json_type(x) = 'array', for JSON kept as text (compared as text by
-- an import, so not jsonb, which would rewrite it). PostgreSQL 15 has no IS JSON: the cast's
-- error is what says the text is not JSON.
CREATE FUNCTION public.is_json_array(value text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
  BEGIN
    RETURN json_typeof(value::json) = 'array';
  EXCEPTION WHEN invalid_text_representation THEN
    RETURN false;
  END
  $$;
