-- KeyValueStore entries beside the events: (ns, k) is the key, so namespaces never collide
CREATE TABLE store_kv (
    ns VARCHAR(40) NOT NULL,
    k VARCHAR(200) NOT NULL,
    v VARCHAR(4096) NOT NULL,
    PRIMARY KEY (ns, k)
);
