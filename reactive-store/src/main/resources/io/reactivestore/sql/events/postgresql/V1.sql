-- events, tag index, tombstones, and a NOTIFY once per committed write statement
CREATE TABLE events (
    id BYTEA PRIMARY KEY,
    pubkey BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    kind INT NOT NULL,
    addr BYTEA,
    json BYTEA NOT NULL,
    CONSTRAINT events_addr_unique UNIQUE (addr)
);
CREATE INDEX events_newest ON events (created_at DESC, id);
CREATE INDEX events_pubkey ON events (pubkey, created_at DESC, id);
CREATE INDEX events_kind ON events (kind, created_at DESC, id);
CREATE TABLE event_tags (
    event_id BYTEA NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name CHAR(1) COLLATE "C" NOT NULL,
    tag_value TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX event_tags_value ON event_tags (name, tag_value, created_at DESC, event_id);
CREATE INDEX event_tags_event ON event_tags (event_id);
CREATE TABLE event_tombstones (
    event_id BYTEA NOT NULL,
    author BYTEA NOT NULL,
    PRIMARY KEY (event_id, author)
);
CREATE FUNCTION reactive_store_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('reactive_store_events', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION reactive_store_events_notify();
