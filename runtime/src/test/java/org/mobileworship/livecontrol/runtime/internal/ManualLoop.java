package org.mobileworship.livecontrol.runtime.internal;

import com.google.common.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link NodeLoop} on fake time for unit tests: the test thread is the loop; posted tasks run when the test
 * calls {@link #runPending()} or {@link #advance}; timers run when {@link #advance} moves the ticker past them.
 */
final class ManualLoop implements NodeLoop {
    final FakeTicker ticker = new FakeTicker();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final PriorityQueue<Task> timers = new PriorityQueue<>(
            Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq));
    private long seq;
    private boolean shutdown;

    private final class Task implements Timer {
        final Runnable work;
        final long period;
        final long seq = ManualLoop.this.seq++;
        long due;
        boolean cancelled;

        Task(Runnable work, long due, long period) {
            this.work = work;
            this.due = due;
            this.period = period;
        }

        @Override
        public void cancel() {
            cancelled = true;
            timers.remove(this);
        }

        @Override
        public boolean isPending() {
            return !cancelled && timers.contains(this);
        }
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public boolean post(Runnable task) {
        if (shutdown) {
            return false;
        }
        queue.add(task);
        return true;
    }

    @Override
    public Timer schedule(Runnable task, Duration delay) {
        return add(task, delay.toNanos(), 0);
    }

    @Override
    public Timer every(Runnable task, Duration period) {
        return add(task, period.toNanos(), period.toNanos());
    }

    private Timer add(Runnable task, long delay, long period) {
        if (shutdown) {
            return Timer.NONE;
        }
        Task t = new Task(task, ticker.read() + delay, period);
        timers.add(t);
        return t;
    }

    @Override
    public void shutdown() {
        shutdown = true;
        queue.clear();
        timers.clear();
    }

    /** Runs every posted task (and what they post). */
    void runPending() {
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
        }
    }

    /** Moves time forward by {@code by}, running posted tasks and every timer that falls due, in time order. */
    void advance(Duration by) {
        long target = ticker.read() + by.toNanos();
        runPending();
        while (!timers.isEmpty() && timers.peek().due <= target) {
            Task t = timers.poll();
            ticker.advance(t.due - ticker.read());
            t.work.run();
            if (t.period > 0 && !t.cancelled) {
                t.due += t.period;
                timers.add(t);
            }
            runPending();
        }
        ticker.advance(target - ticker.read());
        runPending();
    }

    int pendingTimers() {
        return timers.size();
    }
}
