-- events, tag index, tombstones (H2; idempotent because H2 commits DDL statement by statement)
CREATE TABLE IF NOT EXISTS events (
    id VARBINARY(32) PRIMARY KEY,
    pubkey VARBINARY(32) NOT NULL,
    created_at BIGINT NOT NULL,
    kind INT NOT NULL,
    addr VARBINARY(32),
    json VARBINARY(16777216) NOT NULL,
    CONSTRAINT events_addr_unique UNIQUE (addr)
);
CREATE INDEX IF NOT EXISTS events_newest ON events (created_at DESC, id);
CREATE INDEX IF NOT EXISTS events_pubkey ON events (pubkey, created_at DESC, id);
CREATE INDEX IF NOT EXISTS events_kind ON events (kind, created_at DESC, id);
CREATE TABLE IF NOT EXISTS event_tags (
    event_id VARBINARY(32) NOT NULL,
    name CHAR(1) NOT NULL,
    tag_value VARCHAR(4096) NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT event_tags_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS event_tags_value ON event_tags (name, tag_value, created_at DESC, event_id);
CREATE TABLE IF NOT EXISTS event_tombstones (
    event_id VARBINARY(32) NOT NULL,
    author VARBINARY(32) NOT NULL,
    PRIMARY KEY (event_id, author)
);
