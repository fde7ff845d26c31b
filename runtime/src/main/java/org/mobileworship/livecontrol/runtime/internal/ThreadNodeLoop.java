package org.mobileworship.livecontrol.runtime.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeLoop} on one daemon thread. A task that throws is logged and the loop goes on; a repeating task
 * keeps repeating (a plain {@code scheduleWithFixedDelay} would silently stop retrying cues after one failure).
 */
final class ThreadNodeLoop implements NodeLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNodeLoop.class);

    private final String nodeName;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

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

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public boolean post(Runnable task) {
        try {
            executor.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException closed) {
            LOG.debug("node {} loop is shut down; dropped a task", nodeName);
            return false;
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
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("node {}: unexpected failure on the node loop", nodeName, e);
            }
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
