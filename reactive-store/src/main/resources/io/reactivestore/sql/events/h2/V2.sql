-- the change feed: a monotonic insertion sequence shared by stored rows and a log of removed rows, and
-- the store instance that wrote each row (H2; idempotent)
CREATE SEQUENCE IF NOT EXISTS event_changes_seq;
ALTER TABLE events ADD COLUMN IF NOT EXISTS seq BIGINT DEFAULT NEXT VALUE FOR event_changes_seq NOT NULL;
ALTER TABLE events ADD COLUMN IF NOT EXISTS origin BIGINT DEFAULT 0 NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS events_seq ON events (seq);
CREATE TABLE IF NOT EXISTS event_removals (
    seq BIGINT DEFAULT NEXT VALUE FOR event_changes_seq PRIMARY KEY,
    event_id VARBINARY(32) NOT NULL,
    removed_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_removals_time ON event_removals (removed_at);
