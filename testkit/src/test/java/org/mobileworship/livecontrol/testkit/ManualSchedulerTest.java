package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    @Test
    void tasksRunOnlyWhenTimeReachesThemInDueOrderAtTheirDueTime() {
        ManualScheduler time = new ManualScheduler(1_000);
        List<String> ran = new CopyOnWriteArrayList<>();
        time.schedule(() -> ran.add("b@" + time.clock().millis()), 300, TimeUnit.MILLISECONDS);
        time.schedule(() -> ran.add("a@" + time.clock().millis()), 100, TimeUnit.MILLISECONDS);
        time.execute(() -> ran.add("now@" + time.clock().millis()));
        assertThat(ran).isEmpty();

        time.runPending();
        assertThat(ran).containsExactly("now@1000");
        time.advance(Duration.ofMillis(299));
        assertThat(ran).containsExactly("now@1000", "a@1100");
        time.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("now@1000", "a@1100", "b@1300");
        assertThat(time.now()).isEqualTo(1_300);
    }

    @Test
    void periodicTasksRunOncePerPeriodCrossedUntilCancelled() {
        ManualScheduler time = new ManualScheduler(0);
        List<Long> at = new CopyOnWriteArrayList<>();
        ScheduledFuture<?> beat = time.scheduleAtFixedRate(() -> at.add(time.now()), 500, 500, TimeUnit.MILLISECONDS);
        time.advance(Duration.ofMillis(1600));
        assertThat(at).containsExactly(500L, 1000L, 1500L);
        assertThat(beat.cancel(false)).isTrue();
        time.advance(Duration.ofSeconds(5));
        assertThat(at).hasSize(3);
    }

    @Test
    void driveMovesFakeTimeOnItsOwnThreadUntilClosed() throws InterruptedException {
        ManualScheduler time = new ManualScheduler(0);
        List<String> ran = new CopyOnWriteArrayList<>();
        time.schedule(() -> ran.add(Thread.currentThread().getName()), 10, TimeUnit.SECONDS);
        ManualScheduler.Driver driver = time.drive(Duration.ofMillis(100), Duration.ofMillis(1));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !ran.isEmpty());
        } finally {
            driver.close();
        }
        assertThat(ran).containsExactly("fake-time-driver");
        long stoppedAt = time.now();
        assertThat(stoppedAt).isGreaterThanOrEqualTo(10_000);
        time.schedule(() -> ran.add("late"), 1, TimeUnit.MILLISECONDS);
        assertThat(time.now()).isEqualTo(stoppedAt); // closed: nothing moves time any more
        assertThat(ran).hasSize(1);
    }

    @Test
    void aThrowingTaskDoesNotStopTheDriver() throws InterruptedException {
        ManualScheduler time = new ManualScheduler(0);
        List<String> ran = new CopyOnWriteArrayList<>();
        time.schedule(() -> {
            throw new IllegalStateException("plugin bug");
        }, 100, TimeUnit.MILLISECONDS);
        time.schedule(() -> ran.add("after"), 1, TimeUnit.SECONDS);
        ManualScheduler.Driver driver = time.drive(Duration.ofMillis(50), Duration.ofMillis(1));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !ran.isEmpty());
        } finally {
            driver.close();
        }
        assertThat(ran).containsExactly("after");
    }
}
