package org.mobileworship.livecontrol.plugin.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a transport send a frame from the application's own thread instead of waking one of its sender threads,
 * without ever running a blocking send inside the runtime's loop task.
 *
 * <p>The runtime wraps an application call that it runs inline on the caller's thread (e.g. {@code send} or
 * {@code broadcast} while the node loop is idle) in {@link #run}. A link whose {@code send} is called inside
 * that task may {@link #defer} the actual (possibly blocking) native send; {@link #run} performs the deferred
 * sends on the same thread after the task returned, i.e. after the runtime released its loop state. That is
 * what a plain echo over the same library does (the caller sends), and it saves the hand-off to a sender thread
 * per frame (see {@code benchmarks/README.md}, "Anatomy of an acked cue").
 *
 * <p>Outside {@link #run} (the loop thread, a transport's callback thread, any other thread),
 * {@link #defer} returns false and the link queues the frame as before. Transports that never call
 * {@link #defer} are unaffected. Not for a caller that must never block: the runtime only opens a scope for
 * application threads that called the API, never for its own loop thread.
 */
public final class CallerThreadSends {
    private static final Logger LOG = LoggerFactory.getLogger(CallerThreadSends.class);
    private static final ThreadLocal<List<Runnable>> DEFERRED = new ThreadLocal<>();

    private CallerThreadSends() {
    }

    /**
     * Runs {@code task}, then, on this thread and in the order they were deferred, the sends that links
     * {@link #defer}red during it. Inside an enclosing {@link #run} the task just runs (the outer one sends). A
     * deferred send that throws is logged and the others still run.
     */
    public static void run(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (DEFERRED.get() != null) {
            task.run();
            return;
        }
        List<Runnable> deferred = new ArrayList<>(2);
        DEFERRED.set(deferred);
        try {
            task.run();
        } finally {
            DEFERRED.remove();
        }
        for (Runnable send : deferred) {
            try {
                send.run();
            } catch (RuntimeException e) {
                LOG.warn("a send deferred to the caller's thread failed: {}", e.toString());
            }
        }
    }

    /**
     * Defers {@code send} to the end of the enclosing {@link #run} on this thread and returns true; returns
     * false (nothing deferred) when this thread is not inside one.
     */
    public static boolean defer(Runnable send) {
        Objects.requireNonNull(send, "send");
        List<Runnable> deferred = DEFERRED.get();
        if (deferred == null) {
            return false;
        }
        deferred.add(send);
        return true;
    }
}
