-- the change feed's transaction horizon: the transaction that wrote each stored or removal row (64-bit,
-- txid_current()), so a follower can find the rows numbered below its start that committed after it;
-- rows older than this script keep NULL (no table rewrite)
ALTER TABLE events ADD COLUMN txid BIGINT;
ALTER TABLE events ALTER COLUMN txid SET DEFAULT txid_current();
CREATE INDEX events_txid ON events (txid);
ALTER TABLE event_removals ADD COLUMN txid BIGINT;
ALTER TABLE event_removals ALTER COLUMN txid SET DEFAULT txid_current();
CREATE INDEX event_removals_txid ON event_removals (txid);
