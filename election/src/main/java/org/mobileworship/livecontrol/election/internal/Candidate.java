package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;

/**
 * An election of term <i>t</i> = max seen + 1. Keeps probing everyone each poll; a live leader found is
 * followed. Otherwise the best non-excluded candidate by priority serves: this node claims only after every
 * known peer was probed in this term and none leads (and, after losing a leader whose record is still
 * listed, not before {@code loss-confirm}); another node is awaited until it answers as leader or
 * {@code claim-wait} passes, then excluded and the choice made again.
 *
 * <p>Claiming calls {@code startServing} off the loop; while the claim is in flight this role makes no other
 * decision, so the result always finds it current (only {@code close()} ends it meanwhile, and that stops
 * serving itself).
 */
final class Candidate extends SearchingRole {

    private final String why;
    /** The leader whose loss started this term, if any, and when it was lost. */
    private final PeerId lostLeader;
    private long lostAtMillis;
    /**
     * Leaders lost in this term: not candidates of this term only. A leader that failed its probe may merely
     * have backed down (its TXT may never say so), so it is a candidate again in the next election.
     */
    private final Set<PeerId> lostThisTerm = new HashSet<>();
    /** The better candidate this node waits for, if any. */
    private PeerId awaited;
    /** The best candidate is this node: claim once a full probe round found no live leader. */
    private boolean wantSelf;
    private boolean claiming;
    /** Claim-wait or serve-retry timer. */
    private ScheduledFuture<?> phaseTimer;
    /** Fast re-probes of the awaited candidate still allowed ({@link #reprobeAwaitedSoon}). */
    private int fastProbesLeft;
    private ScheduledFuture<?> fastProbeTimer;

    /**
     * How many times a newly awaited candidate is re-probed a fifth of a poll interval after a probe found it not
     * leading yet (default 10 × 50 ms: the first half second), before only the poll's probes remain. Nodes that
     * power on together end their discovery waits within moments of each other, and the awaited one serves
     * ≈50 ms after its own wait ended (binding the port, starting Jetty): the awaiting node followed it only at
     * its next poll, up to 250 ms later, which was a sixth of a cold start (benchmarks/README.md, "Cold
     * start"). Bounded, so a candidate that never claims costs ten probes per waiting node, not twenty a second.
     */
    static final int AWAIT_FAST_PROBES = 10;

    /**
     * When the loss was first suspected: the runtime reported the leader unreachable (its signaling connection
     * heard nothing for {@code heartbeat.misses × heartbeat.interval}) and the follower's probe that followed
     * failed too; null otherwise. Then {@code loss-confirm} counts from that report (the follower has been
     * trying to reach the leader since), and that failed probe counts as the lost leader's probe of this term
     * (a fresh one still runs; a leader that answers before the claim is followed), also when a live leader is
     * found: it is followed without waiting for the lost leader's fresh probe.
     */
    private final Long suspectedAtMillis;

    Candidate(BullyElection election, String why, PeerId lostLeader) {
        this(election, why, lostLeader, null);
    }

    Candidate(BullyElection election, String why, PeerId lostLeader, Long suspectedAtMillis) {
        super(election);
        this.why = why;
        this.lostLeader = lostLeader;
        this.suspectedAtMillis = lostLeader != null ? suspectedAtMillis : null;
        if (lostLeader != null) {
            lostThisTerm.add(lostLeader);
        }
    }

    @Override
    State state() {
        return State.CANDIDATE;
    }

    @Override
    void enter() {
        long term = Math.max(election.term(), election.peers().maxTerm()) + 1;
        election.setTerm(term);
        lostAtMillis = suspectedAtMillis != null ? suspectedAtMillis : election.now();
        if (suspectedAtMillis != null) {
            markProbed(lostLeader);
        }
        BullyElection.log.info("election: term {} begins ({}{})", term, why, suspectedAtMillis != null
                ? "; the runtime's heartbeats and a probe failed, " + (election.now() - suspectedAtMillis)
                + " ms ago first" : "");
        election.announce(election.base().withLeader(null, term, election.ownPort()));
        election.emit(LeaderStatus.none(term));
        sweep();
        choose();
    }

    @Override
    void tick() {
        sweep();
        maybeClaim();
    }

    /** A leader whose loss the runtime and a probe confirmed is not awaited again before following another. */
    @Override
    boolean pendingProbeMayBeIgnored(PeerId id) {
        return suspectedAtMillis != null && id.equals(lostLeader);
    }

    @Override
    void peerGone(PeerId id) {
        lostThisTerm.remove(id);
        forget(id);
        if (claiming) {
            return;
        }
        if (id.equals(awaited)) {
            BullyElection.log.info("election: awaited candidate {} left; choosing again in term {}", id,
                    election.term());
            awaited = null;
            choose();
        } else {
            maybeClaim(); // we may have been waiting for this peer's probe or for the lost leader's record
        }
    }

    @Override
    void probed() {
        if (claiming) {
            return;
        }
        LiveLeader best = bestLive();
        if (best != null && !betterProbePending(best.priority())) {
            election.become(new Following(election, best,
                    "live leader found during election of term " + election.term()));
            return;
        }
        maybeClaim();
        reprobeAwaitedSoon();
    }

    /**
     * Probes the awaited candidate again a fifth of a poll interval from now, while it has not been found leading,
     * no probe of it is in flight and fast probes are left ({@link #AWAIT_FAST_PROBES}). Only the timing of a
     * probe changes: what is followed, and when this node claims, is decided as before.
     */
    private void reprobeAwaitedSoon() {
        PeerId target = awaited;
        if (!active() || claiming || target == null || fastProbesLeft <= 0 || fastProbeTimer != null
                || probeInFlight(target) || foundAnyLeader()) {
            return;
        }
        fastProbesLeft--;
        fastProbeTimer = after(election.settings().pollInterval().dividedBy(5), () -> {
            fastProbeTimer = null;
            DiscoveredPeer p = election.peers().get(target);
            if (target.equals(awaited) && p != null) {
                probePeer(p); // its answer comes back through probed(), which may schedule the next one
            }
        });
    }

    /** Picks the best non-excluded candidate: self (claimed by {@link #maybeClaim}) or a peer to await. */
    private void choose() {
        if (!active() || claiming) {
            return;
        }
        cancelPhaseTimer();
        DiscoveredPeer bestPeer = bestOther();
        if (bestPeer == null) {
            awaited = null;
            wantSelf = true;
            maybeClaim();
            return;
        }
        wantSelf = false;
        PeerId candidate = bestPeer.announcement().peerId();
        if (!candidate.equals(awaited)) {
            fastProbesLeft = AWAIT_FAST_PROBES;
        }
        awaited = candidate;
        Duration claimWait = election.settings().claimWait();
        BullyElection.log.info("election: term {}: probing {} until it leads (up to {} ms)", election.term(),
                candidate, claimWait.toMillis());
        phaseTimer = after(claimWait, () -> {
            if (candidate.equals(awaited)) {
                DiscoveredPeer p = election.peers().get(candidate);
                if (p != null) {
                    election.peers().exclude(p, "did not answer a probe as leader within " + claimWait.toMillis()
                            + " ms");
                }
                awaited = null;
                choose();
            }
        });
    }

    private DiscoveredPeer bestOther() {
        return election.peers().bestCandidate(election.priority(), lostThisTerm);
    }

    /**
     * Claims leadership if this node is the best candidate, every known peer was probed in this term and
     * none leads (a verified live leader is always preferred), and no recently lost leader may still return.
     */
    private void maybeClaim() {
        if (!active() || claiming || !wantSelf || foundAnyLeader()) {
            return;
        }
        if (bestOther() != null) {
            choose(); // a better candidate appeared or was reconsidered
            return;
        }
        for (PeerId id : election.peers().ids()) {
            if (!wasProbed(id)) {
                return; // wait for a full probe round
            }
        }
        for (DiscoveredPeer p : election.peers().rememberedUnlisted()) {
            if (!wasProbed(p.announcement().peerId())) {
                return; // a node mDNS lost may still lead: hear from it first
            }
        }
        if (lostLeader != null && election.peers().contains(lostLeader)
                && election.now() - lostAtMillis < election.settings().lossConfirm().toMillis()) {
            // Only we may be cut off from it (a flapping follower): keep probing it briefly before taking over.
            return;
        }
        claiming = true;
        long term = election.term();
        election.serve(this, term, this::served, this::serveFailed);
    }

    private void served(InetSocketAddress endpoint) {
        election.serveSucceeded();
        election.become(new Leading(election, endpoint));
    }

    private void serveFailed(RuntimeException e) {
        claiming = false;
        long backoff = election.serveFailed();
        BullyElection.log.warn("election: cannot serve signaling for term {} ({}); not claiming, retry in {} ms",
                election.term(), e.getMessage(), backoff);
        wantSelf = false; // probing continues: a leader found meanwhile is followed
        cancelPhaseTimer();
        phaseTimer = after(Duration.ofMillis(backoff), this::choose);
    }

    private void cancelPhaseTimer() {
        if (phaseTimer != null) {
            phaseTimer.cancel(false);
            phaseTimer = null;
        }
    }

    @Override
    public String toString() {
        return "CANDIDATE(term " + election.term() + (awaited != null ? ", awaiting " + awaited : "")
                + (claiming ? ", claiming" : "") + ")";
    }
}
