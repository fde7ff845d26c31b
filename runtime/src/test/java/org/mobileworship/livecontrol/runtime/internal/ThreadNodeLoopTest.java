package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadNodeLoopTest {
    private final ThreadNodeLoop loop = new ThreadNodeLoop("t");

    @AfterEach
    void tearDown() {
        loop.shutdown();
    }

    @Test
    void knowsItsOwnThreadAndRefusesLoopStateFromOthers() throws Exception {
        assertThat(loop.inLoop()).isFalse();
        assertThatThrownBy(loop::assertInLoop).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("off the node loop");
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        loop.post(() -> onLoop.complete(loop.inLoop()));
        assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runOrPostRunsInlineOnTheLoopAndQueuesElsewhere() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> {
            loop.post(() -> order.add("queued"));
            loop.runOrPost(() -> order.add("inline"));
            order.add("after");
            loop.post(() -> done.complete(null)); // queued behind "queued"
        });
        done.get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("inline", "after", "queued");
    }

    @Test
    void runInlineIfIdleRunsOnTheCallerAsTheLoopWhenIdle() {
        Thread caller = Thread.currentThread();
        List<Object> seen = new CopyOnWriteArrayList<>();
        assertThat(loop.runInlineIfIdle(() -> {
            seen.add(Thread.currentThread());
            seen.add(loop.inLoop());
        })).isTrue();
        assertThat(seen).containsExactly(caller, true);
        assertThat(loop.inLoop()).isFalse(); // the token is released again
    }

    @Test
    void runInlineIfIdleQueuesBehindARunningTaskAndNeverRunsBesideIt() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        List<String> order = new CopyOnWriteArrayList<>();
        loop.post(() -> {
            started.complete(null);
            release.join();
            order.add("running");
        });
        started.get(5, TimeUnit.SECONDS);
        loop.runInlineIfIdle(() -> order.add("inline"));
        assertThat(order).isEmpty(); // not run beside the task holding the loop
        release.complete(null);
        await().until(() -> order.size() == 2);
        assertThat(order).containsExactly("running", "inline");
    }

    @Test
    void runInlineIfIdleKeepsTheOrderOfTasksAlreadyPosted() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        List<String> order = new CopyOnWriteArrayList<>();
        loop.post(() -> {
            started.complete(null);
            release.join();
        });
        started.get(5, TimeUnit.SECONDS);
        loop.post(() -> order.add("posted first"));
        release.complete(null);
        // whether or not the loop thread already took "posted first", the inline task never overtakes it
        loop.runInlineIfIdle(() -> order.add("inline"));
        await().until(() -> order.size() == 2);
        assertThat(order).containsExactly("posted first", "inline");
    }

    @Test
    void afterTaskRunsOnTheSameThreadOnceTheLoopIsReleasedSoWhatItWakesRunsInline() {
        Thread caller = Thread.currentThread();
        List<Object> seen = new CopyOnWriteArrayList<>();
        assertThat(loop.runInlineIfIdle(() -> {
            loop.afterTask(() -> {
                seen.add(Thread.currentThread());
                seen.add(loop.inLoop());
                seen.add(loop.runningAfterTask());
                // the next cue of a caller woken by this completion: inline, not queued behind a loop wake-up
                seen.add(loop.runInlineIfIdle(() -> seen.add(Thread.currentThread() == caller ? "inline" : "posted")));
            });
            seen.add("task");
        })).isTrue();
        assertThat(seen).containsExactly("task", caller, false, true, "inline", true);
        assertThat(loop.runningAfterTask()).isFalse();
    }

    @Test
    void afterTaskOnTheLoopThreadRunsAfterTheTaskInOrderAndSurvivesAThrowingAction() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> {
            loop.afterTask(() -> {
                // the token is free: another thread's inline run goes ahead now, on that thread
                Thread other = new Thread(() -> loop.runInlineIfIdle(() -> order.add("inline on " + Thread.currentThread().getName())), "other");
                other.start();
                try {
                    other.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // the loop thread between tasks holds no loop state: it is not "in the loop" then
                order.add("first after, in loop " + loop.inLoop() + ", after task " + loop.runningAfterTask());
            });
            loop.afterTask(() -> {
                throw new IllegalStateException("an application callback failed");
            });
            loop.afterTask(() -> done.complete(null));
            order.add("task");
        });
        done.get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("task", "inline on other", "first after, in loop false, after task true");
        // the loop goes on
        CompletableFuture<Void> next = new CompletableFuture<>();
        loop.post(() -> next.complete(null));
        next.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallbacksNestedLoopTaskDoesNotEndItsAfterTaskState() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        loop.runInlineIfIdle(() -> {
            // a delivery callback that sends the next cue: a loop task inline, with an action of its own
            loop.afterTask(() -> loop.runInlineIfIdle(() -> loop.afterTask(() -> seen.add("nested"))));
            // the next callback of the same batch still runs as an after-task action
            loop.afterTask(() -> seen.add(loop.runningAfterTask()));
        });
        assertThat(seen).containsExactly("nested", true);
        assertThat(loop.runningAfterTask()).isFalse();
    }

    @Test
    void runOrPostOnTheLoopThreadBetweenTasksRunsAtOnce() throws Exception {
        // e.g. a delivery callback on the loop thread that closes the node, which waits for its drain task
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        loop.post(() -> loop.afterTask(() -> {
            List<String> order = new CopyOnWriteArrayList<>();
            loop.runOrPost(() -> order.add("ran, in loop " + loop.inLoop()));
            order.add("after");
            done.complete(order);
        }));
        assertThat(done.get(5, TimeUnit.SECONDS)).containsExactly("ran, in loop true", "after");
    }

    @Test
    void afterTaskOutsideALoopTaskRunsAtOnce() {
        List<String> order = new CopyOnWriteArrayList<>();
        loop.afterTask(() -> order.add("now"));
        order.add("then");
        assertThat(order).containsExactly("now", "then");
    }

    @Test
    void runInlineIfIdleAfterShutdownRunsNothing() {
        loop.shutdown();
        AtomicInteger runs = new AtomicInteger();
        assertThat(loop.runInlineIfIdle(runs::incrementAndGet)).isFalse();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aRepeatingTaskThatThrowsKeepsRepeating() {
        AtomicInteger runs = new AtomicInteger();
        loop.every(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
        }, Duration.ofMillis(5));
        await().until(() -> runs.get() >= 3);
    }

    @Test
    void afterShutdownNothingRunsAndCallersAreTold() {
        loop.shutdown();
        assertThat(loop.post(() -> { })).isFalse();
        assertThat(loop.schedule(() -> { }, Duration.ofMillis(1)).isPending()).isFalse();
        assertThat(loop.runOrPost(() -> { })).isFalse();
    }
}
