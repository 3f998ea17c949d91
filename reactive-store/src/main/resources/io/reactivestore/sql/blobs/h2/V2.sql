-- blobs stored as chunks (up to 64 KiB each) in blob_chunks, keyed by ref and byte position; blobs keeps ref and size.
-- Blobs stored by V1 move into one chunk at position 0. Idempotent (H2 commits DDL statement by statement).
CREATE TABLE IF NOT EXISTS blob_chunks (
    ref BINARY(32) NOT NULL,
    pos BIGINT NOT NULL,
    content VARBINARY(1000000000) NOT NULL,
    PRIMARY KEY (ref, pos)
);
ALTER TABLE blobs ADD COLUMN IF NOT EXISTS size BIGINT;
ALTER TABLE blobs ALTER COLUMN content SET NULL;
INSERT INTO blob_chunks (ref, pos, content)
    SELECT b.ref, 0, b.content FROM blobs b
    WHERE b.content IS NOT NULL AND OCTET_LENGTH(b.content) > 0
      AND NOT EXISTS (SELECT 1 FROM blob_chunks c WHERE c.ref = b.ref);
UPDATE blobs SET size = OCTET_LENGTH(content), content = NULL WHERE content IS NOT NULL;
