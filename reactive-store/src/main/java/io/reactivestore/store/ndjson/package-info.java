/**
 * NDJSON backups (one event per line, the format strfry and other relays use): {@link
 * io.reactivestore.store.ndjson.Ndjson#export export} any stream of events, {@link
 * io.reactivestore.store.ndjson.Ndjson#importInto import} into any {@link io.reactivestore.store.EventStore},
 * both streaming in constant memory with progress reports, the import reporting rejected lines without
 * stopping.
 */
@NullMarked
package io.reactivestore.store.ndjson;

import org.jspecify.annotations.NullMarked;
