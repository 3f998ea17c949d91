package io.reactivestore.store.lmdb;

import io.reactivestore.event.Event;
import io.reactivestore.internal.Hex;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.SaveResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Dbi;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * The writes of the store inside one LMDB write transaction: a save with its tombstone, duplicate and
 * replacement checks, a deletion, a nuke. Each leaves every index consistent with the {@code events}
 * database, so whatever commits together is seen together. Used by the writer thread only.
 */
final class Mutations {

    private static final byte[] EMPTY = new byte[0];
    /**
     * No put flags, as a null array: lmdbjava 0.9.1 folds a flags array with a stream on every put (a third of the
     * writer's time when given an empty one) and skips that for null.
     */
    private static final PutFlags @Nullable [] NO_FLAGS = null;

    private final LmdbEnv db;
    private final Txn<byte[]> txn;
    private long nextSeq;
    /**
     * Whether the tombstone database may hold entries: read once per transaction from its record ({@code mdb_stat},
     * no B-tree descent), set by {@link #delete}; while false a save skips its two tombstone lookups.
     */
    private boolean tombstones;

    Mutations(LmdbEnv db, Txn<byte[]> txn, long nextSeq) {
        this.db = db;
        this.txn = txn;
        this.nextSeq = nextSeq;
        this.tombstones = db.tombstones.stat(txn).entries > 0;
    }

    /** The sequence number the next saved event would get. */
    long nextSeq() {
        return nextSeq;
    }

    /** Saves {@code e} by the rules of {@code EventStore.save}. */
    SaveResult save(Event e) {
        byte[] id = Hex.decode(e.id());
        byte[] pubkey = Hex.decode(e.pubkey());
        if (tombstones && (db.tombstones.get(txn, Keys.tombstone(id, null)) != null
                || db.tombstones.get(txn, Keys.tombstone(id, pubkey)) != null)) {
            return SaveResult.DELETED;
        }
        if (db.ids.get(txn, id) != null) {
            return SaveResult.DUPLICATE;
        }
        String address = e.address();
        byte[] addressKey = address == null ? null : Keys.address(address);
        SaveResult result = SaveResult.SAVED;
        if (addressKey != null) {
            byte[] currentSeq = db.addresses.get(txn, addressKey);
            if (currentSeq != null) {
                Event current = load(currentSeq);
                if (current != null) {
                    if (!e.supersedes(current)) {
                        return SaveResult.OUTDATED;
                    }
                    remove(current, Keys.getLong(currentSeq, 0), Hex.decode(current.pubkey()));
                    result = SaveResult.REPLACED;
                }
            }
        }
        long seq = nextSeq++;
        byte[] seqKey = Keys.seq(seq);
        db.events.put(txn, seqKey, e.jsonBytes(), NO_FLAGS);
        db.ids.put(txn, id, seqKey, NO_FLAGS);
        forEachIndexKey(e, seq, pubkey, (dbi, key) -> dbi.put(txn, key, EMPTY, NO_FLAGS));
        if (addressKey != null) {
            db.addresses.put(txn, addressKey, seqKey, NO_FLAGS);
        }
        db.cache.put(seq, e); // harmless if the transaction aborts: nothing will reach this sequence number
        return result;
    }

    /** Applies {@code d}; true if an event was removed. */
    boolean delete(Deletion d) {
        if (d.tombstone()) {
            tombstones = true;
            db.tombstones.put(txn, Keys.tombstone(Hex.decode(d.eventId()),
                    d.author() == null ? null : Hex.decode(d.author())), EMPTY, NO_FLAGS);
        }
        byte[] seqKey = db.ids.get(txn, Hex.decode(d.eventId()));
        if (seqKey == null) {
            return false;
        }
        Event e = load(seqKey);
        if (e == null || (d.author() != null && !d.author().equals(e.pubkey()))) {
            return false;
        }
        remove(e, Keys.getLong(seqKey, 0), Hex.decode(e.pubkey()));
        return true;
    }

    /** Sets a {@code KeyValueStore} entry. */
    void putKeyValue(byte[] key, byte[] value) {
        db.keyValues.put(txn, key, value);
    }

    /** Removes a {@code KeyValueStore} entry, if present. */
    void deleteKeyValue(byte[] key) {
        db.keyValues.delete(txn, key);
    }

    /** Empties every database of events. */
    void nuke() {
        for (Dbi<byte[]> dbi : db.all()) {
            dbi.drop(txn);
        }
    }

    private @Nullable Event load(byte[] seqKey) {
        return db.load(txn, seqKey);
    }

    private void remove(Event e, long seq, byte[] pubkey) {
        forEachIndexKey(e, seq, pubkey, (dbi, key) -> dbi.delete(txn, key));
        String address = e.address();
        if (address != null) {
            byte[] addressKey = Keys.address(address);
            byte[] current = db.addresses.get(txn, addressKey);
            if (current != null && Keys.getLong(current, 0) == seq) {
                db.addresses.delete(txn, addressKey);
            }
        }
        db.ids.delete(txn, Hex.decode(e.id()));
        db.events.delete(txn, Keys.seq(seq));
    }

    private interface KeyAction {
        void apply(Dbi<byte[]> dbi, byte[] key);
    }

    /** Every secondary index key of {@code e} stored under {@code seq}; {@code pubkey}: its author, decoded. */
    private void forEachIndexKey(Event e, long seq, byte[] pubkey, KeyAction action) {
        byte[] sortKey = Keys.sortKey(e, seq);
        action.apply(db.byTime, sortKey);
        action.apply(db.byKind, Keys.join(Keys.kind(e.kind()), sortKey));
        action.apply(db.byAuthorKind, Keys.join(Keys.pubkeyKind(pubkey, e.kind()), sortKey));
        List<byte[]> seen = new ArrayList<>(4); // an event has a few indexed tags: a list beats a set
        e.forEachIndexedTag((letter, value) -> {
            byte[] tag = Keys.tag(letter, value);
            for (byte[] other : seen) {
                if (Arrays.equals(other, tag)) {
                    return;
                }
            }
            seen.add(tag);
            action.apply(db.byTag, Keys.join(tag, sortKey));
        });
        long expiresAt = Keys.expirationOf(e);
        if (expiresAt >= 0) {
            action.apply(db.expirations, Keys.expiration(expiresAt, seq));
        }
    }
}
