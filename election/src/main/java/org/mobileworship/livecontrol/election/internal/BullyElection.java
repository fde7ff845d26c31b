package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
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
import java.util.function.Consumer;
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
 * Bully-variant election with terms in which leaders are <em>found and verified by probing</em>, never by
 * waiting for mDNS TXT updates (which propagate slowly or not at all between jmdns instances).
 *
 * <p>Every node announces, from its first record on, the port it serves signaling on when elected, so a peer's
 * endpoint (first address + announced port) is known as soon as its record is visible. A peer is a live
 * leader iff {@code probe(endpoint)} answers with that peer's id ({@code /health} answers only while serving).
 *
 * <p>States: {@code DISCOVERING} (probe every known peer each poll for {@code discovery-wait}; follow a live
 * leader at once) → {@code CANDIDATE} (term <i>t</i> = max seen + 1; keep probing everyone; the best
 * non-excluded candidate by {@link Priority} serves: self only after a full probe round found no live
 * leader, another node is awaited until it answers as leader or {@code claim-wait} passes, then excluded) →
 * {@code LEADER} (keeps probing peers to find duplicate leaders; backs down to a better-priority live leader)
 * or {@code FOLLOWER} (re-probes its leader; a failed probe starts a new election at once).
 *
 * <p>Rules: a verified live leader is always followed rather than claiming (no pre-emption of a healthy
 * leader by a better newcomer); among several live leaders the best <em>priority</em> wins — terms never
 * override priority, so two leaders converge on the better one without a term war; TXT leader-id/term are
 * announced for diagnostics and used only as hints to probe sooner.
 *
 * <p>Threading: every entry point hops onto {@code events}; handlers run under one lock, so listener calls
 * are serialized and ordered. {@link #close()} runs synchronously on the caller.
 */
public final class BullyElection implements Election, DiscoveryListener {

    private static final Logger log = LoggerFactory.getLogger(BullyElection.class);
    private static final String SIGNALING_PORT_KEY = "livecontrol.signaling.port";

    /** The explicit states. */
    public enum State { NEW, DISCOVERING, CANDIDATE, LEADER, FOLLOWER, CLOSED }

    /** A peer whose probe answered with its own id during the current epoch. */
    private record Found(DiscoveredPeer peer, InetSocketAddress endpoint, LeaderHealth health) {
        PeerId id() {
            return peer.announcement().peerId();
        }

        Priority priority() {
            return Priority.of(peer.announcement());
        }
    }

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
    /** The port this node announces (it serves there when elected); 0 while unknown. */
    private int ownPort;
    private final Map<PeerId, DiscoveredPeer> peers = new HashMap<>();
    /** Peers not eligible as candidates, with the announcement they had when excluded. */
    private final Map<PeerId, Announcement> excluded = new HashMap<>();
    /**
     * Leaders lost in the current term: not candidates of this term only. A leader that failed its probe may
     * merely have backed down (its TXT may never say so), so it is a candidate again in the next election.
     */
    private final Set<PeerId> lostThisTerm = new HashSet<>();
    /** Peers with a probe in flight, with the epoch it was started in. */
    private final Map<PeerId, Long> inFlight = new HashMap<>();
    /** Live leaders found by probes started in the current epoch. */
    private final Map<PeerId, Found> live = new HashMap<>();
    /** Peers whose probe completed (answer or not) in the current epoch. */
    private final Set<PeerId> probed = new HashSet<>();
    private PeerId awaited;
    /** The best candidate is this node: claim once a full probe round found no live leader. */
    private boolean wantSelf;
    private ScheduledFuture<?> phaseTimer;
    private ScheduledFuture<?> tickTimer;
    private int serveFailures;
    /** The leader whose loss started the current term, if any, and when it was lost. */
    private PeerId lostLeader;
    private long lostAtMillis;
    private int leaderMisses;
    private long lastLeaderCheckMillis;
    private long lastHintCheckMillis = Long.MIN_VALUE / 2;
    /** Bumped whenever the state machine moves on, so late results of an old phase are dropped. */
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
        this.ownPort = configuredPort(ctx);
    }

    /**
     * The port the runtime announces for this node. The runtime announces it itself at discovery start; the
     * election must repeat it in its own announcements, and learns it from {@code livecontrol.signaling.port}
     * (the runtime passes the effective, possibly reserved, port) or from the first {@code startServing}.
     */
    private static int configuredPort(ElectionContext ctx) {
        try {
            int p = ctx.config().getInt(SIGNALING_PORT_KEY, 0);
            return p > 0 && p <= 65535 ? p : 0;
        } catch (RuntimeException e) {
            log.warn("election: ignoring {}: {}", SIGNALING_PORT_KEY, e.getMessage());
            return 0;
        }
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
            log.info("election: {} ({}) discovering for {} ms, probing every {} ms", base.peerId(),
                    base.peerType(), settings.discoveryWait().toMillis(), settings.pollInterval().toMillis());
            if (ownPort == 0) {
                log.info("election: own signaling port unknown until first served; non-leader announcements "
                        + "are left to the runtime");
            }
            refreshPeers();
            sweep();
            phaseTimer = schedule(settings.discoveryWait(), () -> {
                if (state == State.DISCOVERING) {
                    beginElection("no live leader found by probing during the discovery wait", null);
                }
            });
            long poll = settings.pollInterval().toMillis();
            tickTimer = ctx.scheduler().scheduleWithFixedDelay(() -> post(this::tick), poll, poll,
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
            checkLeader("runtime: " + reason, 1);
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
                checkLeader("network changed", 1);
            } else if (state != State.CLOSED) {
                sweep();
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
            nextEpoch();
            cancel(phaseTimer);
            cancel(tickTimer);
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

    /** Every poll interval: re-read discovery, then probe according to the state. */
    private void tick() {
        pollDiscovery();
        switch (state) {
            case DISCOVERING, LEADER -> sweep();
            case CANDIDATE -> {
                sweep();
                maybeClaim();
            }
            case FOLLOWER -> {
                if (now() - lastLeaderCheckMillis >= settings.recheck().toMillis()) {
                    checkLeader("periodic check", 2);
                }
            }
            default -> { }
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
            case DISCOVERING, CANDIDATE, LEADER -> probePeer(p); // a new or changed record: probe it now
            case FOLLOWER -> onPeerWhileFollower(p);
            default -> { }
        }
    }

    private void onGone(PeerId id) {
        peers.remove(id);
        excluded.remove(id);
        lostThisTerm.remove(id);
        live.remove(id);
        if (state == State.FOLLOWER && id.equals(leader)) {
            log.info("election: leader {} withdrew its announcement; probing it", id);
            checkLeader("leader withdrew its announcement", 1);
        } else if (state == State.CANDIDATE && id.equals(awaited)) {
            log.info("election: awaited candidate {} left; choosing again in term {}", id, term);
            awaited = null;
            choose();
        } else if (state == State.CANDIDATE) {
            maybeClaim(); // we may have been waiting for this peer's probe or for the lost leader's record
        }
    }

    /** TXT changes are hints only: they make a follower probe its leader sooner, nothing more. */
    private void onPeerWhileFollower(DiscoveredPeer p) {
        Announcement a = p.announcement();
        if (a.peerId().equals(leader)) {
            InetSocketAddress ep = endpointOf(p);
            if (ep != null && !ep.equals(leaderEndpoint)) {
                log.info("election: leader {} announces a new endpoint {}; probing it", leader, ep);
                PeerId current = leader;
                long myEpoch = epoch;
                probe(ep, health -> {
                    if (state != State.FOLLOWER || epoch != myEpoch || !current.equals(leader)) {
                        return;
                    }
                    if (leads(current, health)) {
                        leaderEndpoint = ep;
                        noteLeaderTerm(health.get().term());
                        emit(new LeaderStatus(leader, false, term, leaderEndpoint));
                    } else {
                        checkLeader("leader moved to unverifiable endpoint " + ep, 1);
                    }
                });
                return;
            }
            if (a.claimsLeadership()) {
                noteLeaderTerm(a.term());
            } else if (a.leaderId() != null) {
                hint("leader " + leader + " now announces leader " + a.leaderId());
            }
            return;
        }
        // Someone runs an election at a higher term than ours without a leader: did our leader die?
        if (a.leaderId() == null && a.term() > leaderTerm) {
            hint(a.peerId() + " runs an election at term " + a.term());
        }
        // any other leader claim is ignored here: no pre-emption of a healthy leader
    }

    private void hint(String why) {
        long nowMs = now();
        if (nowMs - lastHintCheckMillis >= settings.recheck().toMillis()) {
            lastHintCheckMillis = nowMs;
            checkLeader(why, 1);
        }
    }

    // ------------------------------------------------------------------ probing

    /** Probes every known peer that has no probe of the current epoch in flight. */
    private void sweep() {
        for (DiscoveredPeer p : List.copyOf(peers.values())) {
            probePeer(p);
        }
    }

    private void probePeer(DiscoveredPeer p) {
        if (state != State.DISCOVERING && state != State.CANDIDATE && state != State.LEADER) {
            return;
        }
        PeerId id = p.announcement().peerId();
        Long running = inFlight.get(id);
        if (running != null && running == epoch) {
            return;
        }
        InetSocketAddress ep = endpointOf(p);
        if (ep == null) {
            probed.add(id); // cannot be probed (no port announced): it cannot be verified as leader either
            return;
        }
        long myEpoch = epoch;
        inFlight.put(id, myEpoch);
        probe(ep, health -> {
            if (Objects.equals(inFlight.get(id), myEpoch)) {
                inFlight.remove(id);
            }
            if (epoch != myEpoch) {
                return;
            }
            probed.add(id);
            if (leads(id, health)) {
                DiscoveredPeer rec = peers.getOrDefault(id, p);
                if (!live.containsKey(id)) {
                    log.info("election: probe of {} at {} answers: it leads term {}", id, ep, health.get().term());
                }
                live.put(id, new Found(rec, ep, health.get()));
            } else {
                if (health.isPresent()) {
                    log.debug("election: {} at {} answers for {}", id, ep, health.get().leaderId());
                }
                live.remove(id);
            }
            decide();
            maybeClaim();
        });
    }

    /** Acts on live leaders found in this epoch: follow (or, as leader, back down to) the best by priority. */
    private void decide() {
        if (live.isEmpty() || (state != State.DISCOVERING && state != State.CANDIDATE && state != State.LEADER)) {
            return;
        }
        Found best = null;
        for (Found f : live.values()) {
            if (best == null || f.priority().beats(best.priority())) {
                best = f;
            }
        }
        if (state == State.LEADER) {
            for (Found f : List.copyOf(live.values())) {
                if (!f.priority().beats(myPriority)) {
                    raiseAbove(f); // a worse duplicate: it will find us and back down
                }
            }
            if (!best.priority().beats(myPriority)) {
                return;
            }
        }
        // Wait for a pending probe of a better peer: it might lead too, and the best live leader wins.
        for (Map.Entry<PeerId, Long> e : inFlight.entrySet()) {
            DiscoveredPeer p = peers.get(e.getKey());
            if (e.getValue() == epoch && p != null && Priority.of(p.announcement()).beats(best.priority())) {
                return;
            }
        }
        if (state == State.LEADER) {
            log.info("election: duplicate leader {} has higher priority; backing down", best.id());
            safeStopServing("backing down to " + best.id());
            follow(best, "duplicate leader back-down");
        } else {
            follow(best, state == State.DISCOVERING ? "live leader found while discovering"
                    : "live leader found during election of term " + term);
        }
    }

    /**
     * Keeps this (surviving) leader's term above a worse duplicate's, so the loser's followers never see the
     * cluster term go down. One-directional: only the better leader raises, the worse one backs down, so
     * there is no term war.
     */
    private void raiseAbove(Found worse) {
        long t = worse.health().term();
        if (t < term) {
            return;
        }
        long newTerm = t + 1;
        InetSocketAddress ep;
        try {
            ep = ctx.leadership().startServing(newTerm);
        } catch (RuntimeException e) {
            log.warn("election: could not raise to term {} (keeping {}): {}", newTerm, term, e.toString());
            return;
        }
        log.info("election: worse duplicate leader {} at term {}; keeping the lead at term {}", worse.id(), t,
                newTerm);
        term = newTerm;
        leaderTerm = newTerm;
        leaderEndpoint = ep;
        ownPort = ep.getPort();
        ctx.discovery().announce(base.withLeader(base.peerId(), term, ownPort));
        status = new LeaderStatus(base.peerId(), true, term, ep);
    }

    /**
     * Probes the leader we follow; {@code missesNeeded} failed probes in a row mean it is lost and a new
     * election starts at once.
     */
    private void checkLeader(String why, int missesNeeded) {
        PeerId current = leader;
        InetSocketAddress ep = leaderEndpoint;
        if (state != State.FOLLOWER || current == null || ep == null) {
            return;
        }
        lastLeaderCheckMillis = now();
        long myEpoch = epoch;
        probe(ep, health -> {
            if (state != State.FOLLOWER || epoch != myEpoch || !current.equals(leader)) {
                return;
            }
            if (leads(current, health)) {
                leaderMisses = 0;
                noteLeaderTerm(health.get().term());
                log.debug("election: leader {} still answers ({})", current, why);
                return;
            }
            leaderMisses++;
            if (leaderMisses < missesNeeded) {
                log.info("election: leader {} did not answer ({}); {} of {} misses", current, why, leaderMisses,
                        missesNeeded);
                return;
            }
            log.warn("election: leader {} is gone ({}); new election without it as candidate", current, why);
            beginElection("leader " + current + " lost", current);
        });
    }

    // ------------------------------------------------------------------ transitions

    private void beginElection(String why, PeerId lost) {
        cancel(phaseTimer);
        nextEpoch();
        long maxSeen = peers.values().stream().mapToLong(p -> p.announcement().term()).max().orElse(0);
        term = Math.max(term, maxSeen) + 1;
        leader = null;
        leaderEndpoint = null;
        awaited = null;
        wantSelf = false;
        lostLeader = lost;
        lostAtMillis = now();
        lostThisTerm.clear();
        if (lost != null) {
            lostThisTerm.add(lost);
        }
        setState(State.CANDIDATE);
        log.info("election: term {} begins ({})", term, why);
        announce(base.withLeader(null, term, ownPort));
        emit(LeaderStatus.none(term));
        sweep();
        if (state == State.CANDIDATE) {
            choose();
        }
    }

    /** Picks the best non-excluded candidate: self (claimed by {@link #maybeClaim}) or a peer to await. */
    private void choose() {
        if (state != State.CANDIDATE) {
            return;
        }
        cancel(phaseTimer);
        DiscoveredPeer bestPeer = bestCandidate();
        if (bestPeer == null) {
            awaited = null;
            wantSelf = true;
            maybeClaim();
            return;
        }
        wantSelf = false;
        PeerId candidate = bestPeer.announcement().peerId();
        awaited = candidate;
        log.info("election: term {}: probing {} until it leads (up to {} ms)", term,
                candidate, settings.claimWait().toMillis());
        long myEpoch = epoch;
        phaseTimer = schedule(settings.claimWait(), () -> {
            if (state == State.CANDIDATE && epoch == myEpoch && candidate.equals(awaited)) {
                DiscoveredPeer p = peers.get(candidate);
                if (p != null) {
                    exclude(p, "did not answer a probe as leader within " + settings.claimWait().toMillis()
                            + " ms");
                }
                awaited = null;
                choose();
            }
        });
    }

    private DiscoveredPeer bestCandidate() {
        Priority best = myPriority;
        DiscoveredPeer bestPeer = null;
        for (DiscoveredPeer p : peers.values()) {
            Announcement a = p.announcement();
            if (excluded.containsKey(a.peerId()) || lostThisTerm.contains(a.peerId())) {
                continue;
            }
            Priority pr = Priority.of(a);
            if (pr.beats(best)) {
                best = pr;
                bestPeer = p;
            }
        }
        return bestPeer;
    }

    /**
     * Claims leadership if this node is the best candidate, every known peer was probed in this term and
     * none leads (a verified live leader is always preferred), and no recently lost leader may still return.
     */
    private void maybeClaim() {
        if (state != State.CANDIDATE || !wantSelf || !live.isEmpty()) {
            return;
        }
        if (bestCandidate() != null) {
            choose(); // a better candidate appeared or was reconsidered
            return;
        }
        for (PeerId id : peers.keySet()) {
            if (!probed.contains(id)) {
                return; // wait for a full probe round
            }
        }
        if (lostLeader != null && peers.containsKey(lostLeader)
                && now() - lostAtMillis < settings.lossConfirm().toMillis()) {
            // Only we may be cut off from it (a flapping follower): keep probing it briefly before taking over.
            return;
        }
        becomeLeader();
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
            wantSelf = false; // probing continues: a leader found meanwhile is followed
            long myEpoch = epoch;
            cancel(phaseTimer);
            phaseTimer = schedule(Duration.ofMillis(backoff), () -> {
                if (state == State.CANDIDATE && epoch == myEpoch) {
                    choose();
                }
            });
            return;
        }
        serveFailures = 0;
        cancel(phaseTimer);
        nextEpoch();
        awaited = null;
        wantSelf = false;
        leader = base.peerId();
        leaderTerm = term;
        leaderEndpoint = ep;
        ownPort = ep.getPort();
        setState(State.LEADER);
        log.info("election: {} leads term {} at {}", base.peerId(), term, ep);
        ctx.discovery().announce(base.withLeader(base.peerId(), term, ownPort));
        emit(new LeaderStatus(base.peerId(), true, term, ep));
        sweep(); // another node may have claimed meanwhile: duplicate detection starts now
    }

    private void follow(Found f, String why) {
        cancel(phaseTimer);
        PeerId id = f.id();
        nextEpoch();
        awaited = null;
        wantSelf = false;
        excluded.remove(id);
        lostThisTerm.remove(id);
        leader = id;
        leaderTerm = f.health().term();
        term = Math.max(term, leaderTerm);
        leaderEndpoint = f.endpoint();
        leaderMisses = 0;
        lastLeaderCheckMillis = now();
        setState(State.FOLLOWER);
        log.info("election: following {} (its term {}, ours {}): {}", leader, leaderTerm, term, why);
        // announce our (never decreasing) term, so peers do not drop the record as stale
        announce(base.withLeader(leader, term, ownPort));
        emit(new LeaderStatus(leader, false, term, leaderEndpoint));
    }

    private void noteLeaderTerm(long t) {
        if (t > leaderTerm) {
            leaderTerm = t;
            if (t > term) {
                term = t;
                announce(base.withLeader(leader, term, ownPort));
            }
            status = new LeaderStatus(leader, false, term, leaderEndpoint);
        }
    }

    private void safeStopServing(String reason) {
        try {
            ctx.leadership().stopServing(reason);
        } catch (RuntimeException e) {
            log.warn("election: stopServing failed", e);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Announces, unless our port is unknown: then the runtime's own announcement (with its port) stays. */
    private void announce(Announcement a) {
        if (a.signalingPort() == 0) {
            log.debug("election: not announcing {} (own signaling port unknown)", a);
            return;
        }
        try {
            ctx.discovery().announce(a);
        } catch (RuntimeException e) {
            log.warn("election: announce failed: {}", e.toString());
        }
    }

    private void nextEpoch() {
        epoch++;
        live.clear();
        probed.clear();
    }

    private static boolean leads(PeerId id, Optional<LeaderHealth> health) {
        return health.isPresent() && health.get().leaderId().equals(id);
    }

    private void exclude(DiscoveredPeer p, String why) {
        Announcement prev = excluded.put(p.announcement().peerId(), p.announcement());
        if (prev == null) {
            log.info("election: excluding {} as candidate: {}", p.announcement().peerId(), why);
        }
    }

    private void probe(InetSocketAddress ep, Consumer<Optional<LeaderHealth>> then) {
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
        peers.putAll(now);
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
