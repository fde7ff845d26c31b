package org.mobileworship.livecontrol.plugin.support;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: each link or listener gets its own ordered
 * "thread" without a thread of its own, and one task blocked in native code holds up only its own queue.
 *
 * <p>Modelled on Netty's event loop: {@link #inLoop()} tells a task it is already running on this executor, so
 * code that must run "on the loop" can run inline instead of queueing behind itself, and
 * {@link #executeInlineIfIdle} saves a thread hop for short tasks when nothing is queued.
 *
 * <p>Shutdown is one behaviour for every user: when the pool refuses the drain (it is shutting down), the
 * executor never stays marked as running — a later task would then queue forever. What happens to the refused
 * tasks is the {@link OnRejection} chosen at construction. {@link #shutdown()} drops what is queued and refuses
 * (drops) new tasks. A task that throws is logged and the queue goes on.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    /** What to do with queued tasks when the pool refuses to run them. */
    public enum OnRejection {
        /** Run them on the calling thread, so a late callback (e.g. {@code closed}) is not lost. */
        RUN_ON_CALLER,
        /** Drop them (logged at debug): the owner is being torn down and late tasks are moot. */
        DISCARD
    }

    private final Executor pool;
    private final String name;
    private final OnRejection onRejection;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    // guarded by tasks
    private boolean running;
    private boolean shutdown;
    /** The thread draining right now, or null: what {@link #inLoop()} compares with. */
    private volatile Thread drainer;

    /**
     * @param pool        runs the drains; may be shared by many serial executors
     * @param name        names this queue in logs
     * @param onRejection what happens to queued tasks when {@code pool} refuses them
     */
    public SerialExecutor(Executor pool, String name, OnRejection onRejection) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.name = Objects.requireNonNull(name, "name");
        this.onRejection = Objects.requireNonNull(onRejection, "onRejection");
    }

    /** Queues {@code task}; dropped after {@link #shutdown()}. Never throws for a refusing pool. */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            if (shutdown) {
                LOG.debug("{}: task dropped after shutdown", name);
                return;
            }
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            rejected();
        }
    }

    /**
     * Runs {@code task} on the calling thread when nothing is queued or running (order is kept), else queues it.
     * For short, non-blocking tasks, such as handing a received frame to a listener that itself only enqueues.
     */
    public void executeInlineIfIdle(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            if (shutdown) {
                LOG.debug("{}: task dropped after shutdown", name);
                return;
            }
            if (running || !tasks.isEmpty()) {
                tasks.add(task);
                return;
            }
            running = true;
            tasks.add(task);
        }
        drain(); // the task, then whatever was queued meanwhile; clears running when empty
    }

    /**
     * Runs {@code task} on the calling thread if nothing is queued or running, and returns true; else runs
     * nothing and returns false (the caller decides, e.g. {@link #execute}). Unlike {@link #executeInlineIfIdle}
     * the caller never drains other tasks: what was queued meanwhile goes to the pool. For a caller that must
     * not run anyone else's work, such as a native callback thread sending its own answer.
     */
    public boolean tryRunIfIdle(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            if (shutdown || running || !tasks.isEmpty()) {
                return false;
            }
            running = true;
        }
        drainer = Thread.currentThread();
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("{}: task threw", name, e);
        } finally {
            drainer = null;
        }
        synchronized (tasks) {
            if (tasks.isEmpty()) {
                running = false;
                return true;
            }
        }
        try {
            pool.execute(this::drain); // still marked running: the pool's thread takes over
        } catch (RejectedExecutionException e) {
            rejected();
        }
        return true;
    }

    /** Whether the calling thread is running one of this executor's tasks right now. */
    public boolean inLoop() {
        return drainer == Thread.currentThread();
    }

    /** Drops the tasks not yet started and refuses (drops) new ones; a task running now finishes. */
    public void shutdown() {
        synchronized (tasks) {
            shutdown = true;
            tasks.clear();
        }
    }

    /** Tasks queued and not yet started (for tests and diagnostics). */
    public int queued() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    private void rejected() {
        if (onRejection == OnRejection.RUN_ON_CALLER) {
            LOG.debug("{}: pool refused the drain; running the queued tasks on the caller", name);
            drain();
            return;
        }
        int dropped;
        synchronized (tasks) {
            dropped = tasks.size();
            tasks.clear();
            running = false;
        }
        LOG.debug("{}: pool refused the drain; {} queued task(s) dropped", name, dropped);
    }

    /** Only ever runs by the thread that set {@code running}, so one drainer at a time. */
    private void drain() {
        drainer = Thread.currentThread();
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    drainer = null; // before running=false: the next drainer may set it right after
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("{}: task threw", name, e);
            }
        }
    }
}
