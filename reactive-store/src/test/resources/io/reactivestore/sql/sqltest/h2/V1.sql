-- items: a key and a value
CREATE TABLE IF NOT EXISTS sqltest_items (
    k VARCHAR(64) PRIMARY KEY,
    v VARBINARY NOT NULL
);
