-- content-addressed blobs and the anchor map ref
CREATE TABLE blobs (
    ref BYTEA PRIMARY KEY CHECK (octet_length(ref) = 32),
    content BYTEA NOT NULL
);
CREATE TABLE blob_anchor_map (
    lock_id INT PRIMARY KEY,
    ref BYTEA NOT NULL
);
