package io.reactivestore.relay.client;

import java.util.List;

/**
 * What one round of a NIP-77 reconciliation ({@link RelayClient#reconcile}) taught the initiator: the ids
 * (64 lowercase hex characters) that only the local side has and that only the relay has, learned from
 * the relay's latest {@code NEG-MSG}; each id of the symmetric difference appears in exactly one round.
 *
 * @param have ids the local side has and the relay lacks (upload candidates)
 * @param need ids the relay has and the local side lacks (download candidates)
 * @param round 1 for the answer to {@code NEG-OPEN}, then 2, 3, ...
 * @param bytesSent negentropy message bytes sent so far (binary; hex on the wire is twice that)
 * @param bytesReceived negentropy message bytes received so far (binary)
 * @param recordsSettled local records in ranges settled so far: progress towards the storage's size
 * @param last whether this is the final round (the client sends {@code NEG-CLOSE} after it)
 */
public record NegentropyRound(List<String> have, List<String> need, int round, long bytesSent,
        long bytesReceived, long recordsSettled, boolean last) {

    /**
     * Copies the lists.
     *
     * @param have ids only the local side has
     * @param need ids only the relay has
     * @param round the round's number
     * @param bytesSent binary bytes sent so far
     * @param bytesReceived binary bytes received so far
     * @param recordsSettled local records settled so far
     * @param last whether this is the final round
     */
    public NegentropyRound {
        have = List.copyOf(have);
        need = List.copyOf(need);
    }
}
