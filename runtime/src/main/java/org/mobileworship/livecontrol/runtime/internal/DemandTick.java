package org.mobileworship.livecontrol.runtime.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A repeating loop task that runs only while there is work for it: {@link #demand()} arms it, and it stops itself
 * after {@code idleTicks} runs in a row that found no work. For the delivery tracker's retry tick: a node with
 * nothing pending (every display, an idle controller) then sleeps instead of waking its loop thread every quarter
 * retry interval, while a stream of cues keeps one timer running instead of arming one per cue (arming a timer
 * that becomes the loop's next deadline wakes the loop thread). Loop-confined.
 */
final class DemandTick {
    private final NodeLoop loop;
    private final Duration period;
    private final int idleTicks;
    private final Runnable tick;
    private final BooleanSupplier hasWork;
    private NodeLoop.Timer timer = NodeLoop.Timer.NONE;
    private int idle;

    /**
     * @param tick      the work, run every {@code period} while armed
     * @param hasWork   whether the tick still has work after it ran
     * @param idleTicks runs without work before the tick stops
     */
    DemandTick(NodeLoop loop, Duration period, int idleTicks, Runnable tick, BooleanSupplier hasWork) {
        this.loop = loop;
        this.period = period;
        this.idleTicks = idleTicks;
        this.tick = tick;
        this.hasWork = hasWork;
    }

    /** There is work (or soon will be): runs the tick every period from now on until it has been idle. */
    void demand() {
        idle = 0;
        if (!timer.isPending()) {
            timer = loop.every(this::run, period);
        }
    }

    /** Whether the tick is armed. */
    boolean armed() {
        return timer.isPending();
    }

    private void run() {
        tick.run();
        if (hasWork.getAsBoolean()) {
            idle = 0;
        } else if (++idle >= idleTicks) {
            timer.cancel();
            timer = NodeLoop.Timer.NONE;
        }
    }
}
