package org.mobileworship.livecontrol.transport.webrtc.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: per-link ordering without a thread per
 * link, and one link blocked in native {@code send()} does not hold up the others.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    /**
     * Runs {@code task} on the calling thread when nothing is queued or running (keeping order), else queues
     * it. Saves a thread hop for short, non-blocking tasks such as handing a received frame to a listener
     * that itself only enqueues it.
     */
    void executeInlineIfIdle(Runnable task) {
        synchronized (tasks) {
            if (running || !tasks.isEmpty()) {
                tasks.add(task);
                return;
            }
            running = true;
        }
        try {
            task.run();
        } catch (Throwable t) {
            LOG.warn("task failed", t);
        }
        drain(); // whatever was queued meanwhile, in order; clears running when empty
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable t) {
                LOG.warn("task failed", t);
            }
        }
    }
}
