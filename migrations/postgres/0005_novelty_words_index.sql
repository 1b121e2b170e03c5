-- The index a write's novelty scoring finds the earlier papers with a term by (src/store/postgres/novelty/database-corpus.ts,
-- NOVELTY_WORDS_INDEX, spelled here exactly as there: the planner uses it only for the same expression).
-- Without it, each term of a new paper reads every earlier paper: seconds a paper on 20,000 papers.
CREATE INDEX IF NOT EXISTS papers_novelty_words_idx ON papers USING gin ((to_tsvector('public.simple_unaccent'::regconfig, translate(title || ' ' || abstract, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~ς', '                                σ'))));
