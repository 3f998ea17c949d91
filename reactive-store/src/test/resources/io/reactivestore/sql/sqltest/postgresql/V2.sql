-- counter column
ALTER TABLE sqltest_items ADD COLUMN n INT DEFAULT 0 NOT NULL;
