package org.mobileworship.livecontrol.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Mutable fault settings applied to frames as they leave a link: drop, duplicate, reorder and delay with
 * jitter, all driven by a seeded {@link java.util.Random} so a failing run replays exactly (given the same
 * peer ids and the same sequence of sends per link).
 *
 * <p>Settings take effect for the next frame sent, also on links that are already open. Fluent:
 * {@code network.faults().drop(0.3).duplicate(0.1).reorder(0.2).delay(ofMillis(5), ofMillis(2)).seed(42)}.
 * Thread-safe.
 */
public final class Faults {
    /** How long a frame held back for reordering waits for a follower before it is delivered anyway. */
    public static final Duration DEFAULT_REORDER_FLUSH = Duration.ofMillis(20);

    private volatile double drop;
    private volatile double duplicate;
    private volatile double reorder;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration jitter = Duration.ZERO;
    private volatile Duration reorderFlush = DEFAULT_REORDER_FLUSH;
    private volatile long seed = 1;

    /** Probability in [0, 1] that a frame is silently lost. */
    public Faults drop(double probability) {
        this.drop = checkProbability("drop", probability);
        return this;
    }

    /** Probability in [0, 1] that a frame is delivered twice. */
    public Faults duplicate(double probability) {
        this.duplicate = checkProbability("duplicate", probability);
        return this;
    }

    /**
     * Probability in [0, 1] that a frame is held back and delivered after the next frame of the same
     * direction (or after {@link #reorderFlush} when no frame follows).
     */
    public Faults reorder(double probability) {
        this.reorder = checkProbability("reorder", probability);
        return this;
    }

    /**
     * Delays every frame by {@code fixed} plus a uniform random {@code [0, jitter]}. Delay alone never
     * reorders: a frame is never delivered before the one sent ahead of it (like a queue, not like netem's
     * jitter); use {@link #reorder} for that.
     */
    public Faults delay(Duration fixed, Duration jitter) {
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(jitter, "jitter");
        if (fixed.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay and jitter must be >= 0, were " + fixed + " and " + jitter);
        }
        this.delay = fixed;
        this.jitter = jitter;
        return this;
    }

    /** See {@link #reorder}. */
    public Faults reorderFlush(Duration flush) {
        Objects.requireNonNull(flush, "flush");
        if (flush.isNegative()) {
            throw new IllegalArgumentException("reorderFlush must be >= 0, was " + flush);
        }
        this.reorderFlush = flush;
        return this;
    }

    /** Seed of the random decisions; links re-seed from it when it changes. */
    public Faults seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Removes every fault (the seed is kept). */
    public Faults clear() {
        drop = 0;
        duplicate = 0;
        reorder = 0;
        delay = Duration.ZERO;
        jitter = Duration.ZERO;
        reorderFlush = DEFAULT_REORDER_FLUSH;
        return this;
    }

    public double dropProbability() {
        return drop;
    }

    public double duplicateProbability() {
        return duplicate;
    }

    public double reorderProbability() {
        return reorder;
    }

    public Duration delay() {
        return delay;
    }

    public Duration jitter() {
        return jitter;
    }

    public Duration reorderFlush() {
        return reorderFlush;
    }

    public long seed() {
        return seed;
    }

    /** Whether any fault is configured (a fast path skips the machinery otherwise). */
    public boolean isActive() {
        return drop > 0 || duplicate > 0 || reorder > 0 || !delay.isZero() || !jitter.isZero();
    }

    private static double checkProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " probability must be in [0, 1], was " + p);
        }
        return p;
    }

    @Override
    public String toString() {
        return "Faults[drop=" + drop + ", duplicate=" + duplicate + ", reorder=" + reorder + ", delay=" + delay
                + ", jitter=" + jitter + ", seed=" + seed + "]";
    }
}
