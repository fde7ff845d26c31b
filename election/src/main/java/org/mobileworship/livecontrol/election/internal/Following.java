package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.election.Priority;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;

/**
 * This node follows a verified leader. It re-probes the leader every {@code recheck-interval} (two misses in
 * a row = lost); a runtime report, the leader's record withdrawn, a network change, or a TXT hint (the
 * leader's record names another leader, a peer runs an election at a higher term; rate-limited) probe it at
 * once, and one failed probe then means lost: a new election starts immediately without it as candidate.
 * TXT claims of other leaders are ignored; but every {@code recheck-interval} it probes the known nodes that
 * beat its leader and moves to one that answers as leader (two leaders: the better one wins).
 */
final class Following extends Role {

    private final PeerId leader;
    private final Priority leaderPriority;
    /** Better nodes with a probe of this role in flight. */
    private final java.util.Set<PeerId> probingBetter = new java.util.HashSet<>();
    private long lastBetterProbeMillis;
    private final String why;
    private long leaderTerm;
    private InetSocketAddress leaderEndpoint;
    private int leaderMisses;
    private long lastLeaderCheckMillis;
    /**
     * When a probe started on the runtime's suspicion (its signaling connection silent for all but the last
     * heartbeat interval) failed, if no probe has answered since; null otherwise. When the runtime then reports
     * the leader unreachable, that probe is the confirming one: the candidate starts at once instead of one more
     * probe timeout later (a leader that lost power answers nothing; probes of it fail only by timing out).
     */
    private Long suspicionConfirmedAtMillis;

    Following(BullyElection election, LiveLeader found, String why) {
        super(election);
        this.leader = found.id();
        this.leaderPriority = found.priority();
        this.leaderTerm = found.health().term();
        this.leaderEndpoint = found.endpoint();
        this.why = why;
    }

    @Override
    State state() {
        return State.FOLLOWER;
    }

    PeerId leader() {
        return leader;
    }

    @Override
    void enter() {
        election.peers().unexclude(leader);
        election.setTerm(Math.max(election.term(), leaderTerm));
        lastLeaderCheckMillis = election.now();
        lastBetterProbeMillis = election.now();
        BullyElection.log.info("election: following {} (its term {}, ours {}): {}", leader, leaderTerm,
                election.term(), why);
        // announce our (never decreasing) term, so peers do not drop the record as stale
        election.announce(election.base().withLeader(leader, election.term(), election.ownPort()));
        election.emit(new LeaderStatus(leader, false, election.term(), leaderEndpoint));
    }

    @Override
    void tick() {
        long recheck = election.settings().recheck().toMillis();
        if (election.now() - lastLeaderCheckMillis >= recheck) {
            checkLeader("periodic check", 2);
        }
        if (active() && election.now() - lastBetterProbeMillis >= recheck) {
            lastBetterProbeMillis = election.now();
            probeBetterNodes();
        }
    }

    /**
     * Probes the known nodes (listed or remembered) that beat this node's leader: if one of them leads too,
     * there are two leaders, and this node moves to the better one at once rather than wait for the worse
     * leader to find it (it may never see it in mDNS). Not pre-emption: only a node already serving is
     * followed.
     */
    private void probeBetterNodes() {
        for (DiscoveredPeer p : election.peers().knownBetterThan(leaderPriority)) {
            PeerId id = p.announcement().peerId();
            InetSocketAddress ep = PeerTable.endpointOf(p);
            if (id.equals(leader) || ep == null || !probingBetter.add(id)) {
                continue;
            }
            probe(ep, health -> {
                probingBetter.remove(id);
                if (SearchingRole.leads(id, health)) {
                    BullyElection.log.info("election: {} at {} leads too and beats our leader {}; moving to it", id,
                            ep, leader);
                    election.become(new Following(election, new LiveLeader(p, ep, health.get()),
                            "better live leader than " + leader));
                }
            });
        }
    }

    @Override
    void leaderUnreachable(PeerId reported, String reason) {
        if (!leader.equals(reported)) {
            super.leaderUnreachable(reported, reason);
            return;
        }
        // a suspicion older than a recheck interval is stale: frames may have resumed since (the election does not
        // see them), and the next periodic check would have cleared it
        if (suspicionConfirmedAtMillis != null
                && election.now() - suspicionConfirmedAtMillis <= election.settings().recheck().toMillis()) {
            BullyElection.log.warn("election: leader {} is gone (runtime: {}; it did not answer the probe made {} ms"
                    + " ago on the runtime's suspicion); new election without it as candidate", leader, reason,
                    election.now() - suspicionConfirmedAtMillis);
            election.become(new Candidate(election, "leader " + leader + " lost", leader, suspicionConfirmedAtMillis));
            return;
        }
        BullyElection.log.info("election: runtime reports leader {} unreachable ({}); probing it", reported, reason);
        checkLeader("runtime: " + reason, 1, true);
    }

    @Override
    void leaderSuspected(PeerId reported, String reason) {
        if (!leader.equals(reported)) {
            return;
        }
        long startedAt = election.now();
        BullyElection.log.info("election: runtime suspects leader {} ({}); probing it", leader, reason);
        probe(leaderEndpoint, health -> {
            if (SearchingRole.leads(leader, health)) {
                suspicionConfirmedAtMillis = null;
                noteLeaderTerm(health.get().term());
                return;
            }
            // not lost yet: only the runtime's report (the whole heartbeat budget silent) makes it a loss
            BullyElection.log.info("election: suspected leader {} did not answer a probe either", leader);
            suspicionConfirmedAtMillis = startedAt;
        });
    }

    @Override
    void peerGone(PeerId peer) {
        if (peer.equals(leader)) {
            BullyElection.log.info("election: leader {} withdrew its announcement; probing it", peer);
            checkLeader("leader withdrew its announcement", 1);
        }
    }

    @Override
    void networkChanged() {
        checkLeader("network changed", 1);
    }

    /** TXT changes are hints only: they make a follower probe its leader sooner, nothing more. */
    @Override
    void peerChanged(DiscoveredPeer p) {
        Announcement a = p.announcement();
        if (a.peerId().equals(leader)) {
            InetSocketAddress ep = PeerTable.endpointOf(p);
            if (ep != null && !ep.equals(leaderEndpoint)) {
                BullyElection.log.info("election: leader {} announces a new endpoint {}; probing it", leader, ep);
                probe(ep, health -> {
                    if (SearchingRole.leads(leader, health)) {
                        leaderEndpoint = ep;
                        noteLeaderTerm(health.get().term());
                        election.emit(new LeaderStatus(leader, false, election.term(), leaderEndpoint));
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
    }

    private void hint(String reason) {
        if (election.hintAllowed()) {
            checkLeader(reason, 1);
        }
    }

    /** Probes the leader; {@code missesNeeded} failed probes in a row mean it is lost. */
    private void checkLeader(String reason, int missesNeeded) {
        checkLeader(reason, missesNeeded, false);
    }

    /**
     * @param runtimeLostIt the runtime reported the leader unreachable (its signaling connection heard nothing
     *                      for {@code heartbeat.misses × heartbeat.interval}): if this probe fails too, the
     *                      candidate counts {@code loss-confirm} from now (see {@link Candidate})
     */
    private void checkLeader(String reason, int missesNeeded, boolean runtimeLostIt) {
        long checkedAt = election.now();
        lastLeaderCheckMillis = checkedAt;
        probe(leaderEndpoint, health -> {
            if (SearchingRole.leads(leader, health)) {
                leaderMisses = 0;
                suspicionConfirmedAtMillis = null;
                noteLeaderTerm(health.get().term());
                BullyElection.log.debug("election: leader {} still answers ({})", leader, reason);
                return;
            }
            leaderMisses++;
            if (leaderMisses < missesNeeded) {
                BullyElection.log.info("election: leader {} did not answer ({}); {} of {} misses", leader, reason,
                        leaderMisses, missesNeeded);
                return;
            }
            BullyElection.log.warn("election: leader {} is gone ({}); new election without it as candidate",
                    leader, reason);
            election.become(new Candidate(election, "leader " + leader + " lost", leader,
                    runtimeLostIt ? Long.valueOf(checkedAt) : null));
        });
    }

    private void noteLeaderTerm(long t) {
        if (t > leaderTerm) {
            leaderTerm = t;
            if (t > election.term()) {
                election.setTerm(t);
                election.announce(election.base().withLeader(leader, t, election.ownPort()));
            }
            election.setStatus(new LeaderStatus(leader, false, election.term(), leaderEndpoint));
        }
    }

    @Override
    public String toString() {
        return "FOLLOWER(of " + leader + ", term " + leaderTerm + ")";
    }
}
