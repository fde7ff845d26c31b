package org.mobileworship.livecontrol.testkit.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory election of one network: a single decision-maker that sees every live election instance.
 * The leader is the best live node (rank, then earliest start, then smallest id) at the moment a leader is
 * needed; a leader that is alive is kept even when a better node joins later (no pre-emption). Decisions
 * run one at a time on a serial executor so no lock is held while calling the runtime's leadership.
 */
public final class ElectionCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionCoordinator.class);

    /** How long a follower's probe of a new leader may take before it reports the leader unreachable. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Retry interval when no live node could serve. */
    static final Duration RETRY = Duration.ofMillis(500);

    static final Comparator<InMemoryElection> PRIORITY = Comparator
            .comparingInt((InMemoryElection e) -> -e.context().localType().electionRank())
            .thenComparingLong(e -> e.context().startedAtMillis())
            .thenComparing(e -> e.context().localId());

    private final NetworkCore core;
    private final SerialExecutor decisions;
    private final List<InMemoryElection> live = new ArrayList<>();
    private InMemoryElection leader;
    private InetSocketAddress endpoint;
    private long term;
    private boolean retryScheduled;

    ElectionCoordinator(NetworkCore core) {
        this.core = core;
        this.decisions = core.newSerial("election");
    }

    /** The current leader, as the network sees it (diagnostics for tests). */
    public synchronized Optional<PeerId> leader() {
        return Optional.ofNullable(leader).map(e -> e.context().localId());
    }

    public synchronized long term() {
        return term;
    }

    void join(InMemoryElection e) {
        decisions.execute(() -> {
            synchronized (this) {
                live.add(e);
            }
            if (leader == null) {
                // Like a discovery phase: nodes starting together compete instead of the first one winning.
                scheduleElection(e.settle(), "node " + e.context().localId() + " joined");
            } else {
                e.report(new LeaderStatus(leader.context().localId(), false, term, endpoint), true);
                e.announceLeader(leader.context().localId(), term, 0);
            }
        });
    }

    /** Completes once {@code e} is out (and stopped serving if it led). */
    CompletableFuture<Void> leave(InMemoryElection e) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        decisions.execute(() -> {
            try {
                synchronized (this) {
                    live.remove(e);
                }
                if (leader == e) {
                    stopServing(e, "leader left the election");
                    setLeader(null, null);
                    elect(null, "leader " + e.context().localId() + " left");
                }
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    void unreachable(InMemoryElection reporter, PeerId claimed, String reason) {
        decisions.execute(() -> {
            if (leader == null || !leader.context().localId().equals(claimed)) {
                // Stale report about an old leader: tell the reporter the current decision again.
                if (leader != null && live.contains(reporter)) {
                    reporter.report(status(reporter), true);
                }
                return;
            }
            long checkedTerm = term;
            InetSocketAddress checkedEndpoint = endpoint;
            reporter.context().probe().probe(checkedEndpoint, PROBE_TIMEOUT)
                    .exceptionally(t -> Optional.empty())
                    .thenAccept(health -> decisions.execute(() -> afterProbe(reporter, claimed, checkedTerm,
                            health, reason)));
        });
    }

    private void afterProbe(InMemoryElection reporter, PeerId claimed, long checkedTerm,
                            Optional<LeaderHealth> health, String reason) {
        if (term != checkedTerm || leader == null || !leader.context().localId().equals(claimed)) {
            return; // something else already re-elected
        }
        if (health.isPresent() && health.get().leaderId().equals(claimed)) {
            LOG.debug("{} reported leader {} unreachable ({}), but it answers its probe; keeping it",
                    reporter.context().localId(), claimed, reason);
            reporter.report(status(reporter), true);
            return;
        }
        LOG.info("leader {} unreachable ({}): electing anew on network {}", claimed, reason, core.name());
        InMemoryElection old = leader;
        stopServing(old, "leader unreachable: " + reason);
        setLeader(null, null);
        elect(old, "leader " + claimed + " unreachable");
    }

    private LeaderStatus status(InMemoryElection e) {
        if (leader == null) {
            return LeaderStatus.none(term);
        }
        return new LeaderStatus(leader.context().localId(), leader == e, term, endpoint);
    }

    private synchronized void setLeader(InMemoryElection e, InetSocketAddress ep) {
        leader = e;
        endpoint = ep;
    }

    /** Runs on the decision executor. {@code avoid} is passed over unless it is the only live node. */
    private void elect(InMemoryElection avoid, String why) {
        List<InMemoryElection> candidates;
        synchronized (this) {
            candidates = new ArrayList<>(live);
        }
        if (candidates.isEmpty()) {
            setLeader(null, null);
            return;
        }
        candidates.sort(PRIORITY);
        if (avoid != null && candidates.size() > 1 && candidates.remove(avoid)) {
            candidates.add(avoid);
        }
        long newTerm;
        synchronized (this) {
            newTerm = ++term;
        }
        LOG.debug("election on network {} for term {}: {}", core.name(), newTerm, why);
        for (InMemoryElection c : candidates) {
            InetSocketAddress ep;
            try {
                ep = c.context().leadership().startServing(newTerm);
            } catch (RuntimeException ex) {
                LOG.warn("{} cannot serve signaling for term {}: {}", c.context().localId(), newTerm,
                        ex.getMessage());
                continue;
            }
            setLeader(c, ep);
            for (InMemoryElection e : candidates) {
                boolean self = e == c;
                e.announceLeader(c.context().localId(), newTerm, self ? ep.getPort() : 0);
                e.report(new LeaderStatus(c.context().localId(), self, newTerm, ep), !self);
            }
            return;
        }
        // Nobody could serve: report "election running" and try again shortly.
        for (InMemoryElection e : candidates) {
            e.report(LeaderStatus.none(newTerm), false);
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        scheduleElection(RETRY, "retry after nobody could serve");
    }

    /** Elects after {@code delay} unless a leader exists by then; at most one pending at a time. */
    private void scheduleElection(Duration delay, String why) {
        if (retryScheduled) {
            return;
        }
        if (delay.isZero()) {
            elect(null, why);
            return;
        }
        retryScheduled = true;
        try {
            core.scheduler().schedule(() -> decisions.execute(() -> {
                retryScheduled = false;
                if (leader == null) {
                    elect(null, why);
                }
            }), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            retryScheduled = false;
        }
    }

    private static void stopServing(InMemoryElection e, String reason) {
        try {
            e.context().leadership().stopServing(reason);
        } catch (RuntimeException ex) {
            LOG.warn("{}: stopServing failed", e.context().localId(), ex);
        }
    }

    void shutdown() {
        decisions.shutdown();
    }
}
