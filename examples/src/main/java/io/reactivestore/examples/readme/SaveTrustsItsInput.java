package io.reactivestore.examples.readme;

import io.reactivestore.event.Event;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;

/** README, "What save checks": the store trusts its input; a forged signature is saved. */
public final class SaveTrustsItsInput {

    private SaveTrustsItsInput() {
    }

    /**
     * Saves an event with a forged signature and shows that only {@code verify()} notices.
     *
     * @param args ignored
     * @throws IllegalStateException if the store behaved otherwise than the README says
     */
    public static void main(String[] args) {
        EventStore store = MemoryEventStore.create();
        KeyPair keys = KeyPair.generate();
        // tag::save-trusts-input[]
        Event real = keys.sign(UnsignedEvent.of(1, "hello"));
        Event forged = Event.of(real.id(), real.pubkey(), real.createdAt(), real.kind(), real.tags(),
                real.content(), "00".repeat(64));                     // a signature nobody made
        SaveResult result = store.save(forged).block(Duration.ofSeconds(10));   // SAVED: save does not verify
        boolean genuine = forged.hasValidSignature();                 // false; forged.verify() would throw
        // end::save-trusts-input[]
        store.close().block(Duration.ofSeconds(10));
        if (result != SaveResult.SAVED || genuine) {
            throw new IllegalStateException("expected SAVED and an invalid signature, got " + result + ", " + genuine);
        }
    }
}
