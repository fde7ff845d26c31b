package org.mobileworship.livecontrol.runtime.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeLoop} on one daemon thread. A task that throws is logged and the loop goes on; a repeating task
 * keeps repeating (a plain {@code scheduleWithFixedDelay} would silently stop retrying cues after one failure).
 *
 * <p>Loop state is confined by a token (a lock every task holds while it runs), not by the thread alone: the
 * loop thread takes it for each task, and {@link #runInlineIfIdle} lets another thread take it when the loop is
 * idle, so a received frame is handled on the transport's callback thread instead of waking this one (two
 * thread hand-offs fewer per acked cue; see benchmarks/README.md, "Anatomy of an acked cue"). Uncontended, the
 * token costs an atomic compare-and-set per task.
 */
final class ThreadNodeLoop implements NodeLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNodeLoop.class);

    private final String nodeName;
    private final ScheduledThreadPoolExecutor executor;
    /** The loop's own thread (set when the executor creates it). */
    private volatile Thread thread;
    /** Held by whoever runs a loop task: the loop thread, or an inline caller. */
    private final ReentrantLock token = new ReentrantLock();
    /** Tasks posted and not started yet: an inline run must not overtake them. */
    private final AtomicInteger queued = new AtomicInteger();
    /** {@link #afterTask} actions of the running task; touched only by the token's holder. */
    private final ArrayDeque<Runnable> afterTask = new ArrayDeque<>();

    ThreadNodeLoop(String nodeName) {
        this.nodeName = nodeName;
        DaemonThreadFactory threads = DaemonThreadFactory.named("livecontrol-node-" + nodeName);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = threads.newThread(r);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Whether this thread holds the loop right now: the loop thread inside a task, or a thread running one inline.
     * Not the loop thread between tasks (running {@link #afterTask} actions): another thread may hold the loop then.
     */
    @Override
    public boolean inLoop() {
        return token.isHeldByCurrentThread();
    }

    /**
     * As the interface says; and on the loop thread between tasks (an {@link #afterTask} action — say a delivery
     * callback that closes the node) the task runs here too, under the token: posted, it would queue behind the
     * very thread that waits for it.
     */
    @Override
    public boolean runOrPost(Runnable task) {
        if (inLoop()) {
            task.run();
            return true;
        }
        if (Thread.currentThread() == thread) {
            guarded(task).run();
            return true;
        }
        return post(task);
    }

    @Override
    public boolean runningAfterTask() {
        return RUNNING_AFTER_TASK.get() == Boolean.TRUE;
    }

    @Override
    public boolean post(Runnable task) {
        Runnable guarded = guarded(task);
        queued.incrementAndGet();
        try {
            executor.execute(() -> {
                queued.decrementAndGet();
                guarded.run();
            });
            return true;
        } catch (RejectedExecutionException closed) {
            queued.decrementAndGet();
            LOG.debug("node {} loop is shut down; dropped a task", nodeName);
            return false;
        }
    }

    @Override
    public boolean runInlineIfIdle(Runnable task) {
        if (inLoop()) {
            task.run();
            return true;
        }
        if (queued.get() > 0 || executor.isShutdown() || !token.tryLock()) {
            return post(task);
        }
        Runnable[] after = NONE;
        try {
            if (queued.get() > 0) {
                // posted between the check and the lock: keep the order
                return post(task);
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("node {}: unexpected failure in a loop task run inline", nodeName, e);
            } finally {
                after = takeAfterTask();
            }
            return true;
        } finally {
            token.unlock();
            runAll(after);
        }
    }

    @Override
    public void afterTask(Runnable action) {
        if (token.isHeldByCurrentThread()) {
            afterTask.add(action);
        } else {
            action.run();
        }
    }

    private static final Runnable[] NONE = new Runnable[0];
    /** Set while a thread runs {@link #afterTask} actions (of any node: the flag is about the thread). */
    private static final ThreadLocal<Boolean> RUNNING_AFTER_TASK = new ThreadLocal<>();

    /** Called by the token's holder before it releases the token. */
    private Runnable[] takeAfterTask() {
        if (afterTask.isEmpty()) {
            return NONE;
        }
        Runnable[] out = afterTask.toArray(NONE);
        afterTask.clear();
        return out;
    }

    private void runAll(Runnable[] actions) {
        if (actions.length == 0) {
            return;
        }
        // an action may itself run a loop task inline (a callback's next cue) whose own actions run here, nested:
        // only the outermost run clears the flag
        boolean outermost = RUNNING_AFTER_TASK.get() == null;
        RUNNING_AFTER_TASK.set(Boolean.TRUE);
        try {
            for (Runnable a : actions) {
                try {
                    a.run();
                } catch (RuntimeException e) {
                    LOG.error("node {}: unexpected failure in an action after a loop task", nodeName, e);
                }
            }
        } finally {
            if (outermost) {
                RUNNING_AFTER_TASK.remove();
            }
        }
    }

    @Override
    public Timer schedule(Runnable task, Duration delay) {
        try {
            return timer(executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException closed) {
            return Timer.NONE;
        }
    }

    @Override
    public Timer every(Runnable task, Duration period) {
        long nanos = period.toNanos();
        try {
            return timer(executor.scheduleWithFixedDelay(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException closed) {
            return Timer.NONE;
        }
    }

    @Override
    public void shutdown() {
        executor.shutdownNow();
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            token.lock();
            Runnable[] after = NONE;
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("node {}: unexpected failure on the node loop", nodeName, e);
            } finally {
                after = takeAfterTask();
                token.unlock();
            }
            runAll(after);
        };
    }

    private static Timer timer(ScheduledFuture<?> f) {
        return new Timer() {
            @Override
            public void cancel() {
                f.cancel(false);
            }

            @Override
            public boolean isPending() {
                return !f.isDone();
            }
        };
    }
}
