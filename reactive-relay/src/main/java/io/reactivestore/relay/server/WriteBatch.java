package io.reactivestore.relay.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.WrappedByteBuf;

/**
 * One write of an {@link OutboundQueue}: a buffer holding one or more complete WebSocket frames, which
 * gives back the queue budgets of the messages it carries when Netty releases it, that is once the
 * kernel has taken its bytes (or the write failed and the buffer was discarded). So the budgets bound
 * what waits anywhere in the relay, Netty's outbound buffer included, not only what waits in the queue.
 */
final class WriteBatch extends WrappedByteBuf {

    /** Called once, with the counts of the batch, when its buffer is freed. */
    interface Budgets {
        /**
         * Returns the budgets of a written batch.
         *
         * @param messages control messages and live events in the batch
         * @param bytes    their bytes, frame headers left out
         * @param stored   stored results in the batch
         */
        void written(int messages, long bytes, int stored);
    }

    private final Budgets budgets;
    private final int messages;
    private final long bytes;
    private final int stored;

    WriteBatch(ByteBuf frames, int messages, long bytes, int stored, Budgets budgets) {
        super(frames);
        this.budgets = budgets;
        this.messages = messages;
        this.bytes = bytes;
        this.stored = stored;
    }

    @Override
    public boolean release() {
        return freed(super.release());
    }

    @Override
    public boolean release(int decrement) {
        return freed(super.release(decrement));
    }

    private boolean freed(boolean deallocated) {
        if (deallocated) {
            budgets.written(messages, bytes, stored);
        }
        return deallocated;
    }
}
