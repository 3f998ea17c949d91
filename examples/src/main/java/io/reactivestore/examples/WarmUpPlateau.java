package io.reactivestore.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides when a warm-up may stop: when the process CPU spent per REQ has stopped falling. The warm-up sends
 * REQs in blocks and {@linkplain #add adds} each block's CPU per REQ (JIT compiler and GC threads included, so a
 * block during which the JIT still compiles costs more). The cost has stopped falling when none of the last
 * {@code window} blocks came within {@code gain} of beating the cheapest block before them by more than that
 * fraction: the JIT's work is done, and more REQs would only lengthen the start. A minimum over the window, not
 * the last block alone, so that one block slowed by another process on a shared machine does not decide.
 *
 * <p>Not thread-safe: one warm-up feeds it from one thread.
 */
final class WarmUpPlateau {

    private final int window;
    private final double gain;
    private final List<Long> costs = new ArrayList<>();

    /**
     * @param window how many of the latest blocks must fail to improve, at least 1
     * @param gain   the fraction by which a block must beat the earlier best to count as an improvement
     *               (0.05: 5% cheaper)
     */
    WarmUpPlateau(int window, double gain) {
        if (window < 1 || gain < 0 || gain >= 1) {
            throw new IllegalArgumentException("window >= 1 and 0 <= gain < 1, got " + window + ", " + gain);
        }
        this.window = window;
        this.gain = gain;
    }

    /** Adds the next block's cost per REQ (any unit, the same for every block). */
    void add(long costPerRequest) {
        costs.add(costPerRequest);
    }

    /** Whether the cost has stopped falling: at least {@code window + 1} blocks, and the last window did not improve. */
    boolean reached() {
        int n = costs.size();
        if (n <= window) {
            return false;
        }
        long bestBefore = Long.MAX_VALUE;
        for (int i = 0; i < n - window; i++) {
            bestBefore = Math.min(bestBefore, costs.get(i));
        }
        long bestRecent = Long.MAX_VALUE;
        for (int i = n - window; i < n; i++) {
            bestRecent = Math.min(bestRecent, costs.get(i));
        }
        return bestRecent >= (1 - gain) * bestBefore;
    }

    /** The costs added so far, in order. */
    List<Long> costs() {
        return List.copyOf(costs);
    }
}
