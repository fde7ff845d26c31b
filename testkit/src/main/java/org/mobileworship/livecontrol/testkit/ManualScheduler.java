package org.mobileworship.livecontrol.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.slf4j.LoggerFactory;

/**
 * Fake time for plugin tests: a {@link ScheduledExecutorService} whose tasks run only when the test calls
 * {@link #advance} (on the test's thread, in due-time order, then submission order), with the matching
 * {@link #clock()}. Give both to a plugin through {@link TestContext.Builder#scheduler} and
 * {@link TestContext.Builder#clock}; then a plugin that takes all its time from them runs deterministically,
 * and minutes of its time pass in milliseconds. {@code execute} runs a task at the current fake time.
 *
 * <p>Tasks may be submitted from any thread; they still run only inside {@link #advance}.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private volatile long nowMillis;
    private long seq;
    private volatile boolean shutdown;

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMillis);
        }
    };

    /** Starts fake time at {@code startMillis} (epoch millis). */
    public ManualScheduler(long startMillis) {
        this.nowMillis = startMillis;
    }

    /** The fake clock: it moves only inside {@link #advance}. */
    public Clock clock() {
        return clock;
    }

    /** The fake time, in epoch millis. */
    public long now() {
        return nowMillis;
    }

    /** Runs every task due up to now + {@code d}, in time order, moving the clock to each task's due time. */
    public void advance(Duration d) {
        long end = nowMillis + d.toMillis();
        int guard = 0;
        while (true) {
            Task t;
            synchronized (queue) {
                t = queue.peek();
                if (t == null || t.due > end) {
                    break;
                }
                queue.poll();
                nowMillis = Math.max(nowMillis, t.due);
            }
            t.runTask();
            if (++guard > 1_000_000) {
                throw new IllegalStateException("runaway task loop: over a million tasks within " + d);
            }
        }
        nowMillis = end;
    }

    /**
     * Moves time forward by {@code step} every {@code every} of real time on a thread of its own, until the
     * returned handle is closed: for contract tests whose waits are real-time (a real network, Jetty, libwebrtc),
     * this runs the plugin's own timers on this fake time, faster than real time (a 50 ms step every 5 ms is ten
     * times as fast). A task that throws is logged and time goes on.
     */
    public Driver drive(Duration step, Duration every) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                DaemonThreadFactory.named("fake-time-driver"));
        thread.scheduleAtFixedRate(() -> {
            try {
                advance(step);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(ManualScheduler.class).warn("a task on fake time failed", e);
            }
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
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

    /** Runs the tasks due now. */
    public void runPending() {
        advance(Duration.ZERO);
    }

    /**
     * Advances in {@code step}s until {@code condition} holds; returns the fake time that took.
     *
     * @throws AssertionError if it does not hold within {@code max} of fake time
     */
    public Duration advanceUntil(BooleanSupplier condition, Duration max, Duration step) {
        long start = nowMillis;
        runPending();
        while (!condition.getAsBoolean()) {
            if (nowMillis - start >= max.toMillis()) {
                throw new AssertionError("condition not met within " + max + " of fake time");
            }
            advance(step);
        }
        return Duration.ofMillis(nowMillis - start);
    }

    /**
     * Advances {@code window} of fake time in {@code step}s, checking {@code condition} after each step.
     *
     * @throws AssertionError naming the fake moment at which it stopped holding
     */
    public void assertHoldsFor(BooleanSupplier condition, Duration window, Duration step) {
        long start = nowMillis;
        while (nowMillis - start < window.toMillis()) {
            advance(step);
            if (!condition.getAsBoolean()) {
                throw new AssertionError("condition stopped holding after " + (nowMillis - start)
                        + " ms of fake time (window " + window + ")");
            }
        }
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(Executors.callable(command), unit.toMillis(delay), 0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return (ScheduledFuture<V>) (ScheduledFuture<?>) add(callable, unit.toMillis(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(Executors.callable(command), unit.toMillis(initialDelay), unit.toMillis(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(Executors.callable(command), unit.toMillis(initialDelay), unit.toMillis(delay));
    }

    private Task add(Callable<?> c, long delay, long period) {
        if (period < 0) {
            throw new IllegalArgumentException("negative period " + period);
        }
        synchronized (queue) {
            Task t = new Task(c, nowMillis + Math.max(0, delay), period, seq++);
            queue.add(t);
            return t;
        }
    }

    /** Marks it shut down; tasks already queued still run when time advances (like {@code shutdown()}). */
    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        synchronized (queue) {
            queue.clear();
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task implements ScheduledFuture<Object> {
        private final Callable<?> callable;
        private final long period;
        private long due;
        private long order;
        private volatile boolean cancelled;
        private volatile boolean done;

        Task(Callable<?> callable, long due, long period, long order) {
            this.callable = callable;
            this.due = due;
            this.period = period;
            this.order = order;
        }

        void runTask() {
            if (cancelled) {
                return;
            }
            try {
                callable.call();
            } catch (Exception e) {
                throw new IllegalStateException("task failed at fake time " + nowMillis, e);
            }
            synchronized (queue) {
                if (period > 0 && !cancelled) {
                    due = nowMillis + period;
                    order = seq++;
                    queue.add(this);
                } else {
                    done = true;
                }
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nowMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task t = (Task) o;
            int c = Long.compare(due, t.due);
            return c != 0 ? c : Long.compare(order, t.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            synchronized (queue) {
                queue.remove(this);
            }
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
