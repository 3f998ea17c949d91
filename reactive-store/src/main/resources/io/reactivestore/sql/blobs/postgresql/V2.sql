-- blobs stored as chunks (up to 64 KiB each) in blob_chunks, keyed by ref and byte position; blobs keeps ref and size.
-- Blobs stored by V1 move into one chunk at position 0. Chunks are not compressed (media mostly is already).
CREATE TABLE blob_chunks (
    ref BYTEA NOT NULL,
    pos BIGINT NOT NULL,
    content BYTEA NOT NULL,
    PRIMARY KEY (ref, pos)
);
ALTER TABLE blob_chunks ALTER COLUMN content SET STORAGE EXTERNAL;
ALTER TABLE blobs ADD COLUMN size BIGINT;
ALTER TABLE blobs ALTER COLUMN content DROP NOT NULL;
INSERT INTO blob_chunks (ref, pos, content)
    SELECT ref, 0, content FROM blobs WHERE octet_length(content) > 0;
UPDATE blobs SET size = octet_length(content), content = NULL;
