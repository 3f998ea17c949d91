-- NIP-50 search (H2; idempotent): search_text holds an event's content words as SearchTerms writes them
-- (" word word ", lowercase; written by the store on insert), searched with LOCATE(' term ', search_text) per
-- term and ranked by REACTIVE_STORE_SEARCH_SCORE (how often the terms occur). Rows stored before this
-- version are filled here by the same Java code.
ALTER TABLE events ADD COLUMN IF NOT EXISTS search_text VARCHAR;
CREATE ALIAS IF NOT EXISTS REACTIVE_STORE_SEARCH_TEXT DETERMINISTIC FOR 'io.reactivestore.store.internal.H2Search.text';
UPDATE events SET search_text = REACTIVE_STORE_SEARCH_TEXT(json) WHERE search_text IS NULL;
DROP ALIAS IF EXISTS REACTIVE_STORE_SEARCH_TEXT;
CREATE ALIAS IF NOT EXISTS REACTIVE_STORE_SEARCH_SCORE DETERMINISTIC FOR 'io.reactivestore.store.internal.H2Search.score';
