package org.mobileworship.livecontrol.election.internal;

import java.util.List;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;

/**
 * The first role: for {@code discovery-wait}, probe every known peer each poll and follow a live leader at
 * once, whatever its TXT says; if none answers, start an election (after one more probe of any record that
 * claims leadership).
 */
final class Discovering extends SearchingRole {

    private boolean extended;

    Discovering(BullyElection election) {
        super(election);
    }

    @Override
    State state() {
        return State.DISCOVERING;
    }

    @Override
    void enter() {
        ElectionSettings s = election.settings();
        BullyElection.log.info("election: {} ({}) discovering for {} ms, probing every {} ms", election.self(),
                election.selfType(), s.discoveryWait().toMillis(), s.pollInterval().toMillis());
        if (election.ownPort() == 0) {
            BullyElection.log.info("election: own signaling port unknown until first served; non-leader "
                    + "announcements are left to the runtime");
        }
        election.refreshPeers();
        sweep();
        after(s.discoveryWait(), this::waitEnded);
    }

    /**
     * Starts the election, unless a listed record claims leadership that no probe of ours confirmed yet: a
     * node that began serving just now would otherwise see this node begin an election at its term + 1 and
     * then follow it with a higher term than its own. Those claims are probed once more first (the TXT is a
     * hint to probe, never proof), for at most a probe timeout and one poll.
     */
    private void waitEnded() {
        if (!extended) {
            List<DiscoveredPeer> claims = election.peers().all().stream()
                    .filter(p -> p.announcement().claimsLeadership()).toList();
            if (!claims.isEmpty()) {
                extended = true;
                BullyElection.log.info("election: {} claim(s) leadership in discovery; probing before electing",
                        claims.stream().map(p -> p.announcement().peerId()).toList());
                claims.forEach(this::probeAgain);
                ElectionSettings s = election.settings();
                after(s.probeTimeout().plus(s.pollInterval()), this::waitEnded);
                return;
            }
        }
        election.become(new Candidate(election, "no live leader found by probing during the discovery wait",
                null));
    }

    @Override
    void peerGone(PeerId peer) {
        forget(peer);
    }

    @Override
    void probed() {
        LiveLeader best = bestLive();
        if (best != null && !betterProbePending(best.priority())) {
            election.become(new Following(election, best, "live leader found while discovering"));
        }
    }
}
