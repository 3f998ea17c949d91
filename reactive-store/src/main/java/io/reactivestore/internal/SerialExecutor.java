package io.reactivestore.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs submitted tasks one at a time without blocking any thread (the work-in-progress "drain" pattern
 * of reactor-core's operators): the caller that finds the executor idle runs the queued tasks,
 * including those other threads submit meanwhile; the others return at once.
 *
 * <p>The queue holds one entry per subscribed, not yet executed {@link #submit} call, so its size is
 * bounded by the caller's own concurrency (stores bound it with {@code flatMap}/{@code concatMap}
 * concurrency). Completion signals are emitted on the draining thread, in submission order; keep
 * downstream work light or move it with {@code publishOn}.
 */
public final class SerialExecutor {

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    /**
     * A Mono that, on subscription, queues {@code task} and emits its result (or error) once it has run
     * after every task submitted before it. A {@code null} result completes empty.
     */
    public <T> Mono<T> submit(Supplier<T> task) {
        return Mono.create(sink -> {
            queue.offer(() -> {
                T result;
                try {
                    result = task.get();
                } catch (Throwable t) {
                    sink.error(t);
                    return;
                }
                sink.success(result);
            });
            drain();
        });
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Runnable task;
            while ((task = queue.poll()) != null) {
                task.run();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
