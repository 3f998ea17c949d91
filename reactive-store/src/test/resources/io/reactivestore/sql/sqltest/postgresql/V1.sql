-- items: a key and a value
CREATE TABLE sqltest_items (
    k VARCHAR(64) PRIMARY KEY,
    v BYTEA NOT NULL
);
CREATE FUNCTION sqltest_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sqltest', '');
    RETURN NULL;
END;
$$;
