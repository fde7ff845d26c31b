package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.mobileworship.livecontrol.api.spi.election.Leadership;

/**
 * Runs the runtime's {@link Leadership} calls (starting or stopping a signaling server: binding a port,
 * starting Jetty — slow) on a worker executor of their own, never on the election loop, and reports results
 * back through a callback that the election posts onto its loop.
 *
 * <p>The worker runs one call at a time in order, so a stop requested after a start always wins. The
 * monitor below is held only by the worker and by {@link #close}: {@code close()} must return with the server
 * stopped (the contract says a closing leader stops serving first), so it waits for a start in progress and
 * then stops; calls still queued behind it are dropped. The election loop never takes this monitor.
 */
final class ServingControl {

    private final Leadership leadership;
    private final Executor worker;
    private final Object callLock = new Object();
    private boolean serving;
    /** Set before close() takes the monitor, so a call queued behind a start in progress is dropped. */
    private volatile boolean closed;

    ServingControl(Leadership leadership, Executor worker) {
        this.leadership = leadership;
        this.worker = worker;
    }

    /** Starts (or re-terms) serving off the loop; {@code done} gets the endpoint or the failure. */
    void start(long term, BiConsumer<InetSocketAddress, RuntimeException> done) {
        submit(() -> {
            InetSocketAddress ep = null;
            RuntimeException failure = null;
            if (closed) {
                return;
            }
            synchronized (callLock) {
                if (closed) {
                    return;
                }
                try {
                    ep = leadership.startServing(term);
                    serving = true;
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            done.accept(ep, failure);
        });
    }

    /** Stops serving off the loop. */
    void stop(String reason) {
        submit(() -> {
            if (closed) {
                return;
            }
            synchronized (callLock) {
                if (!closed) {
                    stopNow(reason);
                }
            }
        });
    }

    /** Stops serving now, on the caller (waiting for a start in progress); later calls do nothing. */
    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (callLock) {
            if (serving) {
                stopNow(reason);
            }
        }
    }

    /** Whether {@link #close} has begun (tests: a call queued before that may still run; after it, none does). */
    boolean isClosed() {
        return closed;
    }

    private void stopNow(String reason) {
        serving = false;
        try {
            leadership.stopServing(reason);
        } catch (RuntimeException e) {
            BullyElection.log.warn("election: stopServing failed ({})", reason, e);
        }
    }

    private void submit(Runnable call) {
        try {
            worker.execute(call);
        } catch (RejectedExecutionException e) {
            BullyElection.log.debug("election: leadership call dropped after close");
        }
    }
}
