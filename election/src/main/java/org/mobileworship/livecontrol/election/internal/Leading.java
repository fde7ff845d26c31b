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
 * with better priority makes it stop serving and follow that leader; a worse one is told where this node leads
 * (a leader notice) and otherwise left alone (it will find this node and back down), but this node raises its own
 * term above the worse one's, once, so the loser's followers never see the term go down; likewise it adopts a
 * follower's higher term (a node that began an election at t+1 just before it found this leader).
 *
 * <p>After a partition heals, the worse leader must back down within one heartbeat interval (issue 16). So the
 * nodes that discovery no longer lists (remembered records, peers learnt through signaling) are probed each poll
 * like listed ones — a better leader hidden from mDNS is found within a probe timeout and a poll of the heal — and a
 * leader notice from a better node is probed at once even while an older probe of it (sent before the heal, hanging
 * until its timeout) is in flight.
 */
final class Leading extends SearchingRole {

    private InetSocketAddress endpoint;
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
        sweep(); // another node may have claimed meanwhile: duplicate detection starts now
    }

    @Override
    void peerGone(PeerId peer) {
        forget(peer);
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

    /**
     * Tells a worse duplicate where this node leads, at most once per probe timeout per node: the probe a notice
     * prompts has answered or failed by then, so a worse leader still serving means the notice or that probe was
     * lost (a loss burst), and waiting longer would keep two leaders past the heartbeat interval.
     */
    private void tell(LiveLeader worse) {
        long now = election.now();
        Long last = toldAt.get(worse.id());
        if (last == null || now - last >= election.settings().probeTimeout().toMillis()) {
            toldAt.put(worse.id(), now);
            BullyElection.log.info("election: telling worse duplicate leader {} at {} that {} leads term {}",
                    worse.id(), worse.endpoint(), election.self(), election.term());
            election.tellLeader(worse.endpoint());
        }
    }

    /**
     * A node says it leads with a better priority: probe it now, even if a probe of it is in flight — that one may
     * have been sent before the network healed and hang until its timeout, while the notice just came through.
     * Backing down still needs this probe's answer (a notice is not proof of life).
     */
    @Override
    void leaderNoticed(DiscoveredPeer p) {
        if (Priority.of(p.announcement()).beats(election.priority())) {
            probeFresh(election.peers().get(p.announcement().peerId()) != null
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
