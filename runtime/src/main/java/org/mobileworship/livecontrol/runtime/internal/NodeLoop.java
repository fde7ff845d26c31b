package org.mobileworship.livecontrol.runtime.internal;

import java.time.Duration;

/**
 * The node's event loop: the one thread that owns every part's mutable state (peer list, links, pending
 * deliveries, the display's registers). Plugin callbacks {@link #post} onto it; API calls made on it run inline
 * through {@link #runOrPost}; an application's delivery callbacks run just after the task that settled them, off
 * the loop ({@link #afterTask}). Modelled on Netty's event loop: {@link #inLoop()} tells a caller whether it may
 * touch loop state directly.
 *
 * <p>Two implementations: {@link ThreadNodeLoop} (a real thread) and, in tests, a manual loop driven on fake time,
 * which is why the parts take a {@code NodeLoop} and a {@code Ticker} instead of an executor and
 * {@code System.nanoTime()}.
 */
interface NodeLoop {

    /** Whether the calling thread is the loop's thread. */
    boolean inLoop();

    /** Fails fast when a loop-confined method is called from another thread: a bug, not a runtime condition. */
    default void assertInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("node state touched off the node loop, from thread "
                    + Thread.currentThread().getName());
        }
    }

    /**
     * Queues {@code task} behind what is already queued (order is kept). Returns false when the loop has shut
     * down (the node is closing); the task is then dropped, which callers treat as "closed".
     */
    boolean post(Runnable task);

    /** Runs {@code task} now when already on the loop, else {@link #post}s it. */
    default boolean runOrPost(Runnable task) {
        if (inLoop()) {
            task.run();
            return true;
        }
        return post(task);
    }

    /**
     * Runs {@code task} as a loop task on the calling thread when the loop is idle (nothing running, nothing
     * posted and not yet started), else {@link #post}s it. For a transport's receive callback: the frame's loop
     * work then runs without waking the loop thread, and what it sends leaves from the callback thread. Loop
     * tasks never block, so the caller is held only as long as the loop would have been. A loop without that
     * ability (the fake-time loop of the tests) just posts.
     */
    default boolean runInlineIfIdle(Runnable task) {
        return post(task);
    }

    /**
     * Runs {@code action} on this thread once the loop task running now has released the loop (at once when no
     * loop task is running here). For completing an application's futures: what waits on them — a caller blocked
     * in {@code join()}, a callback that sends the next cue — would otherwise find the loop still held and have
     * its work queued behind a wake-up of the loop thread (and of a sender thread), instead of running inline.
     * The manual loop of the tests runs it at once.
     */
    default void afterTask(Runnable action) {
        action.run();
    }

    /**
     * Whether this thread is running {@link #afterTask} actions: an application's delivery callback on the thread
     * that settled the delivery — the loop thread between tasks, or a transport's thread still inside its
     * delivery of the ack. Such a thread holds no loop state, yet must not be handed a transport's blocking send.
     */
    default boolean runningAfterTask() {
        return false;
    }

    /** Runs {@code task} on the loop once after {@code delay}. */
    Timer schedule(Runnable task, Duration delay);

    /** Runs {@code task} on the loop every {@code period} (first run after one period), until cancelled. */
    Timer every(Runnable task, Duration period);

    /** Stops the loop; queued and scheduled tasks are dropped. */
    void shutdown();

    /** A scheduled task. */
    interface Timer {
        void cancel();

        /** Whether the task is still due to run (for a repeating task: not cancelled). */
        boolean isPending();

        /** A timer that never runs (what scheduling on a shut-down loop returns). */
        Timer NONE = new Timer() {
            @Override
            public void cancel() {
            }

            @Override
            public boolean isPending() {
                return false;
            }
        };
    }
}
