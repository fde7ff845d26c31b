package org.mobileworship.livecontrol.election.internal;

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

/** Deterministic single-threaded scheduler with a virtual clock: tasks run only inside {@link #advance}. */
final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMillis;
    private long seq;
    private boolean shutdown;

    FakeScheduler(long startMillis) {
        this.nowMillis = startMillis;
    }

    final Clock clock = new Clock() {
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

    long now() {
        return nowMillis;
    }

    /** Runs every task due up to now + d, in time order, advancing the clock. */
    void advance(Duration d) {
        long end = nowMillis + d.toMillis();
        int guard = 0;
        while (true) {
            Task t = queue.peek();
            if (t == null || t.due > end) {
                break;
            }
            queue.poll();
            nowMillis = Math.max(nowMillis, t.due);
            t.runTask();
            if (++guard > 1_000_000) {
                throw new IllegalStateException("runaway task loop");
            }
        }
        nowMillis = end;
    }

    void runPending() {
        advance(Duration.ZERO);
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
        Task t = new Task(c, nowMillis + Math.max(0, delay), period, seq++);
        queue.add(t);
        return t;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
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
        final Callable<?> callable;
        long due;
        final long period;
        long order;
        boolean cancelled;
        boolean done;

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
                throw new IllegalStateException("task failed", e);
            }
            if (period > 0 && !cancelled) {
                due = nowMillis + period;
                order = seq++;
                queue.add(this);
            } else {
                done = true;
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
            queue.remove(this);
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
