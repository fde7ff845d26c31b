package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeTimeTest {

    @Test
    void tasksRunOnlyWhenTimeReachesThemInDueOrderAtTheirDueTime() {
        FakeTime time = new FakeTime();
        List<String> ran = new CopyOnWriteArrayList<>();
        long start = time.clock().millis();
        time.schedule(() -> ran.add("b@" + (time.clock().millis() - start)), 300, TimeUnit.MILLISECONDS);
        time.schedule(() -> ran.add("a@" + (time.clock().millis() - start)), 100, TimeUnit.MILLISECONDS);
        time.execute(() -> ran.add("now@" + (time.clock().millis() - start)));
        assertThat(ran).isEmpty();

        time.advance(Duration.ZERO);
        assertThat(ran).containsExactly("now@0");
        time.advance(Duration.ofMillis(299));
        assertThat(ran).containsExactly("now@0", "a@100");
        time.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("now@0", "a@100", "b@300");
        assertThat(time.clock().millis() - start).isEqualTo(300);
    }

    @Test
    void periodicTasksRunOncePerPeriodCrossedUntilCancelled() {
        FakeTime time = new FakeTime();
        List<Long> at = new CopyOnWriteArrayList<>();
        long start = time.clock().millis();
        ScheduledFuture<?> beat = time.scheduleAtFixedRate(() -> at.add(time.clock().millis() - start),
                500, 500, TimeUnit.MILLISECONDS);
        time.advance(Duration.ofMillis(1600));
        assertThat(at).containsExactly(500L, 1000L, 1500L);
        assertThat(beat.cancel(false)).isTrue();
        time.advance(Duration.ofSeconds(5));
        assertThat(at).hasSize(3);
        assertThat(time.pending()).isZero();
    }

    @Test
    void aTaskScheduledByATaskRunsInTheSameAdvanceWhenDue() {
        FakeTime time = new FakeTime();
        List<String> ran = new CopyOnWriteArrayList<>();
        time.schedule(() -> {
            ran.add("first");
            time.schedule(() -> ran.add("second"), 1, TimeUnit.SECONDS);
        }, 1, TimeUnit.SECONDS);
        time.advance(Duration.ofSeconds(2));
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void shutdownRefusesNewTasksAndDropsQueuedOnes() {
        FakeTime time = new FakeTime();
        time.schedule(() -> { }, 1, TimeUnit.SECONDS);
        assertThat(time.shutdownNow()).hasSize(1);
        assertThat(time.isTerminated()).isTrue();
        assertThatThrownBy(() -> time.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
