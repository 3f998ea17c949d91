package io.reactivestore.outbox;

/**
 * What one {@link OutboxBroadcaster#run()} did.
 *
 * @param received events confirmed by the network and marked received
 * @param rejected publish attempts the network refused (the event was marked for rebroadcast)
 * @param failed publish attempts without an answer (error or timeout; marked for rebroadcast)
 * @param rounds rounds run, those skipped included
 * @param skipped rounds in which the {@link BroadcastEligibility} said no (nothing sent, nothing marked)
 * @param remaining events still unreceived when the loop stopped ({@code 0} unless it gave up)
 */
public record BroadcastReport(long received, long rejected, long failed, int rounds, int skipped, long remaining) {

    static final BroadcastReport NONE = new BroadcastReport(0, 0, 0, 0, 0, 0);

    BroadcastReport add(Attempt attempt) {
        return new BroadcastReport(received + (attempt == Attempt.RECEIVED ? 1 : 0),
                rejected + (attempt == Attempt.REJECTED ? 1 : 0), failed + (attempt == Attempt.FAILED ? 1 : 0),
                rounds, skipped, remaining);
    }

    BroadcastReport skip() {
        return new BroadcastReport(received, rejected, failed, rounds, skipped + 1, remaining);
    }

    BroadcastReport endRound(int round, long stillUnreceived) {
        return new BroadcastReport(received, rejected, failed, round, skipped, stillUnreceived);
    }

    /** How one publish attempt ended. */
    enum Attempt {
        RECEIVED, REJECTED, FAILED
    }
}
