-- NIP-50 search: search_text holds an event's content words as SearchTerms writes them (" word word ",
-- lowercase; written by the store on insert), indexed as to_tsvector('simple', search_text) with GIN (the
-- 'simple' configuration: no stemming, no stop words, any language), searched with
-- @@ plainto_tsquery('simple', terms) and ranked by ts_rank. Rows stored before this version are filled here
-- by an approximation in SQL (ASCII punctuation to spaces, lower()); content jsonb cannot read (a \u0000
-- escape) is left unsearchable.
ALTER TABLE events ADD COLUMN search_text TEXT;
CREATE FUNCTION reactive_store_v4_search_text(json BYTEA) RETURNS TEXT LANGUAGE plpgsql AS $$
BEGIN
    RETURN ' ' || lower(regexp_replace(convert_from(json, 'UTF8')::jsonb ->> 'content', '[[:punct:][:space:]]+', ' ', 'g')) || ' ';
EXCEPTION WHEN OTHERS THEN
    RETURN ' ';
END;
$$;
UPDATE events SET search_text = reactive_store_v4_search_text(json);
DROP FUNCTION reactive_store_v4_search_text(BYTEA);
CREATE INDEX events_search ON events USING GIN (to_tsvector('simple', search_text));
