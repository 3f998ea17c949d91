-- content-addressed blobs and the anchor map ref (H2; idempotent because H2 commits DDL statement by statement)
CREATE TABLE IF NOT EXISTS blobs (
    ref BINARY(32) PRIMARY KEY,
    content VARBINARY(1000000000) NOT NULL
);
CREATE TABLE IF NOT EXISTS blob_anchor_map (
    lock_id INT PRIMARY KEY,
    ref BINARY(32) NOT NULL
);
