package io.reactivestore.examples.outbox;

/**
 * What one {@link OutboxBroadcaster#run()} did.
 *
 * @param received events confirmed by the network and marked received
 * @param rejected publish attempts the network refused (the event was marked for rebroadcast)
 * @param failed publish attempts without an answer (error or timeout; marked for rebroadcast)
 * @param rounds rounds run
 * @param remaining events still unreceived when the loop stopped ({@code 0} unless it gave up)
 */
public record BroadcastReport(long received, long rejected, long failed, int rounds, long remaining) {

    static final BroadcastReport NONE = new BroadcastReport(0, 0, 0, 0, 0);

    BroadcastReport add(Attempt attempt) {
        return new BroadcastReport(received + (attempt == Attempt.RECEIVED ? 1 : 0),
                rejected + (attempt == Attempt.REJECTED ? 1 : 0), failed + (attempt == Attempt.FAILED ? 1 : 0),
                rounds, remaining);
    }

    BroadcastReport endRound(int round, long stillUnreceived) {
        return new BroadcastReport(received, rejected, failed, round, stillUnreceived);
    }

    /** How one publish attempt ended. */
    enum Attempt {
        RECEIVED, REJECTED, FAILED
    }
}
