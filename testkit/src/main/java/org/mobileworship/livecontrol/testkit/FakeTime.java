package org.mobileworship.livecontrol.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;

/**
 * Time a test controls, for a plugin's own timers: a {@link ScheduledExecutorService} whose tasks run only when
 * the test moves time forward ({@link #advance}), on the test's thread, in due-time order, and the matching
 * {@link #clock()}. Give both to the plugin through {@link TestContext.Builder#scheduler} and
 * {@link TestContext.Builder#clock}; the network, Jetty and libwebrtc stay real.
 *
 * <pre>{@code
 * FakeTime time = new FakeTime();
 * TestContext ctx = TestContext.builder(id, type).scheduler(time).clock(time.clock()).build();
 * ... // start the plugin; its 3 s timeout is a task in time's queue
 * time.advance(Duration.ofSeconds(3));       // runs it now, without waiting
 * }</pre>
 *
 * <p>{@code execute}/{@code submit} are tasks due now: they run at the next {@code advance} (also
 * {@code advance(Duration.ZERO)}). Periodic tasks run once per period crossed. Thread-safe: plugins schedule from
 * their own threads while the test advances.
 */
public final class FakeTime extends AbstractExecutorService implements ScheduledExecutorService {
    private final Instant origin;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;
    private boolean shutdown;

    /** Starting at 2026-01-01T00:00:00Z. */
    public FakeTime() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public FakeTime(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** The current fake instant. */
    public synchronized Instant now() {
        return origin.plusNanos(nowNanos);
    }

    /** A clock reading this fake time (UTC). */
    public Clock clock() {
        return new FakeClock(ZoneOffset.UTC);
    }

    /**
     * Moves time forward by {@code step} every {@code every} of real time on a thread of its own, until the
     * returned handle is closed: for contract tests whose waits are real-time, this runs the plugin's timers
     * faster than real time (a {@code 50ms} step every {@code 5ms} is ten times as fast).
     */
    public Driver drive(Duration step, Duration every) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                DaemonThreadFactory.named("fake-time-driver"));
        thread.scheduleAtFixedRate(() -> advance(step), 0, every.toNanos(), TimeUnit.NANOSECONDS);
        return new Driver(thread);
    }

    /** A running {@link #drive}; {@link #close()} stops it and waits for the last step to end. */
    public static final class Driver implements AutoCloseable {
        private final ScheduledExecutorService thread;

        private Driver(ScheduledExecutorService thread) {
            this.thread = thread;
        }

        @Override
        public void close() throws InterruptedException {
            thread.shutdownNow();
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake-time driver did not stop within 10 s");
            }
        }
    }

    /** Tasks waiting (due or not), periodic ones included. */
    public synchronized int pending() {
        return queue.size();
    }

    /**
     * Moves time forward by {@code amount}, running every task that falls due on the way, each at its due time
     * (so a task sees {@link #now()} equal to the time it was due), including tasks scheduled meanwhile.
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + amount);
        }
        long target;
        synchronized (this) {
            target = nowNanos + amount.toNanos();
        }
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.dueNanos > target) {
                    nowNanos = target;
                    return;
                }
                queue.poll();
                nowNanos = Math.max(nowNanos, next.dueNanos);
            }
            next.runOnce();
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<>(Executors.callable(command, null), delay(delay, unit), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, delay(delay, unit), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(new Task<>(Executors.callable(command, null), delay(initialDelay, unit), period(period, unit)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        // no task takes fake time to run, so a fixed delay and a fixed rate are the same here
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> dropped = new ArrayList<>(queue);
        queue.clear();
        return dropped;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    /** Nothing runs by itself: terminated as soon as shut down with nothing queued. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("FakeTime is shut down");
        }
        task.dueNanos = nowNanos + task.initialDelayNanos;
        task.sequence = sequence++;
        queue.add(task);
        return task;
    }

    private synchronized void requeue(Task<?> task) {
        if (shutdown) {
            return;
        }
        task.dueNanos += task.periodNanos;
        task.sequence = sequence++;
        queue.add(task);
    }

    private synchronized void remove(Task<?> task) {
        queue.remove(task);
    }

    private synchronized long nowNanos() {
        return nowNanos;
    }

    private static long delay(long delay, TimeUnit unit) {
        return Math.max(0, unit.toNanos(delay));
    }

    private static long period(long period, TimeUnit unit) {
        long p = unit.toNanos(period);
        if (p <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period + " " + unit);
        }
        return p;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long initialDelayNanos;
        final long periodNanos;
        long dueNanos;
        long sequence;

        Task(Callable<V> callable, long initialDelayNanos, long periodNanos) {
            super(callable);
            this.initialDelayNanos = initialDelayNanos;
            this.periodNanos = periodNanos;
        }

        void runOnce() {
            if (periodNanos == 0) {
                run();
            } else if (runAndReset()) {
                requeue(this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                remove(this);
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - nowNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            int byTime = Long.compare(dueNanos, o.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }

    private final class FakeClock extends Clock {
        private final ZoneId zone;

        FakeClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new FakeClock(z);
        }

        @Override
        public Instant instant() {
            return now();
        }
    }
}
