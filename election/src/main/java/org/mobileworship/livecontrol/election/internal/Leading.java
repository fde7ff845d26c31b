package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.election.Priority;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;

/**
 * This node serves signaling. It keeps probing every peer each poll to find duplicate leaders: a live leader
 * with better priority makes it stop serving and follow that leader; a worse one is left alone (it will find
 * this node and back down), but this node raises its own term above the worse one's, once, so the loser's
 * followers never see the term go down; likewise it adopts a follower's higher term (a node that began an
 * election at t+1 just before it found this leader). Better nodes that discovery no longer lists (remembered records) are
 * probed every {@code recheck-interval}: a better leader hidden from mDNS still makes this one back down.
 */
final class Leading extends SearchingRole {

    private InetSocketAddress endpoint;
    private long lastRememberedProbeMillis;
    /** The term a raise above a worse duplicate is in flight for (0: none), so it is asked for only once. */
    private long raisingTo;
    /** When each worse duplicate leader was last told about this one (fake-time millis). */
    private final java.util.Map<PeerId, Long> toldAt = new java.util.HashMap<>();

    Leading(BullyElection election, InetSocketAddress endpoint) {
        super(election);
        this.endpoint = endpoint;
    }

    @Override
    State state() {
        return State.LEADER;
    }

    @Override
    void enter() {
        long term = election.term();
        election.setOwnPort(endpoint.getPort());
        BullyElection.log.info("election: {} leads term {} at {}", election.self(), term, endpoint);
        election.announce(election.base().withLeader(election.self(), term, election.ownPort()));
        election.emit(new LeaderStatus(election.self(), true, term, endpoint));
        lastRememberedProbeMillis = election.now() - election.settings().recheck().toMillis();
        sweep(); // another node may have claimed meanwhile: duplicate detection starts now
    }

    @Override
    void peerGone(PeerId peer) {
        forget(peer);
    }

    /** Listed peers every poll; better nodes that mDNS no longer lists every recheck interval. */
    @Override
    boolean probesRememberedEachPoll() {
        return false;
    }

    @Override
    void tick() {
        sweep();
        long now = election.now();
        if (now - lastRememberedProbeMillis >= election.settings().recheck().toMillis()) {
            lastRememberedProbeMillis = now;
            // A better leader this node cannot see in mDNS any more must still make it back down.
            for (DiscoveredPeer p : election.peers().rememberedUnlisted()) {
                if (Priority.of(p.announcement()).beats(election.priority())) {
                    probePeer(p);
                }
            }
        }
    }

    @Override
    void probed() {
        LiveLeader best = bestLive();
        if (best == null) {
            return;
        }
        for (LiveLeader f : liveLeaders()) {
            if (!f.priority().beats(election.priority())) {
                raiseAbove(f);
                tell(f); // a worse duplicate: it backs down once it probes us, even if it cannot see our record
            }
        }
        if (!best.priority().beats(election.priority()) || betterProbePending(best.priority())) {
            return;
        }
        BullyElection.log.info("election: duplicate leader {} has higher priority; backing down", best.id());
        election.stopServing("backing down to " + best.id());
        election.become(new Following(election, best, "duplicate leader back-down"));
    }

    /** Tells a worse duplicate where this node leads, at most once per recheck interval per node. */
    private void tell(LiveLeader worse) {
        long now = election.now();
        Long last = toldAt.get(worse.id());
        if (last == null || now - last >= election.settings().recheck().toMillis()) {
            toldAt.put(worse.id(), now);
            BullyElection.log.info("election: telling worse duplicate leader {} at {} that {} leads term {}",
                    worse.id(), worse.endpoint(), election.self(), election.term());
            election.tellLeader(worse.endpoint());
        }
    }

    /** A node says it leads with a better priority: probe it now instead of at the next recheck. */
    @Override
    void leaderNoticed(DiscoveredPeer p) {
        if (Priority.of(p.announcement()).beats(election.priority())) {
            probePeer(election.peers().get(p.announcement().peerId()) != null
                    ? election.peers().get(p.announcement().peerId()) : p);
        }
    }

    /** A follower's record at a higher term than ours (it elected at t+1, then found us): adopt its term. */
    @Override
    void peerChanged(DiscoveredPeer p) {
        super.peerChanged(p);
        Announcement a = p.announcement();
        if (election.self().equals(a.leaderId()) && a.term() > election.term()) {
            raiseTo(a.term(), "follower " + a.peerId() + " announces term " + a.term());
        }
    }

    /**
     * Keeps this (surviving) leader's term above a worse duplicate's. One-directional: only the better leader
     * raises, the worse one backs down, so there is no term war.
     */
    private void raiseAbove(LiveLeader worse) {
        long t = worse.health().term();
        if (t >= election.term()) {
            raiseTo(t + 1, "worse duplicate leader " + worse.id() + " at term " + t);
        }
    }

    /** Serves at {@code newTerm} (off the loop), then announces it; asked for once per term. */
    private void raiseTo(long newTerm, String why) {
        if (newTerm <= election.term() || raisingTo >= newTerm) {
            return;
        }
        raisingTo = newTerm;
        election.serve(this, newTerm, ep -> {
            raisingTo = 0;
            if (newTerm <= election.term()) {
                return;
            }
            BullyElection.log.info("election: {}; keeping the lead at term {}", why, newTerm);
            election.setTerm(newTerm);
            endpoint = ep;
            election.setOwnPort(ep.getPort());
            election.announce(election.base().withLeader(election.self(), newTerm, election.ownPort()));
            election.setStatus(new LeaderStatus(election.self(), true, newTerm, ep));
        }, e -> {
            raisingTo = 0;
            BullyElection.log.warn("election: could not raise to term {} (keeping {}): {}", newTerm,
                    election.term(), e.toString());
        });
    }
}
