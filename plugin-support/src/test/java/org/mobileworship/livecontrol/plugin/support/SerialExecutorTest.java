package org.mobileworship.livecontrol.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    private final ExecutorService pool = Executors.newCachedThreadPool(DaemonThreadFactory.named("serial-test"));

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A pool that refuses while {@code refusing} is set (a pool being shut down and replaced, or saturated). */
    private final class FlakyPool implements Executor {
        final AtomicBoolean refusing = new AtomicBoolean();

        @Override
        public void execute(Runnable command) {
            if (refusing.get()) {
                throw new RejectedExecutionException("pool is stopping");
            }
            pool.execute(command);
        }
    }

    /**
     * The shape of transport-webrtc's former SerialExecutor: {@code running} is set before the pool is asked,
     * and a refusal leaves it set, so every later task only queues and never runs.
     */
    private static final class FormerWebRtcSerialExecutor implements Executor {
        private final Executor pool;
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private boolean running;

        FormerWebRtcSerialExecutor(Executor pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            synchronized (tasks) {
                tasks.add(task);
                if (running) {
                    return;
                }
                running = true;
            }
            pool.execute(this::drain);
        }

        private void drain() {
            while (true) {
                Runnable next;
                synchronized (tasks) {
                    next = tasks.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                next.run();
            }
        }

        int queued() {
            synchronized (tasks) {
                return tasks.size();
            }
        }
    }

    @Test
    void formerShapeSticksAfterOneRejectedExecution() {
        FlakyPool flaky = new FlakyPool();
        FormerWebRtcSerialExecutor former = new FormerWebRtcSerialExecutor(flaky);
        flaky.refusing.set(true);
        assertThatThrownBy(() -> former.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        flaky.refusing.set(false);

        CountDownLatch ran = new CountDownLatch(1);
        former.execute(ran::countDown);

        // the pool accepts again, yet the task only queued: nothing will ever drain it
        assertThat(ran.getCount()).isEqualTo(1);
        assertThat(former.queued()).isEqualTo(2);
    }

    @Test
    void runOnCallerRunsRefusedTasksAndKeepsServingAfterwards() {
        FlakyPool flaky = new FlakyPool();
        SerialExecutor serial = new SerialExecutor(flaky, "t", SerialExecutor.OnRejection.RUN_ON_CALLER);
        flaky.refusing.set(true);
        List<String> ran = new CopyOnWriteArrayList<>();
        serial.execute(() -> ran.add("refused-" + Thread.currentThread().getName()));
        assertThat(ran).containsExactly("refused-" + Thread.currentThread().getName());

        flaky.refusing.set(false);
        serial.execute(() -> ran.add("later"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("later"));
        assertThat(serial.queued()).isZero();
    }

    @Test
    void discardDropsRefusedTasksAndKeepsServingAfterwards() {
        FlakyPool flaky = new FlakyPool();
        SerialExecutor serial = new SerialExecutor(flaky, "t", SerialExecutor.OnRejection.DISCARD);
        flaky.refusing.set(true);
        AtomicInteger refusedRan = new AtomicInteger();
        serial.execute(refusedRan::incrementAndGet);
        assertThat(refusedRan).hasValue(0);
        assertThat(serial.queued()).isZero();

        flaky.refusing.set(false);
        CountDownLatch later = new CountDownLatch(1);
        serial.execute(later::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> later.getCount() == 0);
        assertThat(refusedRan).hasValue(0);
    }

    @Test
    void runsTasksOneAtATimeInSubmissionOrderFromManyThreads() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool, "t", SerialExecutor.OnRejection.DISCARD);
        int threads = 4;
        int perThread = 2_000;
        List<int[]> seen = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        ExecutorService submitters = Executors.newFixedThreadPool(threads, DaemonThreadFactory.named("submitter"));
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitters.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int seq = i;
                        Runnable task = () -> {
                            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                            seen.add(new int[] {thread, seq});
                            concurrent.decrementAndGet();
                        };
                        if (seq % 2 == 0) {
                            serial.execute(task);
                        } else {
                            serial.executeInlineIfIdle(task);
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == threads * perThread);
        } finally {
            submitters.shutdownNow();
        }
        assertThat(maxConcurrent).hasValue(1);
        int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (int[] s : seen) {
            assertThat(s[1]).as("task order of submitter %d", s[0]).isEqualTo(last[s[0]] + 1);
            last[s[0]] = s[1];
        }
    }

    @Test
    void inLoopIsTrueOnlyInsideItsOwnTasks() {
        SerialExecutor serial = new SerialExecutor(pool, "t", SerialExecutor.OnRejection.DISCARD);
        SerialExecutor other = new SerialExecutor(pool, "o", SerialExecutor.OnRejection.DISCARD);
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        assertThat(serial.inLoop()).isFalse();
        serial.execute(() -> {
            answers.add(serial.inLoop());
            answers.add(other.inLoop());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 2);
        assertThat(answers).containsExactly(true, false);
        serial.executeInlineIfIdle(() -> answers.add(serial.inLoop()));
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 3);
        assertThat(answers.get(2)).isTrue();
    }

    @Test
    void aThrowingTaskDoesNotStopTheQueue() {
        SerialExecutor serial = new SerialExecutor(pool, "t", SerialExecutor.OnRejection.DISCARD);
        CountDownLatch after = new CountDownLatch(1);
        serial.execute(() -> {
            throw new IllegalStateException("listener bug");
        });
        serial.execute(after::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> after.getCount() == 0);
    }

    @Test
    void shutdownDropsQueuedAndLaterTasks() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool, "t", SerialExecutor.OnRejection.DISCARD);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ranAfter = new AtomicInteger();
        serial.execute(() -> {
            started.countDown();
            try {
                blocking.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        serial.execute(ranAfter::incrementAndGet);
        assertThat(serial.queued()).isEqualTo(1);
        serial.shutdown();
        serial.execute(ranAfter::incrementAndGet);
        serial.executeInlineIfIdle(ranAfter::incrementAndGet);
        blocking.countDown();
        CountDownLatch probe = new CountDownLatch(1);
        pool.execute(probe::countDown); // the pool still works; nothing of the serial executor runs
        assertThat(probe.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(serial.queued()).isZero();
        assertThat(ranAfter).hasValue(0);
    }

    @Test
    void tryRunIfIdleRunsOnTheCallerWhenIdleAndRefusesWhenBusy() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool, "try", SerialExecutor.OnRejection.DISCARD);
        Thread caller = Thread.currentThread();
        List<Object> seen = new CopyOnWriteArrayList<>();
        assertThat(serial.tryRunIfIdle(() -> {
            seen.add(Thread.currentThread());
            seen.add(serial.inLoop());
        })).isTrue();
        assertThat(seen).containsExactly(caller, true);

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        serial.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        assertThat(serial.tryRunIfIdle(ran::incrementAndGet)).isFalse(); // busy: nothing run, the caller decides
        release.countDown();
        await().until(() -> serial.queued() == 0);
        assertThat(ran).hasValue(0);
    }

    @Test
    void tryRunIfIdleHandsWhatWasQueuedMeanwhileToThePoolNotToTheCaller() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool, "try", SerialExecutor.OnRejection.DISCARD);
        Thread caller = Thread.currentThread();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Thread> queuedRanOn = new CopyOnWriteArrayList<>();
        assertThat(serial.tryRunIfIdle(() -> {
            order.add("inline");
            serial.execute(() -> {
                queuedRanOn.add(Thread.currentThread());
                order.add("queued meanwhile");
            });
        })).isTrue();
        await().until(() -> order.size() == 2);
        assertThat(order).containsExactly("inline", "queued meanwhile");
        assertThat(queuedRanOn).doesNotContain(caller);
    }
}
