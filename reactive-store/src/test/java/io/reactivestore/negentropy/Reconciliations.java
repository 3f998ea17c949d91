package io.reactivestore.negentropy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Runs a whole reconciliation between two storages in memory; shared by the tests. */
final class Reconciliations {

    /** What the initiator learned, and how the exchange went. */
    record Outcome(List<String> have, List<String> need, int rounds, long bytes, int largestMessage) {
    }

    private Reconciliations() {
    }

    static Outcome run(NegentropyStorage client, NegentropyStorage server, int clientLimit, int serverLimit) {
        Negentropy initiator = new Negentropy(client, clientLimit);
        Negentropy responder = new Negentropy(server, serverLimit);
        List<String> have = new ArrayList<>();
        List<String> need = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        byte[] message = initiator.initiate();
        int rounds = 0;
        long bytes = 0;
        int largest = 0;
        long settled = 0;
        while (message != null) {
            if (rounds++ > 10_000) {
                throw new AssertionError("no convergence");
            }
            bytes += message.length;
            largest = Math.max(largest, message.length);
            byte[] answer = responder.reconcile(message);
            bytes += answer.length;
            largest = Math.max(largest, answer.length);
            message = initiator.reconcile(answer, id -> have.add(hex.formatHex(id)), id -> need.add(hex.formatHex(id)));
            if (initiator.recordsSettled() < settled) {
                throw new AssertionError("the settled records went back from " + settled + " to " + initiator.recordsSettled());
            }
            settled = initiator.recordsSettled();
        }
        if (settled != client.size()) {
            throw new AssertionError("settled " + settled + " of " + client.size() + " records at the end");
        }
        return new Outcome(have, need, rounds, bytes, largest);
    }
}
