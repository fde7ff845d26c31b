package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DemandTickTest {
    private final ManualLoop loop = new ManualLoop();
    private final AtomicInteger runs = new AtomicInteger();
    private int work;
    private final DemandTick tick = new DemandTick(loop, Duration.ofMillis(25), 4, () -> {
        runs.incrementAndGet();
        if (work > 0) {
            work--;
        }
    }, () -> work > 0);

    @Test
    void anIdleTickIsNeverArmed() {
        loop.advance(Duration.ofSeconds(10));
        assertThat(runs).hasValue(0);
        assertThat(loop.pendingTimers()).isZero();
    }

    @Test
    void runsWhileThereIsWorkThenStopsAfterTheIdleTicks() {
        work = 3;
        tick.demand();
        loop.advance(Duration.ofSeconds(10));
        // two ticks leave work behind, the third takes the last of it: it and three more find none, then no
        // more wake-ups
        assertThat(runs).hasValue(6);
        assertThat(tick.armed()).isFalse();
        assertThat(loop.pendingTimers()).isZero();
    }

    @Test
    void demandWhileArmedKeepsOneTimerAndRestartsTheIdleCount() {
        tick.demand();
        loop.advance(Duration.ofMillis(75)); // three idle ticks
        tick.demand(); // a cue: the idle count starts over, no second timer
        assertThat(loop.pendingTimers()).isEqualTo(1);
        loop.advance(Duration.ofMillis(75));
        assertThat(tick.armed()).isTrue(); // six runs, but only three idle since the demand
        loop.advance(Duration.ofSeconds(1));
        assertThat(runs).hasValue(7);
        assertThat(tick.armed()).isFalse();
    }

    @Test
    void demandAfterItStoppedArmsItAgain() {
        tick.demand();
        loop.advance(Duration.ofSeconds(1));
        assertThat(tick.armed()).isFalse();
        work = 1;
        tick.demand();
        assertThat(tick.armed()).isTrue();
        loop.advance(Duration.ofSeconds(1));
        assertThat(runs).hasValue(4 + 4); // the one with work left none behind
    }
}
