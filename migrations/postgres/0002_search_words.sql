-- The words of a text as SQLite's FTS5 tokenizer (unicode61) cuts them: every character that is
-- not a letter, a decimal digit or a combining diacritic (U+0300-U+036F, which unicode61 keeps
-- inside a word and remove_diacritics then drops) separates two words. PostgreSQL's parser
-- alone keeps file paths ("Jurassic/Cretaceous"), URLs, host names, e-mail addresses, decimals
-- ("2.5"), signed numbers, HTML tags and entities and "e.g" as one token each, so a search for
-- "Cretaceous" missed a paper that has it only there; given the text with every separator a
-- space, the parser finds only words, each as FTS5 does (the search vectors of the next
-- migration read it).
--
-- The character classes are ICU's (letters and decimal digits, the same on every server), not
-- the argument's collation's: under COLLATE "C", as names and titles are, PostgreSQL's [:alnum:]
-- is ASCII only and would cut "Erdős" in two. IMMUTABLE as to_tsvector is: as long as the ICU
-- library's character data does not change.
CREATE FUNCTION public.search_words(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(value COLLATE "und-x-icu", '[^[:alnum:]\u0300-\u036f]+', ' ', 'g');
--> statement-breakpoint
-- The text as written, each run of separators between two U+FFFF (a noncharacter, never in
-- interchanged text), for ts_headline: its parser then reads the words search_words gives, and
-- the headline is the text again once the U+FFFFs are removed.
CREATE FUNCTION public.search_words_marked(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(value COLLATE "und-x-icu", '([^[:alnum:]\u0300-\u036f]+)', U&'!FFFF\1!FFFF' UESCAPE '!', 'g');
