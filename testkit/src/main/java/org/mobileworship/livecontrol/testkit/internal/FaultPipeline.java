package org.mobileworship.livecontrol.testkit.internal;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mobileworship.livecontrol.testkit.Faults;

/**
 * One direction of a link with faults applied: decides per frame (from a seeded Random) whether to drop,
 * duplicate, hold back for reordering or delay it, then hands it to {@code sink} on {@code serial}.
 * Delays are queued so they never reorder on their own.
 */
public final class FaultPipeline {
    private final Supplier<Faults> faults;
    private final long salt;
    private final ScheduledExecutorService scheduler;
    private final Executor serial;
    private final Consumer<byte[]> sink;

    private final ArrayDeque<Pending> delayed = new ArrayDeque<>();
    private Random random;
    private long randomSeed;
    private long lastDueNanos;
    private byte[] held;
    private long heldToken;
    private int heldCopiesPending;
    private boolean closed;

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();

    private record Pending(long dueNanos, byte[] frame) {
    }

    /**
     * @param salt mixed into the seed so each direction of each link has its own deterministic sequence
     */
    public FaultPipeline(Supplier<Faults> faults, long salt, ScheduledExecutorService scheduler, Executor serial,
                         Consumer<byte[]> sink) {
        this.faults = faults;
        this.salt = salt;
        this.scheduler = scheduler;
        this.serial = serial;
        this.sink = sink;
    }

    /** Deterministic salt from a string (String.hashCode is specified, unlike identity hashes). */
    public static long salt(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    public synchronized void submit(byte[] frame) {
        if (closed) {
            return;
        }
        Faults f = faults.get();
        if (!f.isActive() && held == null && delayed.isEmpty()) {
            deliverNow(frame);
            return;
        }
        if (random == null || randomSeed != f.seed()) {
            randomSeed = f.seed();
            random = new Random(randomSeed ^ salt);
        }
        // Always draw the same number of values per frame so changing one probability does not shift the
        // sequence of the others.
        double dropDraw = random.nextDouble();
        double dupDraw = random.nextDouble();
        double reorderDraw = random.nextDouble();
        double jitterDraw = random.nextDouble();
        if (dropDraw < f.dropProbability()) {
            dropped.incrementAndGet();
            return;
        }
        int copies = dupDraw < f.duplicateProbability() ? 2 : 1;
        if (copies == 2) {
            duplicated.incrementAndGet();
        }
        long delayNanos = f.delay().toNanos() + (long) (jitterDraw * f.jitter().toNanos());
        if (held == null && reorderDraw < f.reorderProbability()) {
            reordered.incrementAndGet();
            held = frame;
            heldCopiesPending = copies; // a held duplicate is released twice
            scheduleFlush(++heldToken, copies, delayNanos, f.reorderFlush().toNanos());
            return;
        }
        for (int i = 0; i < copies; i++) {
            emit(frame, delayNanos);
        }
        if (held != null) {
            byte[] h = held;
            held = null;
            heldToken++;
            for (int i = 0; i < heldCopiesPending; i++) {
                emit(h, delayNanos);
            }
        }
    }

    private void scheduleFlush(long token, int copies, long delayNanos, long flushNanos) {
        try {
            scheduler.schedule(() -> {
                synchronized (this) {
                    if (held != null && heldToken == token && !closed) {
                        byte[] h = held;
                        held = null;
                        for (int i = 0; i < copies; i++) {
                            emit(h, delayNanos);
                        }
                    }
                }
            }, flushNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            held = null;
        }
    }

    private void emit(byte[] frame, long delayNanos) {
        long now = System.nanoTime();
        long due = Math.max(lastDueNanos, now + delayNanos);
        lastDueNanos = due;
        if (delayed.isEmpty() && due - now <= 0) {
            deliverNow(frame);
            return;
        }
        boolean wasEmpty = delayed.isEmpty();
        delayed.add(new Pending(due, frame));
        if (wasEmpty) {
            scheduleDrain(due - now);
        }
    }

    private void scheduleDrain(long inNanos) {
        try {
            scheduler.schedule(this::drain, Math.max(0, inNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            delayed.clear();
        }
    }

    private synchronized void drain() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        while (!delayed.isEmpty() && delayed.peek().dueNanos() - now <= 0) {
            deliverNow(delayed.poll().frame());
        }
        if (!delayed.isEmpty()) {
            scheduleDrain(delayed.peek().dueNanos() - now);
        }
    }

    private void deliverNow(byte[] frame) {
        serial.execute(() -> sink.accept(frame));
    }

    /** Discards held and delayed frames (frames in flight when a link breaks may be lost). */
    public synchronized void close() {
        closed = true;
        held = null;
        delayed.clear();
    }

    public long dropped() {
        return dropped.get();
    }

    public long duplicated() {
        return duplicated.get();
    }

    public long reordered() {
        return reordered.get();
    }
}
