-- the change feed: a monotonic insertion sequence shared by stored rows and a log of removed rows, the
-- store instance that wrote each row, and a NOTIFY carrying the highest sequence of each write statement
CREATE SEQUENCE event_changes_seq;
ALTER TABLE events ADD COLUMN seq BIGINT NOT NULL DEFAULT nextval('event_changes_seq');
ALTER TABLE events ADD COLUMN origin BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX events_seq ON events (seq);
CREATE TABLE event_removals (
    seq BIGINT PRIMARY KEY DEFAULT nextval('event_changes_seq'),
    event_id BYTEA NOT NULL,
    removed_at BIGINT NOT NULL
);
CREATE INDEX event_removals_time ON event_removals (removed_at);
CREATE OR REPLACE FUNCTION reactive_store_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('reactive_store_events', (SELECT COALESCE(max(seq), 0)::text FROM changed));
    RETURN NULL;
END;
$$;
DROP TRIGGER events_notify ON events;
CREATE TRIGGER events_notify AFTER INSERT ON events REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION reactive_store_events_notify();
CREATE TRIGGER event_removals_notify AFTER INSERT ON event_removals REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION reactive_store_events_notify();
