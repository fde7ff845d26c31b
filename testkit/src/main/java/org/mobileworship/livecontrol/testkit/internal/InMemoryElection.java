package org.mobileworship.livecontrol.testkit.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionListener;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One node's view of the in-memory election; the decisions are made by {@link ElectionCoordinator}. */
public final class InMemoryElection implements Election {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryElection.class);

    /**
     * Config key: how long the election waits after the first node joins before electing, so nodes
     * starting together compete ({@code 100ms}).
     */
    public static final String SETTLE_KEY = "livecontrol.testkit.election.settle";

    private final ElectionContext context;
    private final java.time.Duration settle;
    private final ElectionCoordinator coordinator;
    private final SerialExecutor callbacks;
    private volatile ElectionListener listener;
    private volatile LeaderStatus status = LeaderStatus.none();
    private volatile boolean started;
    private volatile boolean closed;

    public InMemoryElection(ElectionContext context, NetworkCore core) {
        this.context = context;
        this.coordinator = core.elections();
        this.callbacks = core.newSerial("election-" + context.localId());
        this.settle = context.config().getDuration(SETTLE_KEY, java.time.Duration.ofMillis(100));
    }

    java.time.Duration settle() {
        return settle;
    }

    ElectionContext context() {
        return context;
    }

    @Override
    public void start(ElectionListener electionListener) {
        Objects.requireNonNull(electionListener, "listener");
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException("election of " + context.localId() + " already started or closed");
            }
            started = true;
            this.listener = electionListener;
        }
        coordinator.join(this);
    }

    @Override
    public LeaderStatus status() {
        return status;
    }

    @Override
    public void leaderUnreachable(PeerId leader, String reason) {
        if (started && !closed) {
            coordinator.unreachable(this, leader, reason);
        }
    }

    /**
     * Reports a decision to the listener; a follower first verifies the leader through the probe, as the
     * contract requires, and reports it unreachable when it does not answer.
     */
    void report(LeaderStatus decided, boolean verify) {
        if (!verify || !decided.hasLeader()) {
            callbacks.execute(() -> deliver(decided));
            return;
        }
        context.probe().probe(decided.endpoint(), ElectionCoordinator.PROBE_TIMEOUT)
                .exceptionally(t -> Optional.empty())
                .thenAccept(health -> callbacks.execute(() -> {
                    if (verified(decided, health)) {
                        deliver(decided);
                    } else if (!closed) {
                        LOG.info("{}: leader {} did not answer its probe", context.localId(), decided.leaderId());
                        coordinator.unreachable(this, decided.leaderId(), "probe of new leader failed");
                    }
                }));
    }

    private static boolean verified(LeaderStatus decided, Optional<LeaderHealth> health) {
        return health.isPresent() && health.get().leaderId().equals(decided.leaderId());
    }

    private void deliver(LeaderStatus decided) {
        if (closed || decided.term() < status.term()) {
            return;
        }
        if (decided.equals(status)) {
            return;
        }
        status = decided;
        listener.leaderChanged(decided);
    }

    void announceLeader(PeerId leader, long term, int port) {
        if (closed) {
            return;
        }
        try {
            context.discovery().announce(new Announcement(context.localId(), context.localType(),
                    context.displayName(), context.startedAtMillis(), leader, term, port,
                    Announcement.PROTOCOL_VERSION));
        } catch (RuntimeException e) {
            LOG.debug("{}: could not announce leader {}: {}", context.localId(), leader, e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (started) {
            try {
                coordinator.leave(this).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("{}: leaving the in-memory election did not finish in 5 s", context.localId());
            }
        }
        callbacks.shutdown();
    }
}
