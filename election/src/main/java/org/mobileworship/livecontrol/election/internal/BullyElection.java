package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionListener;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.election.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bully-variant election state machine with terms, probe-verified leaders and duplicate-leader back-down.
 *
 * <p>States: {@code DISCOVERING} (listening for an existing leader) → {@code CANDIDATE} (an election of
 * term <i>t</i> runs: verify claimants, else the best-priority candidate serves) → {@code LEADER} or
 * {@code FOLLOWER}; leader loss goes back to {@code CANDIDATE} with term <i>t+1</i>. Claims seen while no
 * leader is known are verified ({@code VERIFYING} is not a separate state: probes run concurrently and the
 * first verified claim wins).
 *
 * <p>Rules: an mDNS record is never proof of life — every leader is verified by a probe whose health names
 * it; a healthy leader is never pre-empted by a better newcomer (avoids churn; P2P cue links do not depend on
 * the leader anyway) — only when two leaders exist does the lower-priority one step down; a follower whose
 * runtime reports the leader unreachable probes it first and keeps it if it answers (a flapping follower
 * causes no churn).
 *
 * <p>Threading: every entry point hops onto {@code events}; handlers run under one lock, so listener calls
 * are serialized and ordered. {@link #close()} runs synchronously on the caller.
 */
public final class BullyElection implements Election, DiscoveryListener {

    private static final Logger log = LoggerFactory.getLogger(BullyElection.class);

    /** The explicit states. */
    public enum State { NEW, DISCOVERING, CANDIDATE, LEADER, FOLLOWER, CLOSED }

    private final ElectionContext ctx;
    private final ElectionSettings settings;
    private final Executor events;
    private final Runnable onClose;
    private final Object lock = new Object();
    private final Announcement base;
    private final Priority myPriority;

    // --- guarded by lock ---
    private State state = State.NEW;
    private ElectionListener listener;
    /** Highest term this node used or followed; never decreases. */
    private long term;
    private PeerId leader;
    private long leaderTerm;
    private InetSocketAddress leaderEndpoint;
    private final Map<PeerId, DiscoveredPeer> peers = new HashMap<>();
    /** Peers not eligible as candidates, with the announcement they had when excluded. */
    private final Map<PeerId, Announcement> excluded = new HashMap<>();
    private final Set<PeerId> probing = new HashSet<>();
    private PeerId awaited;
    private ScheduledFuture<?> phaseTimer;
    private ScheduledFuture<?> pollTimer;
    private ScheduledFuture<?> recheckTimer;
    private int serveFailures;
    /** The leader whose loss started the current term, if any. */
    private PeerId lostLeader;
    /** Whether this term already postponed self-election because peers still followed {@link #lostLeader}. */
    private boolean postponed;
    private boolean waitingOnPostponement;
    private long lastLeaderCheckMillis = Long.MIN_VALUE / 2;
    /** Bumped whenever the state machine moves on, so late probe results of an old phase are dropped. */
    private long epoch;

    private volatile LeaderStatus status = LeaderStatus.none();
    private volatile State publicState = State.NEW;

    /**
     * @param events  executor that runs all election work one task at a time (a private thread in
     *                production, a fake scheduler in tests)
     * @param onClose called once by {@link #close()} (e.g. shuts {@code events} down)
     */
    public BullyElection(ElectionContext ctx, ElectionSettings settings, Executor events, Runnable onClose) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        this.onClose = onClose == null ? () -> { } : onClose;
        this.base = new Announcement(ctx.localId(), ctx.localType(), ctx.displayName(), ctx.startedAtMillis(),
                null, 0, 0, Announcement.PROTOCOL_VERSION);
        this.myPriority = Priority.of(base);
    }

    // ------------------------------------------------------------------ public API

    @Override
    public void start(ElectionListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("election already started (state " + state + ")");
            }
            this.listener = listener;
            setState(State.DISCOVERING);
            log.info("election: {} ({}) discovering for {} ms", base.peerId(), base.peerType(),
                    settings.discoveryWait().toMillis());
            refreshPeers();
            for (DiscoveredPeer p : List.copyOf(peers.values())) {
                onClaimSeen(p);
            }
            phaseTimer = schedule(settings.discoveryWait(), () -> {
                if (state == State.DISCOVERING) {
                    beginElection("no verified leader after discovery wait");
                }
            });
            long poll = settings.pollInterval().toMillis();
            pollTimer = ctx.scheduler().scheduleWithFixedDelay(() -> post(this::pollDiscovery), poll, poll,
                    TimeUnit.MILLISECONDS);
            long re = settings.recheck().toMillis();
            recheckTimer = ctx.scheduler().scheduleWithFixedDelay(() -> post(this::recheck), re, re,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public LeaderStatus status() {
        return status;
    }

    /** The current state (diagnostics and tests). */
    public State state() {
        return publicState;
    }

    /** The current term (diagnostics and tests). */
    public long term() {
        synchronized (lock) {
            return term;
        }
    }

    @Override
    public void leaderUnreachable(PeerId reported, String reason) {
        post(() -> {
            if (state != State.FOLLOWER || !Objects.equals(reported, leader)) {
                log.debug("election: ignoring unreachable report for {} ({}); state {}, leader {}", reported,
                        reason, state, leader);
                return;
            }
            log.info("election: runtime reports leader {} unreachable ({}); probing it", reported, reason);
            checkLeader("runtime: " + reason);
        });
    }

    @Override
    public void peerSeen(DiscoveredPeer peer) {
        Objects.requireNonNull(peer, "peer");
        post(() -> onPeer(peer));
    }

    @Override
    public void peerGone(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        post(() -> onGone(peer));
    }

    @Override
    public void networkChanged() {
        post(() -> {
            if (state == State.FOLLOWER) {
                checkLeader("network changed");
            }
        });
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            State was = state;
            setState(State.CLOSED);
            epoch++;
            cancel(phaseTimer);
            cancel(pollTimer);
            cancel(recheckTimer);
            if (was == State.LEADER) {
                try {
                    ctx.leadership().stopServing("leader closing");
                } catch (RuntimeException e) {
                    log.warn("election: stopServing failed on close", e);
                }
            }
            status = LeaderStatus.none(term);
        }
        onClose.run();
    }

    // ------------------------------------------------------------------ event handlers (hold lock)

    private void post(Runnable task) {
        try {
            events.execute(() -> {
                synchronized (lock) {
                    if (state == State.CLOSED || state == State.NEW) {
                        return;
                    }
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("election: unexpected failure in state {}", state, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("election: event dropped after close");
        }
    }

    private void pollDiscovery() {
        Map<PeerId, DiscoveredPeer> now = snapshot();
        for (PeerId id : List.copyOf(peers.keySet())) {
            if (!now.containsKey(id)) {
                onGone(id);
            }
        }
        for (DiscoveredPeer p : now.values()) {
            onPeer(p);
        }
    }

    private void onPeer(DiscoveredPeer p) {
        Announcement a = p.announcement();
        if (a.peerId().equals(base.peerId())) {
            return;
        }
        DiscoveredPeer old = peers.get(a.peerId());
        if (old != null) {
            Announcement oa = old.announcement();
            if (oa.equals(a) && old.addresses().equals(p.addresses())) {
                peers.put(a.peerId(), p); // refresh lastSeen only
                return;
            }
            if (oa.startedAtMillis() == a.startedAtMillis() && a.term() < oa.term()) {
                log.debug("election: ignoring stale announcement of {} (term {} < {})", a.peerId(), a.term(),
                        oa.term());
                return;
            }
        }
        peers.put(a.peerId(), p);
        Announcement ex = excluded.get(a.peerId());
        if (ex != null && !ex.equals(a)) {
            excluded.remove(a.peerId()); // it changed, so it is alive enough to be reconsidered
        }
        switch (state) {
            case DISCOVERING, CANDIDATE -> {
                onClaimSeen(p);
                if (state == State.CANDIDATE && waitingOnPostponement && followerOfLostLeader() == null) {
                    waitingOnPostponement = false;
                    runRound();
                    return;
                }
                if (Objects.equals(awaited, a.peerId()) && !a.claimsLeadership() && a.leaderId() != null
                        && !a.leaderId().equals(a.peerId())) {
                    log.info("election: awaited candidate {} follows {} instead", a.peerId(), a.leaderId());
                }
            }
            case LEADER -> onPeerWhileLeader(p);
            case FOLLOWER -> onPeerWhileFollower(p);
            default -> { }
        }
    }

    private void onGone(PeerId id) {
        peers.remove(id);
        excluded.remove(id);
        if (state == State.FOLLOWER && id.equals(leader)) {
            log.info("election: leader {} withdrew its announcement; probing it", id);
            checkLeader("leader withdrew its announcement");
        } else if (state == State.CANDIDATE && id.equals(awaited)) {
            log.info("election: awaited candidate {} left; re-running term {}", id, term);
            awaited = null;
            runRound();
        }
    }

    /** No leader known: verify any claim; the first verified claim is followed. */
    private void onClaimSeen(DiscoveredPeer p) {
        if (!p.announcement().claimsLeadership()) {
            return;
        }
        verify(p, (ok, health) -> {
            if (state != State.DISCOVERING && state != State.CANDIDATE) {
                return;
            }
            if (ok) {
                follow(p, health, "verified leader claim");
            } else {
                exclude(p, "claims leadership but its probe failed");
                if (state == State.CANDIDATE && Objects.equals(awaited, p.announcement().peerId())) {
                    awaited = null;
                    runRound();
                }
            }
        });
    }

    private void onPeerWhileLeader(DiscoveredPeer p) {
        Announcement a = p.announcement();
        if (!a.claimsLeadership()) {
            return; // no pre-emption: a better non-leader newcomer simply follows us
        }
        if (Priority.of(a).beats(myPriority)) {
            verify(p, (ok, health) -> {
                if (state != State.LEADER) {
                    return;
                }
                if (ok) {
                    log.info("election: duplicate leader {} has higher priority; backing down", a.peerId());
                    safeStopServing("backing down to " + a.peerId());
                    follow(p, health, "duplicate leader back-down");
                } else {
                    reassertAbove(a);
                }
            });
        } else {
            reassertAbove(a);
        }
    }

    /** Keeps cluster terms monotonic: a surviving leader re-asserts above any competing claim's term. */
    private void reassertAbove(Announcement competitor) {
        if (competitor.term() < term) {
            return;
        }
        long newTerm = competitor.term() + 1;
        try {
            InetSocketAddress ep = ctx.leadership().startServing(newTerm);
            term = newTerm;
            leaderTerm = newTerm;
            leaderEndpoint = ep;
            ctx.discovery().announce(base.withLeader(base.peerId(), term, ep.getPort()));
            status = new LeaderStatus(base.peerId(), true, term, ep);
            log.info("election: competing leader claim by {} at term {}; re-asserting at term {}",
                    competitor.peerId(), competitor.term(), term);
        } catch (RuntimeException e) {
            log.warn("election: could not keep serving at term {}: {}", newTerm, e.toString());
            stepDownToElection("signaling server failed: " + e.getMessage());
        }
    }

    private void onPeerWhileFollower(DiscoveredPeer p) {
        Announcement a = p.announcement();
        if (a.peerId().equals(leader)) {
            if (a.claimsLeadership()) {
                InetSocketAddress ep = endpointOf(p);
                if (a.term() > leaderTerm || (ep != null && !ep.equals(leaderEndpoint))) {
                    leaderTerm = Math.max(leaderTerm, a.term());
                    term = Math.max(term, leaderTerm);
                    boolean moved = ep != null && !ep.equals(leaderEndpoint);
                    if (ep != null) {
                        leaderEndpoint = ep;
                    }
                    ctx.discovery().announce(base.withLeader(leader, leaderTerm, 0));
                    LeaderStatus s = new LeaderStatus(leader, false, term, leaderEndpoint);
                    if (moved) {
                        emit(s);
                    } else {
                        status = s;
                    }
                }
                return;
            }
            // Our leader no longer claims: it stepped down (maybe to someone) or stopped serving.
            if (a.leaderId() != null && !a.leaderId().equals(a.peerId()) && !a.leaderId().equals(base.peerId())) {
                DiscoveredPeer winner = peers.get(a.leaderId());
                if (winner != null && winner.announcement().claimsLeadership()) {
                    verify(winner, (ok, health) -> {
                        if (state == State.FOLLOWER && ok) {
                            follow(winner, health, "previous leader " + a.peerId() + " backed down to it");
                        } else if (state == State.FOLLOWER) {
                            checkLeader("leader " + a.peerId() + " points to unverifiable " + winner.announcement().peerId());
                        }
                    });
                    return;
                }
            }
            checkLeader("leader no longer announces leadership");
            return;
        }
        // Someone runs an election at a higher term than ours without a leader: did our leader die?
        if (a.leaderId() == null && a.term() > leaderTerm) {
            long nowMs = now();
            if (nowMs - lastLeaderCheckMillis >= settings.recheck().toMillis()) {
                lastLeaderCheckMillis = nowMs;
                checkLeader(a.peerId() + " runs an election at term " + a.term());
            }
        }
        // any other leader claim is ignored: no pre-emption of a healthy leader
    }

    /** Periodic: leaders look for higher-priority live claimants (missed events, failed probes). */
    private void recheck() {
        if (state == State.LEADER) {
            for (DiscoveredPeer p : List.copyOf(peers.values())) {
                if (p.announcement().claimsLeadership() && Priority.of(p.announcement()).beats(myPriority)) {
                    onPeerWhileLeader(p);
                }
            }
        }
    }

    // ------------------------------------------------------------------ transitions

    private void checkLeader(String why) {
        PeerId current = leader;
        InetSocketAddress ep = leaderEndpoint;
        if (current == null || ep == null) {
            return;
        }
        long myEpoch = epoch;
        probe(ep, (health) -> {
            if (state != State.FOLLOWER || epoch != myEpoch || !current.equals(leader)) {
                return;
            }
            if (health.isPresent() && health.get().leaderId().equals(current)) {
                log.info("election: leader {} still answers ({}); keeping it", current, why);
                return;
            }
            log.warn("election: leader {} is gone ({}); new election", current, why);
            DiscoveredPeer p = peers.get(current);
            if (p != null) {
                exclude(p, "leader failed its probe");
            }
            leader = null;
            leaderEndpoint = null;
            beginElection("leader " + current + " lost", current);
        });
    }

    private void beginElection(String why) {
        beginElection(why, null);
    }

    private void beginElection(String why, PeerId lost) {
        cancel(phaseTimer);
        epoch++;
        long maxSeen = peers.values().stream().mapToLong(p -> p.announcement().term()).max().orElse(0);
        term = Math.max(term, maxSeen) + 1;
        leader = null;
        leaderEndpoint = null;
        awaited = null;
        lostLeader = lost;
        postponed = false;
        waitingOnPostponement = false;
        setState(State.CANDIDATE);
        log.info("election: term {} begins ({})", term, why);
        ctx.discovery().announce(base.withLeader(null, term, 0));
        emit(LeaderStatus.none(term));
        runRound();
    }

    /** One round of the current term: verify claimants first, then the best candidate serves. */
    private void runRound() {
        if (state != State.CANDIDATE) {
            return;
        }
        cancel(phaseTimer);
        waitingOnPostponement = false;
        refreshPeers();
        List<DiscoveredPeer> claimants = new ArrayList<>();
        for (DiscoveredPeer p : peers.values()) {
            if (p.announcement().claimsLeadership()) {
                claimants.add(p);
            }
        }
        if (claimants.isEmpty()) {
            choose();
            return;
        }
        long myEpoch = epoch;
        int[] pending = {claimants.size()};
        for (DiscoveredPeer c : claimants) {
            // Excluded claimants are probed too: "excluded until seen alive again" (absorbs flapping).
            verifyUnconditionally(c, (ok, health) -> {
                if (state != State.CANDIDATE || epoch != myEpoch) {
                    return;
                }
                if (ok) {
                    follow(c, health, "verified leader claim during election");
                    return;
                }
                exclude(c, "claims leadership but its probe failed");
                if (--pending[0] == 0) {
                    choose();
                }
            });
        }
    }

    private void choose() {
        Priority best = myPriority;
        DiscoveredPeer bestPeer = null;
        for (DiscoveredPeer p : peers.values()) {
            Announcement a = p.announcement();
            if (excluded.containsKey(a.peerId())) {
                continue;
            }
            Priority pr = Priority.of(a);
            if (pr.beats(best)) {
                best = pr;
                bestPeer = p;
            }
        }
        if (bestPeer == null) {
            PeerId stillFollowing = followerOfLostLeader();
            if (stillFollowing != null && !postponed) {
                // Others still follow the leader we could not reach: maybe only we are cut off (a flapping
                // follower). Give them time to confirm (our election announcement makes them probe it) and
                // re-probe it ourselves before taking over; proceed early as soon as they change their mind.
                postponed = true;
                waitingOnPostponement = true;
                log.info("election: term {}: {} still follows {}; postponing self-election up to {} ms", term,
                        stillFollowing, lostLeader, settings.claimWait().toMillis());
                long myEpoch = epoch;
                phaseTimer = schedule(settings.claimWait(), () -> {
                    if (state == State.CANDIDATE && epoch == myEpoch && waitingOnPostponement) {
                        waitingOnPostponement = false;
                        runRound();
                    }
                });
                return;
            }
            becomeLeader();
            return;
        }
        PeerId candidate = bestPeer.announcement().peerId();
        awaited = candidate;
        log.info("election: term {}: waiting up to {} ms for {} to lead", term, settings.claimWait().toMillis(),
                candidate);
        long myEpoch = epoch;
        phaseTimer = schedule(settings.claimWait(), () -> {
            if (state == State.CANDIDATE && epoch == myEpoch && candidate.equals(awaited)) {
                DiscoveredPeer p = peers.get(candidate);
                if (p != null) {
                    exclude(p, "did not take the lead within " + settings.claimWait().toMillis() + " ms");
                }
                awaited = null;
                runRound();
            }
        });
    }

    private PeerId followerOfLostLeader() {
        if (lostLeader == null) {
            return null;
        }
        for (DiscoveredPeer p : peers.values()) {
            Announcement a = p.announcement();
            if (!excluded.containsKey(a.peerId()) && !a.peerId().equals(lostLeader)
                    && lostLeader.equals(a.leaderId())) {
                return a.peerId();
            }
        }
        return null;
    }

    private void becomeLeader() {
        InetSocketAddress ep;
        try {
            ep = ctx.leadership().startServing(term);
        } catch (RuntimeException e) {
            serveFailures++;
            long backoff = Math.min(settings.serveRetryMax().toMillis(),
                    settings.serveRetryMin().toMillis() << Math.min(serveFailures - 1, 16));
            log.warn("election: cannot serve signaling for term {} ({}); not claiming, retry in {} ms", term,
                    e.getMessage(), backoff);
            long myEpoch = epoch;
            phaseTimer = schedule(Duration.ofMillis(backoff), () -> {
                if (state == State.CANDIDATE && epoch == myEpoch) {
                    runRound();
                }
            });
            return;
        }
        serveFailures = 0;
        cancel(phaseTimer);
        epoch++;
        awaited = null;
        leader = base.peerId();
        leaderTerm = term;
        leaderEndpoint = ep;
        setState(State.LEADER);
        log.info("election: {} leads term {} at {}", base.peerId(), term, ep);
        ctx.discovery().announce(base.withLeader(base.peerId(), term, ep.getPort()));
        emit(new LeaderStatus(base.peerId(), true, term, ep));
        // A claim that arrived while we were electing may be a duplicate leader.
        for (DiscoveredPeer p : List.copyOf(peers.values())) {
            onPeerWhileLeader(p);
            if (state != State.LEADER) {
                break;
            }
        }
    }

    private void follow(DiscoveredPeer verified, LeaderHealth health, String why) {
        // the record may have changed (e.g. a re-asserted term) while the probe was in flight
        DiscoveredPeer p = peers.getOrDefault(verified.announcement().peerId(), verified);
        if (!p.announcement().claimsLeadership()) {
            p = verified;
        }
        Announcement a = p.announcement();
        cancel(phaseTimer);
        epoch++;
        awaited = null;
        excluded.remove(a.peerId());
        leader = a.peerId();
        leaderTerm = Math.max(a.term(), health == null ? 0 : health.term());
        term = Math.max(term, leaderTerm);
        leaderEndpoint = endpointOf(p);
        setState(State.FOLLOWER);
        log.info("election: following {} (term {}): {}", leader, leaderTerm, why);
        ctx.discovery().announce(base.withLeader(leader, leaderTerm, 0));
        emit(new LeaderStatus(leader, false, term, leaderEndpoint));
    }

    private void stepDownToElection(String why) {
        safeStopServing(why);
        beginElection(why);
    }

    private void safeStopServing(String reason) {
        try {
            ctx.leadership().stopServing(reason);
        } catch (RuntimeException e) {
            log.warn("election: stopServing failed", e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void exclude(DiscoveredPeer p, String why) {
        Announcement prev = excluded.put(p.announcement().peerId(), p.announcement());
        if (prev == null) {
            log.info("election: excluding {} as candidate: {}", p.announcement().peerId(), why);
        }
    }

    /** Probes a claimant unless a probe of it is already in flight. */
    private void verify(DiscoveredPeer p, BiConsumer<Boolean, LeaderHealth> then) {
        if (probing.contains(p.announcement().peerId())) {
            return;
        }
        verifyUnconditionally(p, then);
    }

    private void verifyUnconditionally(DiscoveredPeer p, BiConsumer<Boolean, LeaderHealth> then) {
        PeerId id = p.announcement().peerId();
        InetSocketAddress ep = endpointOf(p);
        if (ep == null) {
            then.accept(false, null);
            return;
        }
        probing.add(id);
        probe(ep, health -> {
            probing.remove(id);
            boolean ok = health.isPresent() && health.get().leaderId().equals(id);
            if (health.isPresent() && !ok) {
                log.info("election: {} claims leadership but {} answers for {}", id, ep, health.get().leaderId());
            }
            then.accept(ok, health.orElse(null));
        });
    }

    private void probe(InetSocketAddress ep, java.util.function.Consumer<Optional<LeaderHealth>> then) {
        try {
            ctx.probe().probe(ep, settings.probeTimeout()).whenComplete((h, ex) -> post(() -> {
                Optional<LeaderHealth> r = ex != null || h == null ? Optional.empty() : h;
                then.accept(r);
            }));
        } catch (RuntimeException e) {
            log.warn("election: probe of {} threw (contract says never): {}", ep, e.toString());
            post(() -> then.accept(Optional.empty()));
        }
    }

    private static InetSocketAddress endpointOf(DiscoveredPeer p) {
        int port = p.announcement().signalingPort();
        if (p.addresses().isEmpty() || port <= 0) {
            return null;
        }
        return new InetSocketAddress(p.addresses().get(0), port);
    }

    private void refreshPeers() {
        Map<PeerId, DiscoveredPeer> now = snapshot();
        peers.keySet().retainAll(now.keySet());
        for (DiscoveredPeer p : now.values()) {
            DiscoveredPeer old = peers.get(p.announcement().peerId());
            if (old == null || !old.equals(p)) {
                peers.put(p.announcement().peerId(), p);
            }
        }
    }

    private Map<PeerId, DiscoveredPeer> snapshot() {
        Map<PeerId, DiscoveredPeer> m = new HashMap<>();
        try {
            for (DiscoveredPeer p : ctx.discovery().peers()) {
                if (!p.announcement().peerId().equals(base.peerId())) {
                    m.put(p.announcement().peerId(), p);
                }
            }
        } catch (RuntimeException e) {
            log.warn("election: discovery.peers() failed: {}", e.toString());
            m.putAll(peers);
        }
        return m;
    }

    private void emit(LeaderStatus s) {
        if (s.term() < status.term()) {
            s = new LeaderStatus(s.leaderId(), s.self(), status.term(), s.endpoint());
        }
        status = s;
        try {
            listener.leaderChanged(s);
        } catch (RuntimeException e) {
            log.warn("election: listener failed on {}", s, e);
        }
    }

    private void setState(State s) {
        state = s;
        publicState = s;
    }

    private long now() {
        return ctx.clock().millis();
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return ctx.scheduler().schedule(() -> post(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
